"""Characters XML 1.0 forbids (§2.2, production Char), written raw or as character references.

libxml2 stops at the first one; here each line that has some becomes one finding, and the
characters are blanked out so the rest of the document can still be checked.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Final

from .findings import Finding, finding

_RAW: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_RAW_RUN: Final = re.compile(f"{_RAW.pattern}+")
# Character references, and the places where "&#1;" is only text: CDATA sections and comments.
_REFERENCE_OR_LITERAL: Final = re.compile(
    r"<!\[CDATA\[.*?\]\]>|<!--.*?-->|&#(?:x(?P<hex>[0-9A-Fa-f]{1,8})|(?P<dec>[0-9]{1,10}));",
    re.DOTALL,
)


# A document made of control characters (or /dev/zero) gets this many findings, then one more.
MAX_LINES_REPORTED: Final = 100


@dataclass(frozen=True)
class _Forbidden:
    """A run of forbidden characters: raw ones side by side, or one character reference."""

    offset: int
    code_point: int
    """Of the first character of the run."""
    written: str
    """The reference as written; "" for raw characters."""
    count: int = 1


def blank_forbidden_characters(text: str) -> tuple[str, list[Finding]]:
    """`text` with every forbidden character replaced by spaces, and a finding per line.

    Linear in the length of `text`, however many forbidden characters it holds; after
    MAX_LINES_REPORTED lines with some, one last finding counts the rest.
    """
    if not _may_hold_forbidden(text):
        return text, []
    found = heapq.merge(
        (_Forbidden(m.start(), ord(m[0][0]), "", len(m[0])) for m in _RAW_RUN.finditer(text)),
        _forbidden_references(text),
        key=lambda item: item.offset,
    )
    findings = _per_line(text, found)
    if not findings:
        return text, []
    blanked = _RAW.sub(" ", text)
    return _REFERENCE_OR_LITERAL.sub(_blank_reference, blanked), findings


_FORBIDDEN_BYTES: Final = bytes(sorted(set(range(0x20)) - set(b"\t\n\r")))
_NONCHARACTERS: Final = ("\ufffe".encode(), "\uffff".encode())


def _may_hold_forbidden(text: str) -> bool:
    """Whether `text` may hold a forbidden character, raw or as a reference, asked of its
    UTF-8 bytes in C: a C0 control is one byte below 0x20 there, which no other character's
    bytes are. (The expressions take 3 ms for a feed of 300 KB with one character outside
    Latin-1; this takes 0.3 ms, and every document a build makes is checked.)"""
    data = text.encode("utf-8", "surrogatepass")
    return (
        len(data.translate(None, _FORBIDDEN_BYTES)) != len(data)
        or b"&#" in data
        or any(noncharacter in data for noncharacter in _NONCHARACTERS)
    )


def _per_line(text: str, forbidden: Iterable[_Forbidden]) -> list[Finding]:
    """One finding per line holding forbidden characters, walking the text once."""
    findings: list[Finding] = []
    line, line_start, position = 1, 0, 0
    current: tuple[int, _Forbidden, int] | None = None  # column, first run, characters
    extra_lines = 0
    for item in forbidden:
        newlines = text.count("\n", position, item.offset)
        if newlines:
            if current is not None:
                extra_lines += _flush(findings, line, current)
            line += newlines
            line_start = text.rfind("\n", position, item.offset) + 1
            current = None
        position = item.offset
        if current is None:
            current = (item.offset - line_start + 1, item, item.count)
        else:
            current = (current[0], current[1], current[2] + item.count)
    if current is not None:
        extra_lines += _flush(findings, line, current)
    if extra_lines:
        message = (
            f"and forbidden characters on {extra_lines:,} more lines; is this an XML document?"
        )
        findings.append(finding("xml-forbidden-character", message, line, 0))
    return findings


def _flush(findings: list[Finding], line: int, found: tuple[int, _Forbidden, int]) -> int:
    """Add the finding for one line, or count it (1) once MAX_LINES_REPORTED are reported."""
    if len(findings) >= MAX_LINES_REPORTED:
        return 1
    findings.append(_finding(line, *found))
    return 0


def _blank_reference(match: re.Match[str]) -> str:
    """A forbidden character reference as spaces; anything else as it is."""
    digits = match["hex"] or match["dec"]
    if digits is None or _is_xml_char(int(digits, 16 if match["hex"] else 10)):
        return match[0]
    return " " * len(match[0])


def _forbidden_references(text: str) -> Iterator[_Forbidden]:
    """Character references to code points that are not XML 1.0 characters."""
    for match in _REFERENCE_OR_LITERAL.finditer(text):
        digits = match["hex"] or match["dec"]
        if digits is None:
            continue
        code_point = int(digits, 16 if match["hex"] else 10)
        if not _is_xml_char(code_point):
            yield _Forbidden(match.start(), code_point, match[0])


def _is_xml_char(code_point: int) -> bool:
    """XML 1.0 §2.2: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]."""
    return (
        code_point in {0x9, 0xA, 0xD}
        or 0x20 <= code_point <= 0xD7FF
        or 0xE000 <= code_point <= 0xFFFD
        or 0x10000 <= code_point <= 0x10FFFF
    )


def _finding(line: int, column: int, first: _Forbidden, count: int) -> Finding:
    """One finding for the `count` forbidden characters of one line."""
    name = f"U+{first.code_point:04X}" if first.code_point <= 0x10FFFF else "a code point"
    what = f"{name} (written {first.written})" if first.written else name
    more = f" and {count - 1:,} more on this line" if count > 1 else ""
    message = (
        f"{what}{more}: a character XML 1.0 forbids (only tab, newline and carriage return "
        "among the control characters); remove it"
    )
    return finding("xml-forbidden-character", message, line, column)
