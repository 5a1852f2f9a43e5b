"""Namespaces, tag names and the small tree helpers the rule modules share."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final
from urllib.parse import urljoin

from lxml import etree

ATOM_NS: Final = "http://www.w3.org/2005/Atom"
XHTML_NS: Final = "http://www.w3.org/1999/xhtml"
CONTENT_NS: Final = "http://purl.org/rss/1.0/modules/content/"
DC_NS: Final = "http://purl.org/dc/elements/1.1/"
XML_BASE: Final = "{http://www.w3.org/XML/1998/namespace}base"
XML_LANG: Final = "{http://www.w3.org/XML/1998/namespace}lang"


def atom(local_name: str) -> str:
    """The Clark-notation tag of an element in the Atom namespace."""
    return f"{{{ATOM_NS}}}{local_name}"


def local_name(element: etree._Element) -> str:
    """The tag of `element` without its namespace ("" for comments and the like)."""
    tag = element.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def describe_tag(tag: str) -> str:
    """A Clark-notation tag as a reader would say it: "<feed> in namespace http://..."."""
    namespace, brace, name = tag[1:].partition("}")
    if tag.startswith("{") and brace:
        return f"<{name}> in namespace {namespace}"
    return f"<{tag}> in no namespace"


def text_of(element: etree._Element) -> str:
    """All text inside `element`, with surrounding whitespace removed."""
    return all_text(element).strip()


def child_text(parent: etree._Element, tag: str) -> str:
    """The text of the first `tag` child of `parent`, "" if there is none."""
    child = parent.find(tag)
    return "" if child is None else text_of(child)


def has_xml_base(element: etree._Element) -> bool:
    """True if an xml:base is in scope at `element` (on it or on an ancestor)."""
    return any(node.get(XML_BASE) for node in (element, *element.iterancestors()))


def resolve(element: etree._Element, reference: str, document_url: str) -> str:
    """`reference`, found on `element`, resolved against xml:base and the document's URL."""
    base = document_url
    for ancestor in [*reversed(list(element.iterancestors())), element]:
        xml_base = ancestor.get(XML_BASE)
        if xml_base:
            base = _join(base, xml_base)
    return _join(base, reference)


def _join(base: str, reference: str) -> str:
    """`reference` resolved against `base`; as written if it is not a URL (such as "http://[")."""
    try:
        return urljoin(base, reference.strip())
    except ValueError:
        return reference.strip()


def resolve_href(element: etree._Element, document_url: str) -> str:
    """The `href` of `element` resolved against xml:base and the document's own URL."""
    return resolve(element, element.get("href") or "", document_url)


def all_text(element: etree._Element) -> str:
    """All text inside `element`, as written (whitespace kept)."""
    return "".join(text for text in element.itertext() if isinstance(text, str))


def attributes(element: etree._Element) -> Iterator[tuple[str, str]]:
    """(local name in lower case, value) for each attribute of `element`."""
    for name, value in element.attrib.items():
        if isinstance(value, str):
            yield str(name).rpartition("}")[2].lower(), value
