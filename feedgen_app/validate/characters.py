"""Characters XML 1.0 forbids (§2.2, production Char), written raw or as character references.

libxml2 stops at the first one; here each line that has some becomes one finding, and the
characters are blanked out so the rest of the document can still be checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from .findings import Finding, finding

_RAW: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Character references, and the places where "&#1;" is only text: CDATA sections and comments.
_REFERENCE_OR_LITERAL: Final = re.compile(
    r"<!\[CDATA\[.*?\]\]>|<!--.*?-->|&#(?:x(?P<hex>[0-9A-Fa-f]{1,8})|(?P<dec>[0-9]{1,10}));",
    re.DOTALL,
)


@dataclass(frozen=True)
class _Forbidden:
    offset: int
    length: int
    code_point: int
    written: str


def blank_forbidden_characters(text: str) -> tuple[str, list[Finding]]:
    """`text` with every forbidden character replaced by spaces, and a finding per line."""
    forbidden = sorted(
        [
            *(_Forbidden(m.start(), 1, ord(m[0]), "") for m in _RAW.finditer(text)),
            *_forbidden_references(text),
        ],
        key=lambda item: item.offset,
    )
    if not forbidden:
        return text, []
    by_line: dict[int, list[tuple[int, _Forbidden]]] = {}
    pieces, start = [], 0
    for item in forbidden:
        line_start = text.rfind("\n", 0, item.offset) + 1
        line = text.count("\n", 0, item.offset) + 1
        by_line.setdefault(line, []).append((item.offset - line_start + 1, item))
        pieces += [text[start : item.offset], " " * item.length]
        start = item.offset + item.length
    pieces.append(text[start:])
    return "".join(pieces), [_finding(line, found) for line, found in by_line.items()]


def _forbidden_references(text: str) -> list[_Forbidden]:
    """Character references to code points that are not XML 1.0 characters."""
    found = []
    for match in _REFERENCE_OR_LITERAL.finditer(text):
        digits = match["hex"] or match["dec"]
        if digits is None:
            continue
        code_point = int(digits, 16 if match["hex"] else 10)
        if not _is_xml_char(code_point):
            found.append(_Forbidden(match.start(), len(match[0]), code_point, match[0]))
    return found


def _is_xml_char(code_point: int) -> bool:
    """XML 1.0 §2.2: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]."""
    return (
        code_point in {0x9, 0xA, 0xD}
        or 0x20 <= code_point <= 0xD7FF
        or 0xE000 <= code_point <= 0xFFFD
        or 0x10000 <= code_point <= 0x10FFFF
    )


def _finding(line: int, found: list[tuple[int, _Forbidden]]) -> Finding:
    """One finding for the forbidden characters of one line."""
    column, first = found[0]
    name = f"U+{first.code_point:04X}" if first.code_point <= 0x10FFFF else "a code point"
    what = f"{name} (written {first.written})" if first.written else name
    more = f" and {len(found) - 1} more on this line" if len(found) > 1 else ""
    message = (
        f"{what}{more}: a character XML 1.0 forbids (only tab, newline and carriage return "
        "among the control characters); remove it"
    )
    return finding("xml-forbidden-character", message, line, column)
