"""Safe XML parsing and the small tree helpers the rule modules share."""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import urljoin

from lxml import etree

from .findings import Finding

ATOM_NS: Final = "http://www.w3.org/2005/Atom"
XML_BASE: Final = "{http://www.w3.org/XML/1998/namespace}base"

_POSITION_SUFFIX = re.compile(r", line \d+, column \d+$")


def atom(local_name: str) -> str:
    """The Clark-notation tag of an element in the Atom namespace."""
    return f"{{{ATOM_NS}}}{local_name}"


def describe_tag(tag: str) -> str:
    """A Clark-notation tag as a reader would say it: "<feed> in namespace http://..."."""
    namespace, brace, local_name = tag[1:].partition("}")
    if tag.startswith("{") and brace:
        return f"<{local_name}> in namespace {namespace}"
    return f"<{tag}> in no namespace"


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
        message = _POSITION_SUFFIX.sub("", str(error.msg or error))
        return Finding(
            line=line,
            column=column,
            severity="error",
            rule="xml-not-well-formed",
            message=f"the document is not well-formed XML: {message}",
        )
    except (ValueError, TypeError) as error:
        message = f"the document cannot be read as XML: {error}"
        return Finding(0, 0, "error", "xml-not-well-formed", message)
    return root


def text_of(element: etree._Element) -> str:
    """All text inside `element`, with surrounding whitespace removed."""
    return "".join(text for text in element.itertext() if isinstance(text, str)).strip()


def child_text(parent: etree._Element, tag: str) -> str:
    """The text of the first `tag` child of `parent`, "" if there is none."""
    child = parent.find(tag)
    return "" if child is None else text_of(child)


def resolve_href(element: etree._Element, document_url: str) -> str:
    """The `href` of `element` resolved against xml:base and the document's own URL."""
    base = document_url
    for ancestor in [*reversed(list(element.iterancestors())), element]:
        xml_base = ancestor.get(XML_BASE)
        if xml_base:
            base = urljoin(base, xml_base.strip())
    return urljoin(base, (element.get("href") or "").strip())
