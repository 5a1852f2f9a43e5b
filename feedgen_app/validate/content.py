"""HTML inside feeds: markup readers strip or refuse (RFC 4287 §8.1), and relative URLs.

Markup is Atom text constructs and content of type "html" (escaped HTML) or "xhtml" (a <div> in
the document), and RSS descriptions and content:encoded (escaped HTML). Escaped HTML is parsed
with libxml2's HTML parser; its lines are counted from the line its feed element starts on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Final

from lxml import etree

from .findings import Finding, at, line_of
from .uris import is_relative_reference
from .xmlnames import CONTENT_NS, all_text, atom, attributes, has_xml_base, local_name

_ATOM_MARKUP: Final = tuple(
    atom(name) for name in ("title", "subtitle", "summary", "content", "rights")
)
_URL_ATTRIBUTES: Final = frozenset(
    {"href", "src", "poster", "cite", "action", "formaction", "background", "longdesc", "data"}
)
# Browsers skip leading control characters and spaces, and tabs and newlines anywhere, in URLs.
_IGNORED_IN_URLS: Final = re.compile(r"[\x00-\x20]")
_SRCSET_URL: Final = re.compile(r"(?:^|,)\s*(\S+)")


@dataclass(frozen=True)
class Markup:
    """HTML found in a feed: `holder` is the feed element, `body` the parsed markup."""

    holder: etree._Element
    body: etree._Element
    escaped: bool
    """True for escaped HTML (parsed separately), False for inline XHTML (part of the tree)."""

    def elements(self) -> Iterator[etree._Element]:
        """The markup's elements, without the wrapper."""
        return (element for element in self.body.iterdescendants() if isinstance(element.tag, str))

    def line(self, element: etree._Element) -> int:
        """The line of the feed document `element` of the markup starts on."""
        if not self.escaped:
            return line_of(element)
        return line_of(self.holder) + max(line_of(element), 1) - 1

    def name(self) -> str:
        """The holder as a reader would write it: <content>, <content:encoded>."""
        prefix = "content:" if etree.QName(self.holder).namespace == CONTENT_NS else ""
        return f"<{prefix}{local_name(self.holder)}>"


def atom_markup(root: etree._Element) -> list[Markup]:
    """Every HTML and XHTML text construct and content of an Atom document."""
    found = []
    for holder in root.iter(*_ATOM_MARKUP):
        kind = (holder.get("type") or "text").strip()
        if kind == "html":
            found.extend(_escaped(holder))
        elif kind == "xhtml":
            found.append(Markup(holder, holder, escaped=False))
    return found


def rss_markup(holders: Iterable[etree._Element]) -> list[Markup]:
    """The escaped HTML of RSS descriptions and content:encoded elements."""
    return [markup for holder in holders for markup in _escaped(holder)]


def _escaped(holder: etree._Element) -> list[Markup]:
    """`holder`'s text parsed as HTML, if it has any markup."""
    text = all_text(holder)
    if "<" not in text:
        return []
    parser = etree.HTMLParser(no_network=True)
    try:
        body = etree.fromstring(f"<html><body>{text}</body></html>", parser)
    except etree.ParserError:
        return []
    return [] if body is None else [Markup(holder, body, escaped=True)]


def unsafe_markup_findings(markups: Iterable[Markup]) -> list[Finding]:
    """Scripts, iframes, event handlers and javascript: URLs in the markup."""
    return [found for markup in markups for found in _unsafe_in(markup)]


def _unsafe_in(markup: Markup) -> Iterator[Finding]:
    """The unsafe markup findings of one piece of markup."""
    holder = markup.name()
    for element in markup.elements():
        tag, line = local_name(element).lower(), markup.line(element)
        if tag in {"script", "iframe"}:
            article = "an" if tag == "iframe" else "a"
            message = f"{holder} contains {article} <{tag}>; readers remove it or drop the entry"
            yield at(markup.holder, f"content-{tag}", message, line=line)
        for attribute, value in attributes(element):
            if attribute.startswith("on") and len(attribute) > 2:
                message = (
                    f'{holder} has an event-handler attribute {attribute}="{value}" on <{tag}>; '
                    "readers remove it"
                )
                yield at(markup.holder, "content-event-handler", message, line=line)
            elif _IGNORED_IN_URLS.sub("", value).lower().startswith("javascript:"):
                message = (
                    f'{holder} has a javascript: URL in {attribute}="{value}" on <{tag}>; '
                    "readers remove it"
                )
                yield at(markup.holder, "content-javascript-url", message, line=line)


def relative_url_findings(markups: Iterable[Markup]) -> list[Finding]:
    """One finding per piece of markup with relative URLs and no xml:base in scope."""
    findings = []
    for markup in markups:
        relative = [
            (element, f'{name}="{url}"')
            for element in markup.elements()
            for name, url in _urls(element)
            if is_relative_reference(url)
            and not has_xml_base(markup.holder if markup.escaped else element)
        ]
        if relative:
            first, written = relative[0]
            count = (
                f"{len(relative)} relative URLs, first" if len(relative) > 1 else "a relative URL"
            )
            message = (
                f"{markup.name()} has {count} {written}, and no xml:base; readers resolve "
                "relative URLs against the feed's URL or not at all: make them absolute"
            )
            findings.append(
                at(markup.holder, "feed-relative-url", message, line=markup.line(first))
            )
    return findings


def _urls(element: etree._Element) -> Iterator[tuple[str, str]]:
    """(attribute, URL) for the URL-valued attributes of an HTML element, srcset split."""
    for attribute, value in attributes(element):
        if attribute in _URL_ATTRIBUTES:
            yield attribute, value.strip()
        elif attribute == "srcset":
            yield from ((attribute, url) for url in _SRCSET_URL.findall(value))
