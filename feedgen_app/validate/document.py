"""From bytes to a parsed tree: encoding, forbidden characters, well-formedness, size."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from lxml import etree

from .characters import blank_forbidden_characters
from .encoding import decode, strip_declared_encoding
from .findings import Finding, finding
from .xmlparse import parse

MAX_FEED_BYTES: Final = 1024 * 1024


@dataclass(frozen=True)
class Document:
    """A document's root element (None if it could not be parsed) and the findings so far."""

    root: etree._Element | None
    findings: list[Finding]


def read_document(data: bytes, size: int | None = None) -> Document:
    """Decode and parse `data`, collecting encoding, character and well-formedness findings.

    The text is handed to the parser as UTF-8 without its encoding declaration (blanked, so lines
    and columns stay), after undecodable bytes and forbidden characters were reported.
    """
    decoded = decode(data)
    text, character_findings = blank_forbidden_characters(decoded.text)
    findings = [
        *decoded.findings,
        *character_findings,
        *_size_findings(len(data) if size is None else size),
    ]
    parsed = parse(strip_declared_encoding(text).encode("utf-8"))
    if isinstance(parsed, Finding):
        return Document(None, [*findings, parsed])
    return Document(parsed, findings)


def _size_findings(size: int) -> list[Finding]:
    """Readers and aggregators give up on large feeds."""
    if size <= MAX_FEED_BYTES:
        return []
    message = (
        f"the document is {size:,} bytes; many readers and aggregators stop reading at "
        f"1 MB ({MAX_FEED_BYTES:,} bytes): publish fewer or shorter entries"
    )
    return [finding("feed-too-large", message, 1, 0)]
