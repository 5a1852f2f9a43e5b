"""Safe XML parsing: no network, no entity expansion, size limits on."""

from __future__ import annotations

import re

from lxml import etree

from .findings import Finding, finding

_POSITION_SUFFIX = re.compile(r", line \d+, column \d+$")
# libxml2's limits (without XML_PARSE_HUGE), what its message says, and what that means.
_LIMITS = (
    ("Excessive depth", "elements are nested more than 256 deep"),
    ("Resource limit exceeded", "a single text or attribute is larger than 10 MB"),
    ("Huge input lookup", "a single text or attribute is larger than 10 MB"),
    ("amplification", "its entities expand to far more text than the document holds"),
)


def safe_parser() -> etree.XMLParser:
    """A parser that never fetches anything, never expands entities and keeps size limits on."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
    )


def parse(data: bytes) -> etree._Element | Finding:
    """The document's root element, or an `xml-not-well-formed` finding where parsing stopped."""
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as error:
        line, column = error.position
        message = _POSITION_SUFFIX.sub("", str(error.msg or error)).strip()
        for marker, meaning in _LIMITS:
            if marker in message:
                text = f"the document is beyond what check reads: {meaning}; no feed needs that"
                return finding("xml-limit", text, line, column)
        return finding(
            "xml-not-well-formed", f"the document is not well-formed XML: {message}", line, column
        )
    except (ValueError, TypeError) as error:
        return finding("xml-not-well-formed", f"the document cannot be read as XML: {error}")
    return root
