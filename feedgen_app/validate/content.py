"""HTML inside feeds: markup readers strip or refuse (RFC 4287 §8.1), and relative URLs.

Markup is Atom text constructs and content of type "html" (escaped HTML) or "xhtml" (a <div> in
the document), and RSS descriptions and content:encoded (escaped HTML). Escaped HTML is parsed
with libxml2's HTML parser; its lines are counted from the line its feed element starts on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Final, NamedTuple

from lxml import etree

from feedgen_app.state import blake2b

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


_UNSAFE_TAGS: Final = frozenset({"script", "iframe"})
"""Elements readers remove whatever their attributes (`_unsafe_in`)."""

_HOLDER: Final = "\x00holder\x00"
"""Stands for the holder's name in a scan's messages (filled in per use: a scan is shared)."""


class _Hit(NamedTuple):
    rule: str
    message: str
    """With `_HOLDER` for the holder's name."""
    line: int


class _Scan(NamedTuple):
    """What one piece of markup holds that readers refuse, and its relative URLs."""

    unsafe: tuple[_Hit, ...]
    relative: tuple[tuple[int, str], ...]
    """(line, 'name="url"') of each relative URL without an xml:base inside the markup."""


@dataclass(frozen=True)
class Markup:
    """HTML found in a feed: `holder` is the feed element, `scan` what its markup holds."""

    holder: etree._Element
    scan: _Scan
    escaped: bool
    """True for escaped HTML (parsed separately, lines counted from the holder's), False for
    inline XHTML (part of the tree)."""

    def line(self, line: int) -> int:
        """The line of the feed document a line of the scan is on."""
        return line_of(self.holder) + max(line, 1) - 1 if self.escaped else line

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
            elements = (e for e in holder.iterdescendants() if isinstance(e.tag, str))
            found.append(Markup(holder, _scan(elements, in_base=has_xml_base), escaped=False))
    return found


def rss_markup(holders: Iterable[etree._Element]) -> list[Markup]:
    """The escaped HTML of RSS descriptions and content:encoded elements."""
    return [markup for holder in holders for markup in _escaped(holder)]


def _escaped(holder: etree._Element) -> list[Markup]:
    """`holder`'s text parsed as HTML, if it has any markup."""
    text = all_text(holder)
    if "<" not in text:
        return []
    key = blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    scan = _SCANS.get(key)
    if scan is None:
        scan = _SCANS[key] = _scan_html(text)
        if len(_SCANS) > _SCANS_KEPT:
            del _SCANS[next(iter(_SCANS))]
    return [] if scan is None else [Markup(holder, scan, escaped=True)]


_SCANS: dict[bytes, _Scan | None] = {}
"""Scans of escaped HTML by the digest of its text, kept for the next document that carries the
same text: a build with archives and tag feeds checks each article's content in a dozen
documents. Small values under 16-byte keys: 100,000 of them cost a few megabytes."""
_SCANS_KEPT: Final = 200_000


def _scan_html(text: str) -> _Scan | None:
    parser = etree.HTMLParser(no_network=True)
    try:
        body = etree.fromstring(f"<html><body>{text}</body></html>", parser)
    except etree.ParserError:
        return None
    if body is None:
        return None
    elements = (e for e in body.iterdescendants() if isinstance(e.tag, str))
    return _scan(elements, in_base=lambda element: False)


def _scan(elements: Iterable[etree._Element], in_base: Callable[[etree._Element], bool]) -> _Scan:
    unsafe: list[_Hit] = []
    relative: list[tuple[int, str]] = []
    for element in elements:
        tag = local_name(element).lower()
        if not element.attrib and tag not in _UNSAFE_TAGS:
            continue  # most elements: nothing to find (a scan takes half the time)
        line = line_of(element)
        unsafe += (_Hit(rule, message, line) for rule, message in _unsafe_in(element, tag))
        if not in_base(element):
            relative += (
                (line, f'{name}="{url}"')
                for name, url in _urls(element)
                if is_relative_reference(url)
            )
    return _Scan(tuple(unsafe), tuple(relative))


def _unsafe_in(element: etree._Element, tag: str) -> Iterator[tuple[str, str]]:
    """(rule, message) for scripts, iframes, event handlers and javascript: URLs."""
    if tag in _UNSAFE_TAGS:
        article = "an" if tag == "iframe" else "a"
        yield (
            f"content-{tag}",
            f"{_HOLDER} contains {article} <{tag}>; readers remove it or drop the entry",
        )
    for attribute, value in attributes(element):
        if attribute.startswith("on") and len(attribute) > 2:
            message = (
                f'{_HOLDER} has an event-handler attribute {attribute}="{value}" on <{tag}>; '
                "readers remove it"
            )
            yield "content-event-handler", message
        elif _IGNORED_IN_URLS.sub("", value).lower().startswith("javascript:"):
            message = (
                f'{_HOLDER} has a javascript: URL in {attribute}="{value}" on <{tag}>; '
                "readers remove it"
            )
            yield "content-javascript-url", message


def unsafe_markup_findings(markups: Iterable[Markup]) -> list[Finding]:
    """Scripts, iframes, event handlers and javascript: URLs in the markup."""
    return [
        at(
            markup.holder,
            hit.rule,
            hit.message.replace(_HOLDER, markup.name()),
            line=markup.line(hit.line),
        )
        for markup in markups
        for hit in markup.scan.unsafe
    ]


def relative_url_findings(markups: Iterable[Markup]) -> list[Finding]:
    """One finding per piece of markup with relative URLs and no xml:base in scope."""
    findings = []
    for markup in markups:
        relative = markup.scan.relative
        if not relative or (markup.escaped and has_xml_base(markup.holder)):
            continue
        line, written = relative[0]
        count = f"{len(relative)} relative URLs, first" if len(relative) > 1 else "a relative URL"
        message = (
            f"{markup.name()} has {count} {written}, and no xml:base; readers resolve "
            "relative URLs against the feed's URL or not at all: make them absolute"
        )
        findings.append(at(markup.holder, "feed-relative-url", message, line=markup.line(line)))
    return findings


def _urls(element: etree._Element) -> Iterator[tuple[str, str]]:
    """(attribute, URL) for the URL-valued attributes of an HTML element, srcset split."""
    for attribute, value in attributes(element):
        if attribute in _URL_ATTRIBUTES:
            yield attribute, value.strip()
        elif attribute == "srcset":
            yield from ((attribute, url) for url in _SRCSET_URL.findall(value))
