"""URLs in feed metadata: relative ones without an xml:base, and links to the feed itself."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from lxml import etree

from .findings import Finding, at
from .uris import is_relative_reference
from .xmlnames import atom, has_xml_base, local_name, resolve, resolve_href, text_of

_ATOM_URL_TEXT = (atom("icon"), atom("logo"), atom("uri"))
_ATOM_URL_ATTRIBUTES = {atom("link"): "href", atom("content"): "src", atom("generator"): "uri"}


def atom_metadata_urls(root: etree._Element) -> Iterator[tuple[etree._Element, str, str]]:
    """(element, what, URL) for every URL in an Atom document's metadata."""
    for element in root.iter(*_ATOM_URL_TEXT):
        yield element, f"<{local_name(element)}>", text_of(element)
    for element in root.iter(*_ATOM_URL_ATTRIBUTES):
        attribute = _ATOM_URL_ATTRIBUTES[element.tag]
        value = element.get(attribute)
        if value is not None:
            yield element, f"<{local_name(element)} {attribute}>", value


def rss_metadata_urls(channel: etree._Element) -> Iterator[tuple[etree._Element, str, str]]:
    """(element, what, URL) for the URLs of an RSS channel that no error rule covers.

    Channel and item <link>, the other URL elements, <guid> and enclosures have error rules of
    their own (rss_urls.py, rss_items.py).
    """
    for element in channel.iter(atom("link")):
        yield element, "<atom:link href>", element.get("href") or ""


def relative_metadata_findings(
    urls: Iterable[tuple[etree._Element, str, str]],
) -> list[Finding]:
    """`feed-relative-url` for each relative URL without an xml:base in scope."""
    return [
        at(
            element,
            "feed-relative-url",
            f'{what} "{url.strip()}" is a relative URL and no xml:base is in scope; readers '
            "resolve it against the feed's URL or not at all: make it absolute",
        )
        for element, what, url in urls
        if is_relative_reference(url) and not has_xml_base(element)
    ]


def atom_alternate_is_self(
    links: Iterable[etree._Element], feed_urls: set[str], base: str
) -> list[Finding]:
    """The feed's alternate links should lead to the site, not back to the feed."""
    return [
        at(
            link,
            "atom-alternate-link-is-self",
            f'the feed\'s alternate link "{resolve_href(link, base)}" is the feed itself; it '
            'should point at the web page the feed belongs to (the self link is rel="self")',
        )
        for link in links
        if resolve_href(link, base) in feed_urls
    ]


def rss_channel_link_is_self(channel: etree._Element, feed_urls: set[str]) -> list[Finding]:
    """The channel's <link> should lead to the site, not back to the feed."""
    return [
        at(
            link,
            "rss-channel-link-is-self",
            f'the channel <link> "{text_of(link)}" is the feed itself; it should point at the '
            'web site the feed belongs to (the feed\'s own URL goes in <atom:link rel="self">)',
        )
        for link in channel.findall("link")
        if text_of(link) and resolve(link, text_of(link), "") in feed_urls
    ]
