"""Offline validation of Atom 1.0 (RFC 4287) and RSS 2.0 documents.

Each function takes the document's bytes and returns findings sorted by (line, column); an empty
list means the document is valid. Nothing here raises on bad input or touches the network.
`self_url`, when given, is the URL the document will be served at: its self link must equal it.
"""

from __future__ import annotations

from .atom import check_atom
from .findings import Finding, error_at, in_document_order
from .rss import check_rss
from .xmlparse import atom, describe_tag, parse

__all__ = ["Finding", "validate_atom", "validate_feed", "validate_rss"]


def validate_atom(data: bytes, *, self_url: str | None = None) -> list[Finding]:
    """Findings for an Atom 1.0 feed document."""
    root = parse(data)
    if isinstance(root, Finding):
        return [root]
    return in_document_order(check_atom(root, self_url))


def validate_rss(data: bytes, *, self_url: str | None = None) -> list[Finding]:
    """Findings for an RSS 2.0 document."""
    root = parse(data)
    if isinstance(root, Finding):
        return [root]
    return in_document_order(check_rss(root, self_url))


def validate_feed(data: bytes, *, self_url: str | None = None) -> list[Finding]:
    """Findings for an Atom or RSS 2.0 document, told apart by the root element."""
    root = parse(data)
    if isinstance(root, Finding):
        return [root]
    if root.tag == atom("feed"):
        return in_document_order(check_atom(root, self_url))
    if root.tag == "rss":
        return in_document_order(check_rss(root, self_url))
    message = (
        f"the root element is {describe_tag(root.tag)}, which is neither an Atom 1.0 "
        '<feed xmlns="http://www.w3.org/2005/Atom"> nor an RSS 2.0 <rss version="2.0">'
    )
    return [error_at(root, "feed-unknown-format", message)]
