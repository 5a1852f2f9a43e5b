"""Which elements may appear in an RSS 2.0 channel or item, and in which namespace.

RSS 2.0 defines its elements in no namespace; anything else must be in a namespace
("Extending RSS"). The common extensions (content:encoded, dc:creator, atom:link) only work in
their own namespace, under a name that namespace defines.
"""

from __future__ import annotations

from typing import Final

from lxml import etree

from .findings import Finding, at
from .xmlnames import ATOM_NS, CONTENT_NS, DC_NS

CHANNEL_ELEMENTS: Final = frozenset(
    {
        "title", "link", "description", "language", "copyright", "managingEditor",
        "webMaster", "pubDate", "lastBuildDate", "category", "generator", "docs", "cloud",
        "ttl", "image", "rating", "textInput", "skipHours", "skipDays", "item",
    }
)  # fmt: skip
ITEM_ELEMENTS: Final = frozenset(
    {
        "title", "link", "description", "author", "category", "comments", "enclosure",
        "guid", "pubDate", "source",
    }
)  # fmt: skip
_DC_ELEMENTS: Final = frozenset(
    {
        "contributor", "coverage", "creator", "date", "description", "format", "identifier",
        "language", "publisher", "relation", "rights", "source", "subject", "title", "type",
    }
)  # fmt: skip
_ATOM_ELEMENTS: Final = frozenset(
    {
        "author", "category", "content", "contributor", "email", "entry", "feed", "generator",
        "icon", "id", "link", "logo", "name", "published", "rights", "source", "subtitle",
        "summary", "title", "updated", "uri",
    }
)  # fmt: skip
# Namespace, prefix, and the element names it defines; in the order names are looked up.
EXTENSIONS: Final = (
    (CONTENT_NS, "content", frozenset({"encoded"})),
    (DC_NS, "dc", _DC_ELEMENTS),
    (ATOM_NS, "atom", _ATOM_ELEMENTS),
)


def looks_like_atom_link(element: etree._Element) -> bool:
    """A <link> in no namespace with href or rel: an atom:link that lost its namespace."""
    return element.tag == "link" and (element.get("href") or element.get("rel")) is not None


def element_findings(parent: etree._Element, known: frozenset[str]) -> list[Finding]:
    """`rss-unknown-element` and `rss-element-namespace` for the children of `parent`."""
    findings = []
    for child in parent.iterchildren():
        if isinstance(child.tag, str):
            found = _element_finding(parent, child, known)
            if found is not None:
                findings.append(found)
    return findings


def _element_finding(
    parent: etree._Element, child: etree._Element, known: frozenset[str]
) -> Finding | None:
    """What is wrong with where `child` of `parent` is, or None."""
    qname = etree.QName(child)
    namespace, name = qname.namespace, qname.localname
    if namespace is None:
        return _unqualified_finding(parent, child, known)
    for uri, prefix, names in EXTENSIONS:
        if namespace == uri and name not in names:
            message = (
                f"<{prefix}:{name}>: the {prefix} namespace ({uri}) has no element <{name}>"
                + (f"; the RSS element is <{name}> in no namespace" if name in known else "")
            )
            return at(child, "rss-element-namespace", message)
        if namespace != uri and _same_namespace(namespace, uri) and name in names:
            message = (
                f'<{name}> is in namespace "{namespace}", which readers do not know; '
                f'{prefix}:{name} is in "{uri}"'
            )
            return at(child, "rss-element-namespace", message)
    return None


def _unqualified_finding(
    parent: etree._Element, child: etree._Element, known: frozenset[str]
) -> Finding | None:
    """A child in no namespace: an RSS element, an extension without its namespace, or unknown."""
    name = str(child.tag)
    if looks_like_atom_link(child):
        message = (
            f'<link rel="{child.get("rel") or ""}" href="{child.get("href") or ""}"> is an '
            f'atom:link without its namespace; declare xmlns:atom="{ATOM_NS}" and write '
            "<atom:link ...>"
        )
        return at(child, "rss-element-namespace", message)
    if name in known:
        return None
    for uri, prefix, names in EXTENSIONS:
        if name in names:
            message = (
                f"<{name}> is not an RSS 2.0 <{parent.tag}> element; as {prefix}:{name} it "
                f'needs its namespace: declare xmlns:{prefix}="{uri}" and write <{prefix}:{name}>'
            )
            return at(child, "rss-element-namespace", message)
    message = (
        f"<{name}> is not an RSS 2.0 <{parent.tag}> element; other elements must be "
        "in a namespace, like content:encoded"
    )
    return at(child, "rss-unknown-element", message)


def _same_namespace(first: str, second: str) -> bool:
    """True if two namespace names differ only in case, scheme, "www." or a trailing slash."""
    return _loose(first) == _loose(second)


def _loose(namespace: str) -> str:
    name = namespace.strip().lower().removeprefix("https://").removeprefix("http://")
    return name.removeprefix("www.").rstrip("/#")
