"""Reading our own output back for assertions: lxml for structure, feedparser as a real client."""

from __future__ import annotations

from typing import Any

import feedparser
from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"


def parse_xml(data: bytes) -> etree._Element:
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))


def atom_entries(data: bytes) -> list[etree._Element]:
    return parse_xml(data).findall(f"{ATOM}entry")


def read_with_feedparser(data: bytes) -> Any:
    """feedparser's reading, without its HTML clean-up, so content compares exactly."""
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed
