"""RSS 2.0 URLs: channel and item links, and the other elements and attributes that hold a URL.

RSS 2.0 links are URLs, not IRIs: non-ASCII characters are percent-encoded and a host is in
punycode. The W3C validator accepts any registered scheme in a <link> (ftp:, mailto:); readers
open web links, so other schemes are a warning, and javascript:/vbscript:/data: an error.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from lxml import etree

from .findings import Finding, at
from .rss_namespaces import looks_like_atom_link
from .uris import UNSAFE_SCHEMES, reference_problem, scheme_of
from .xmlnames import text_of

_URL_TEXT: Final = ("image/url", "image/link", "docs", "item/comments", "textInput/link")
_DEFINED_ATTRIBUTES: Final = {
    "rss": {"version"},
    "guid": {"isPermaLink"},
    "enclosure": {"url", "length", "type"},
    "source": {"url"},
    "category": {"domain"},
    "cloud": {"domain", "port", "path", "registerProcedure", "protocol"},
}


def link_findings(channel: etree._Element) -> list[Finding]:
    """Channel and item <link>: absolute URLs, web links, never script."""
    findings = []
    for link in (*channel.iterchildren("link"), *channel.iterfind("item/link")):
        if looks_like_atom_link(link):
            continue
        value = text_of(link)
        problem = reference_problem(value, absolute=True, iri=False)
        scheme = scheme_of(value)
        if scheme in UNSAFE_SCHEMES:
            message = f'<link> "{value}" is a {scheme}: URL, which runs or embeds code in a reader'
            findings.append(at(link, "feed-unsafe-url", message))
        elif problem is not None:
            message = f'<link> "{value}" {problem}; RSS 2.0 links are absolute URLs'
            findings.append(at(link, "rss-link-not-absolute", message))
        elif scheme not in {"http", "https"}:
            message = f'<link> "{value}" is a {scheme}: URL; readers open http(s) links'
            findings.append(at(link, "rss-link-not-web", message))
    return findings


def url_findings(channel: etree._Element) -> list[Finding]:
    """<image> url and link, <docs>, <comments>, <textInput> link, <source url>: absolute URLs."""
    findings = []
    for element, what, value in _urls(channel):
        if value is None:
            message = "<source> has no url attribute; RSS 2.0 requires the URL of the source feed"
            findings.append(at(element, "rss-url-invalid", message))
            continue
        problem = reference_problem(value, absolute=True, iri=False)
        if problem is not None:
            message = f'{what} "{value}" {problem}; RSS 2.0 wants an absolute URL here'
            findings.append(at(element, "rss-url-invalid", message))
    return findings


def _urls(channel: etree._Element) -> Iterator[tuple[etree._Element, str, str | None]]:
    """(element, what, URL) for each URL of the channel; URL None for a missing <source url>."""
    for path in _URL_TEXT:
        for element in channel.iterfind(path):
            parent = element.getparent()
            inside = parent is not None and parent.tag in {"image", "textInput"}
            where = f"<{parent.tag}> " if inside and parent is not None else ""
            yield element, f"{where}<{element.tag}>", text_of(element)
    for source in channel.iterfind("item/source"):
        url = source.get("url")
        yield source, "<source url>", None if url is None else url.strip()


def attribute_findings(root: etree._Element) -> list[Finding]:
    """RSS elements carry only the attributes RSS 2.0 defines (others are in a namespace)."""
    return [
        at(
            element,
            "rss-attribute-unknown",
            f'<{element.tag}> has an attribute {name}="{value}" that RSS 2.0 does not define'
            + (f"; did you mean {_spelled(name, element)}?" if _spelled(name, element) else ""),
        )
        for element in root.iter()
        if isinstance(element.tag, str) and not element.tag.startswith("{")
        for name, value in _attributes(element)
        if not name.startswith("{")
        and name not in _DEFINED_ATTRIBUTES.get(element.tag, set())
        and not looks_like_atom_link(element)
    ]


def _attributes(element: etree._Element) -> list[tuple[str, str]]:
    """(name, value) of each attribute, as text."""
    return [(str(name), str(value)) for name, value in element.attrib.items()]


def _spelled(name: str, element: etree._Element) -> str:
    """The defined attribute `name` is a misspelling of (by case), or ""."""
    wanted = {known.lower(): known for known in _DEFINED_ATTRIBUTES.get(str(element.tag), set())}
    return wanted.get(name.lower(), "")
