"""Article bytes to text: size limit, binary files, UTF-8 (with or without BOM), UTF-16 with a
BOM, line ends, characters XML forbids. Every refusal names the file and says what to do.

Saved web pages (`decode_html`) may be in the encoding their `<meta charset>` declares."""

from __future__ import annotations

import codecs
import os
import re
import stat
from pathlib import Path

from feedgen_app.content.xmlchars import describe_removal, first_forbidden, remove_forbidden
from feedgen_app.errors import Problem, SourceRef, fail, warning

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_BINARY_SNIFF_BYTES = 8192
_BOMS = (codecs.BOM_UTF8, *_UTF16_BOMS)
_PRESCAN_BYTES = 1024
"""How far browsers look for `<meta charset>` (HTML Living Standard, "prescan a byte stream")."""
_DECLARATION = re.compile(
    rb"<meta\s[^>]*?charset\s*=\s*[\"']?\s*(?P<meta>[A-Za-z0-9_.:-]+)"
    rb"|^\s*<\?xml\s[^>]*?encoding\s*=\s*[\"'](?P<xml>[A-Za-z0-9_.:-]+)",
    re.IGNORECASE,
)
# The WHATWG Encoding Standard decodes these labels as windows-1252, as every browser does.
# A page that declares UTF-16 in ASCII bytes is UTF-8 (real UTF-16 has a byte-order mark).
_WHATWG_ALIASES = {
    **dict.fromkeys(("iso-8859-1", "iso8859-1", "latin1", "l1", "ascii", "us-ascii"), "cp1252"),
    **dict.fromkeys(("utf-16", "utf-16le", "utf-16be"), "utf-8"),
}


def read_bytes(path: str | Path, ref: SourceRef, max_size: int) -> bytes:
    """The bytes of a regular file. Opened without blocking, so a named pipe put where an
    article was can never hang the build: it is refused. (Plain descriptors, no file object:
    a first build reads 100,000 files.)"""
    return read_stated(path, ref, max_size)[0]


def read_stated(path: str | Path, ref: SourceRef, max_size: int) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file (`read_bytes`) and its state as it was opened, before it
    was read (`fstat`)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise fail(ref, f"cannot read the file: {exc.strerror}") from exc
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise fail(ref, "not a regular file (a named pipe, socket or device is never read)")
        size = status.st_size
        if size > max_size:
            message = f"the file is {size:,} bytes, over the limit of {max_size:,}"
            raise fail(ref, f"{message} (setting max_file_size)")
        return _read_all(descriptor, size), status
    except OSError as exc:
        raise fail(ref, f"cannot read the file: {exc.strerror}") from exc
    finally:
        os.close(descriptor)


def _read_all(descriptor: int, size: int) -> bytes:
    """Everything up to the end (a file can grow while it is read)."""
    data = os.read(descriptor, size + 1)
    if len(data) <= size:
        return data
    chunks = [data]
    while chunk := os.read(descriptor, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def decode_text(data: bytes, ref: SourceRef) -> tuple[str, tuple[Problem, ...]]:
    """`data` as text with LF line ends and without XML-forbidden characters, plus warnings."""
    text = _decode(data, ref)
    if data.startswith(_UTF16_BOMS) or not _surely_allowed(data):
        return _clean(text, ref)
    return _clean_lines(text, ref), ()


def decode_html(data: bytes, ref: SourceRef) -> tuple[str, tuple[Problem, ...]]:
    """A saved page's text: decoded as its byte-order mark, else its `<meta charset>` (or XML
    declaration), else UTF-8 says; then as `decode_text`."""
    declared = None if data.startswith(_BOMS) else declared_encoding(data)
    if declared is None:
        return decode_text(data, ref)
    label, line = declared
    try:
        codec = codecs.lookup(_WHATWG_ALIASES.get(label.lower(), label)).name
    except LookupError:
        message = f"unknown encoding {label!r} in <meta charset> (e.g. utf-8, windows-1252)"
        raise fail(ref.at(line), message) from None
    try:
        return _clean(data.decode(codec), ref)
    except UnicodeDecodeError as exc:
        bad = data.count(b"\n", 0, exc.start) + 1
        message = f"not valid {label} (byte 0x{data[exc.start]:02x}), the encoding it declares"
        raise fail(ref.at(bad), f"{message}; fix <meta charset> or save the page again") from exc


def declared_encoding(data: bytes) -> tuple[str, int] | None:
    """(label, line) of the encoding declared in the first 1024 bytes, as browsers look for it."""
    match = _DECLARATION.search(data[:_PRESCAN_BYTES])
    if match is None:
        return None
    label = (match["meta"] or match["xml"]).decode("ascii")
    return label, data.count(b"\n", 0, match.start()) + 1


def _surely_allowed(utf8: bytes) -> bool:
    """True when UTF-8 bytes hold no character `xmlchars` forbids: no C0 control but tab, LF
    and CR (one byte each), no C1 control (C2 80 to C2 9F) and no U+FFFE/FFFF (EF BF BE/BF).
    Cheaper than searching the decoded text; bytes it is unsure of leave that to the search."""
    if utf8.translate(None, _NOT_CONTROL):
        return False
    return utf8.isascii() or (b"\xc2" not in utf8 and b"\xef\xbf" not in utf8)


_NOT_CONTROL = bytes(byte for byte in range(256) if byte in b"\t\n\r" or 0x20 <= byte != 0x7F)


def _clean_lines(text: str, ref: SourceRef) -> str:
    """`text` with LF line ends; refuses a text of nothing but white space."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text or text.isspace():  # as `not text.strip()`, without copying the text
        raise fail(ref, "the file is empty (write a title and some text, or delete the file)")
    return text


def _clean(text: str, ref: SourceRef) -> tuple[str, tuple[Problem, ...]]:
    text = _clean_lines(text, ref)
    match = first_forbidden(text)
    if match is None:
        return text, ()
    cleaned, count = remove_forbidden(text)
    line = text.count("\n", 0, match.start()) + 1
    return cleaned, (warning(ref.at(line), describe_removal(count, match[0])),)


def _decode(data: bytes, ref: SourceRef) -> str:
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise fail(ref, "not valid UTF-16 despite its byte-order mark; save as UTF-8") from exc
    if data.find(b"\x00", 0, _BINARY_SNIFF_BYTES) >= 0:
        raise fail(ref, "not a text file (it contains NUL bytes); articles are UTF-8 text")
    try:
        return data.decode("utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        message = f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8"
        raise fail(ref.at(line), message) from exc
