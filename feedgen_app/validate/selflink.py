"""The self link checks that Atom feeds and RSS channels share."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

from lxml import etree

from .findings import Finding, at
from .xmlnames import resolve_href

_MISSING = {
    "atom": '<feed> has no <link rel="self" href="..."> giving the URL the feed is served at '
    "(RFC 4287 §4.1.1)",
    "rss": '<channel> has no <atom:link rel="self" href="..."> (namespace '
    "http://www.w3.org/2005/Atom) giving the URL the feed is served at",
}


def self_links(links: Iterable[etree._Element]) -> list[etree._Element]:
    """The rel="self" links among `links` that have an href."""
    return [
        link
        for link in links
        if (link.get("rel") or "").strip() == "self" and (link.get("href") or "").strip()
    ]


def self_link_findings(
    container: etree._Element,
    links: Iterable[etree._Element],
    self_url: str | None,
    feed_format: Literal["atom", "rss"],
) -> list[Finding]:
    """Findings for the rel="self" links among `links`, children of `container`.

    A self link without an href does not count. With `self_url`, every self link must resolve
    (against xml:base and `self_url` itself) to exactly `self_url`.
    """
    found = self_links(links)
    if not found:
        expected = "" if self_url is None else f'; expected href="{self_url}"'
        message = _MISSING[feed_format] + expected
        return [at(container, f"{feed_format}-self-link-missing", message)]
    if self_url is None:
        return []
    findings = []
    for link in found:
        href = resolve_href(link, self_url)
        if href != self_url:
            message = f'the self link points at "{href}", but the feed is served at "{self_url}"'
            findings.append(at(link, f"{feed_format}-self-link-mismatch", message))
    return findings


def feed_urls(links: Sequence[etree._Element], self_url: str | None) -> set[str]:
    """Every URL the document says it is served at: `self_url` and its self links' hrefs."""
    base = self_url or ""
    urls = {resolve_href(link, base) for link in self_links(links)}
    return {url for url in {*urls, self_url} if url}
