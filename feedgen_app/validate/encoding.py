"""The document's bytes against its encoding declaration and byte-order mark (XML 1.0 §4.3.3).

`decode` reads the bytes the way XML 1.0 says a parser must: the byte-order mark first, then
the encoding declaration, else UTF-8. What it finds wrong becomes findings; the text it returns
(undecodable bytes replaced by U+FFFD) lets the other rules run anyway.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from typing import Final

from .findings import Finding, finding

_BYTE_ORDER_MARKS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# XML 1.0 Appendix F: how "<?" starts in each encoding when there is no byte-order mark.
_WIDE_STARTS: Final = (
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<\x00?", "utf-16-be"),
    (b"<\x00?\x00", "utf-16-le"),
)
_DECLARATION: Final = re.compile(
    r"""<\?xml\s+version\s*=\s*(["'])[^"']*\1(?P<attribute>\s+encoding\s*=\s*(["'])"""
    r"""(?P<name>[^"']*)\3)?"""
)
_ENCODING_NAME: Final = re.compile(r"[A-Za-z][A-Za-z0-9._-]*")  # XML 1.0 EncName
_WITHOUT_MARK: Final = frozenset(codec for _, codec in _WIDE_STARTS)


@dataclass
class Decoded:
    """The document as text, and what was wrong with its encoding."""

    text: str
    findings: list[Finding] = field(default_factory=list)


def decode(data: bytes) -> Decoded:
    """The document's text, read as XML 1.0 §4.3.3 and Appendix F say, with findings."""
    sniffed = _sniff(data)
    head = data[:1024].decode(sniffed or "utf-8", errors="replace")
    declaration = _DECLARATION.match(head)
    declared = declaration["name"] if declaration and declaration["name"] is not None else None
    if declared is None:
        return _decode_undeclared(data, sniffed)
    codec = _text_codec(declared)
    if codec is None:
        message = (
            f'the encoding declaration names "{declared}", which is not an encoding '
            'XML documents can be in (use UTF-8 and declare it as encoding="utf-8")'
        )
        text = _lenient(data, sniffed or "utf-8")
        return Decoded(text, [finding("xml-encoding-unknown", message, 1, 1)])
    return _decode_declared(data, sniffed, declared, codec)


def _text_codec(name: str) -> str | None:
    """Python's name for the encoding `name`, None unless it can encode an XML document."""
    if not _ENCODING_NAME.fullmatch(name):
        return None
    try:
        codec = codecs.lookup(name).name
        readable = _family(codec) in {"utf-16", "utf-32"} or b"<?xml".decode(codec) == "<?xml"
    except (LookupError, ValueError):
        return None
    return codec if readable else None


def strip_declared_encoding(text: str) -> str:
    """`text` without its encoding declaration's value (blanked, so positions stay)."""
    declaration = _DECLARATION.match(text)
    if declaration is None or declaration["attribute"] is None:
        return text
    start, end = declaration.span("attribute")
    return text[:start] + " " * (end - start) + text[end:]


def _sniff(data: bytes) -> str | None:
    """The codec a byte-order mark or a UTF-16/32 "<?" names; None for ASCII-like bytes."""
    for mark, codec in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return codec
    for start, codec in _WIDE_STARTS:
        if data.startswith(start):
            return codec
    return None


def _family(codec: str) -> str:
    """utf-8, utf-16 or utf-32 for the Unicode codecs (any byte order), else the codec."""
    return next((name for name in ("utf-8", "utf-16", "utf-32") if codec.startswith(name)), codec)


def _decode_declared(data: bytes, sniffed: str | None, declared: str, codec: str) -> Decoded:
    """Read bytes whose declaration names `declared` (codec `codec`)."""
    if sniffed is not None and _family(sniffed) != _family(codec):
        message = (
            f"the bytes are {_family(sniffed).upper()} (by their byte-order mark or first "
            f'characters) but the declaration says encoding="{declared}"; make them agree'
        )
        text = _lenient(data, sniffed)
        return Decoded(text, [finding("xml-encoding-mismatch", message, 1, 1)])
    if sniffed is None and _family(codec) in {"utf-16", "utf-32"}:
        message = (
            f'the declaration says encoding="{declared}", but the bytes are not {declared} '
            "(it would start with a byte-order mark); declare the encoding the file is saved in"
        )
        text = _lenient(data, "utf-8")
        return Decoded(text, [finding("xml-encoding-mismatch", message, 1, 1)])
    decoded = _decode(data, sniffed or codec, "xml-encoding-mismatch", declared)
    if not decoded.findings and _family(codec) != "utf-8":
        decoded.findings.extend(_looks_like_utf8(data, declared))
    return decoded


def _decode_undeclared(data: bytes, sniffed: str | None) -> Decoded:
    """Read bytes without an encoding declaration: the byte-order mark's encoding, else UTF-8."""
    if sniffed in _WITHOUT_MARK:
        message = (
            f"the bytes are {_family(sniffed).upper()} without a byte-order mark or an encoding "
            "declaration; save the file as UTF-8, or declare its encoding"
        )
        text = _lenient(data, sniffed)
        return Decoded(text, [finding("xml-encoding-missing", message, 1, 1)])
    return _decode(data, sniffed or "utf-8", "xml-encoding-missing", None)


def _decode(data: bytes, codec: str, rule: str, declared: str | None) -> Decoded:
    """Decode `data`; bytes that are not `codec` make one `rule` finding and become U+FFFD."""
    try:
        return Decoded(data.decode(codec))
    except UnicodeDecodeError as error:
        before = _lenient(data[: error.start], codec)
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        bad = data[error.start : error.end].hex(" ").upper()
        return Decoded(
            _lenient(data, codec), [finding(rule, _message(bad, declared), line, column)]
        )
    except UnicodeError as error:  # codecs such as idna fail without saying where
        message = f"the bytes are not {declared or codec}: {error}"
        return Decoded(_lenient(data, "utf-8"), [finding(rule, message, 1, 1)])


def _lenient(data: bytes, codec: str) -> str:
    """`data` decoded with U+FFFD for what is not `codec`; as UTF-8 if the codec cannot."""
    try:
        return data.decode(codec, errors="replace")
    except UnicodeError:
        return data.decode("utf-8", errors="replace")


def _message(bad: str, declared: str | None) -> str:
    """Why bytes `bad` are wrong: not the declared encoding, or not UTF-8 without a declaration."""
    if declared is None:
        return (
            f"byte {bad} is not UTF-8, and without an encoding declaration the document "
            "must be UTF-8; save it as UTF-8, or declare its encoding, e.g. "
            '<?xml version="1.0" encoding="windows-1252"?>'
        )
    return (
        f"byte {bad} is not {declared}, the encoding the declaration names; declare the "
        "encoding the file is saved in, or save it as UTF-8"
    )


def _looks_like_utf8(data: bytes, declared: str) -> list[Finding]:
    """A warning when bytes declared as another encoding are UTF-8 with non-ASCII characters."""
    if data.isascii():
        return []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return []
    offset = next(index for index, char in enumerate(text) if not char.isascii())
    before = text[:offset]
    line = before.count("\n") + 1
    column = offset - (before.rfind("\n") + 1) + 1
    char = text[offset]
    shown = _lenient(char.encode("utf-8"), declared)
    message = (
        f'the declaration says encoding="{declared}", but the bytes are UTF-8: "{char}" will '
        f'show as "{shown}"; declare encoding="utf-8"'
    )
    return [finding("xml-encoding-suspect", message, line, column)]
