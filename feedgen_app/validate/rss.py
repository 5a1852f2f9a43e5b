"""RSS 2.0 checks, following https://www.rssboard.org/rss-specification."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from lxml import etree

from .dates import rfc822_problem
from .findings import Finding, error_at, line_of
from .selflink import self_link_findings
from .uris import is_absolute_http_url
from .xmlparse import atom, child_text, describe_tag, text_of

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
_REQUIRED_CHANNEL_ELEMENTS: Final = ("title", "link", "description")


def check_rss(root: etree._Element, self_url: str | None) -> list[Finding]:
    """Every finding for an RSS 2.0 document whose root element is `root` (unsorted)."""
    if root.tag != "rss":
        message = (
            f"the root element is {describe_tag(root.tag)}; an RSS 2.0 document's root is "
            '<rss version="2.0"> in no namespace'
        )
        return [error_at(root, "rss-root", message)]
    findings = _version_findings(root)
    channels = root.findall("channel")
    if not channels:
        message = "<rss> has no <channel>; RSS 2.0 needs exactly one"
        return [*findings, error_at(root, "rss-channel-count", message)]
    for extra in channels[1:]:
        message = (
            f"a second <channel> (the first is on line {line_of(channels[0])}); RSS 2.0 allows one"
        )
        findings.append(error_at(extra, "rss-channel-count", message))
    channel = channels[0]
    items = channel.findall("item")
    links = channel.findall(atom("link"))
    return [
        *findings,
        *_required_findings(channel),
        *_link_findings([channel, *items]),
        *_date_findings([channel, *items]),
        *_unknown_element_findings(channel, CHANNEL_ELEMENTS),
        *(finding for item in items for finding in _item_findings(item)),
        *_guid_findings(items),
        *self_link_findings(channel, links, self_url, feed_format="rss"),
    ]


def _version_findings(root: etree._Element) -> list[Finding]:
    """The root says version="2.0"."""
    version = root.get("version")
    if version == "2.0":
        return []
    found = "no version attribute" if version is None else f'version="{version}"'
    message = f'<rss> has {found}; RSS 2.0 documents have version="2.0"'
    return [error_at(root, "rss-version", message)]


def _required_findings(channel: etree._Element) -> list[Finding]:
    """The channel has title, link and description."""
    return [
        error_at(
            channel,
            "rss-channel-required",
            f"<channel> has no <{name}>; RSS 2.0 requires <title>, <link> and <description>",
        )
        for name in _REQUIRED_CHANNEL_ELEMENTS
        if channel.find(name) is None
    ]


def _link_findings(parents: Sequence[etree._Element]) -> list[Finding]:
    """Channel and item links are absolute http(s) URLs."""
    return [
        error_at(
            link,
            "rss-link-not-absolute",
            f'<link> "{text_of(link)}" is not an absolute http:// or https:// URL',
        )
        for parent in parents
        for link in parent.findall("link")
        if not is_absolute_http_url(text_of(link))
    ]


def _date_findings(parents: Sequence[etree._Element]) -> list[Finding]:
    """pubDate and lastBuildDate are RFC 822 dates."""
    findings = []
    for parent in parents:
        for element in parent.iterchildren("pubDate", "lastBuildDate"):
            value = text_of(element)
            problem = rfc822_problem(value)
            if problem is not None:
                message = (
                    f'<{element.tag}> "{value}" {problem}; RSS 2.0 dates are RFC 822 dates '
                    "with a four-digit year, such as Wed, 01 May 2024 10:00:00 +0000"
                )
                findings.append(error_at(element, "rss-date-format", message))
    return findings


def _unknown_element_findings(parent: etree._Element, known: frozenset[str]) -> list[Finding]:
    """Elements RSS 2.0 does not define must be in a namespace, like content:encoded."""
    return [
        error_at(
            child,
            "rss-unknown-element",
            f"<{child.tag}> is not an RSS 2.0 <{parent.tag}> element; other elements must be "
            "in a namespace, like content:encoded",
        )
        for child in parent.iterchildren()
        if isinstance(child.tag, str) and not child.tag.startswith("{") and child.tag not in known
    ]


def _item_findings(item: etree._Element) -> list[Finding]:
    """An item has a title or a description, and only elements RSS 2.0 knows."""
    findings = _unknown_element_findings(item, ITEM_ELEMENTS)
    if not child_text(item, "title") and not child_text(item, "description"):
        message = "<item> has neither a <title> nor a <description>; RSS 2.0 requires one of them"
        findings.append(error_at(item, "rss-item-title-or-description", message))
    return findings


def _guid_findings(items: Sequence[etree._Element]) -> list[Finding]:
    """Permalink guids are URLs, and no two items share a guid."""
    findings = []
    first_line: dict[str, int] = {}
    for guid in (guid for item in items for guid in item.findall("guid")):
        value = text_of(guid)
        findings.extend(_permalink_findings(guid, value))
        if value and value in first_line:
            message = (
                f'<guid> "{value}" is already the guid of the item on line {first_line[value]}; '
                "each item needs its own guid"
            )
            findings.append(error_at(guid, "rss-guid-duplicate", message))
        first_line.setdefault(value, line_of(guid))
    return findings


def _permalink_findings(guid: etree._Element, value: str) -> list[Finding]:
    """isPermaLink is "true" or "false", and a permalink (the default) is an absolute URL."""
    flag = guid.get("isPermaLink")
    if flag not in {None, "true", "false"}:
        message = f'<guid> has isPermaLink="{flag}"; RSS 2.0 accepts "true" or "false"'
        return [error_at(guid, "rss-guid-permalink", message)]
    if flag != "false" and not is_absolute_http_url(value):
        message = (
            f'<guid> "{value}" is a permalink (isPermaLink defaults to "true") but not an '
            'absolute http(s) URL; use the item\'s URL or add isPermaLink="false"'
        )
        return [error_at(guid, "rss-guid-permalink", message)]
    return []
