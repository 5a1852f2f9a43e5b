"""RSS 2.0 checks, following https://www.rssboard.org/rss-specification."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Final

from lxml import etree

from .content import relative_url_findings, rss_markup, unsafe_markup_findings
from .context import Context
from .dates import read_rfc822
from .findings import Finding, at, line_of
from .links import relative_metadata_findings, rss_channel_link_is_self, rss_metadata_urls
from .modules import module_findings
from .rfc822_lenient import canonical_rfc822
from .rss_items import email_findings, item_findings
from .rss_namespaces import CHANNEL_ELEMENTS, element_findings, looks_like_atom_link
from .rss_structure import IMAGE_CHILDREN, TEXT_INPUT_CHILDREN, structure_findings
from .rss_urls import attribute_findings, link_findings, url_findings
from .selflink import feed_urls, self_link_findings
from .timeline import date_range_findings
from .xmlnames import CONTENT_NS, atom, describe_tag, text_of

_REQUIRED_CHANNEL_ELEMENTS: Final = ("title", "link", "description")
# RSS 0.91 (Netscape's and UserLand's) also requires the channel's <language>.
_REQUIRED_IN_091: Final = (*_REQUIRED_CHANNEL_ELEMENTS, "language")
VERSIONS: Final = frozenset({"2.0", "0.91", "0.92", "0.93", "0.94"})


def check_rss(root: etree._Element, context: Context) -> list[Finding]:
    """Every finding for an RSS 2.0 document whose root element is `root` (unsorted)."""
    if root.tag != "rss":
        message = (
            f"the root element is {describe_tag(root.tag)}; an RSS 2.0 document's root is "
            '<rss version="2.0"> in no namespace'
        )
        return [at(root, "rss-root", message)]
    findings = _version_findings(root)
    channels = root.findall("channel")
    if not channels:
        message = "<rss> has no <channel>; RSS 2.0 needs exactly one"
        return [*findings, at(root, "rss-channel-count", message)]
    for extra in channels[1:]:
        message = (
            f"a second <channel> (the first is on line {line_of(channels[0])}); RSS 2.0 allows one"
        )
        findings.append(at(extra, "rss-channel-count", message))
    required = _REQUIRED_IN_091 if root.get("version") == "0.91" else _REQUIRED_CHANNEL_ELEMENTS
    return [
        *findings,
        *attribute_findings(root),
        *_required_findings(channels[0], required),
        *_channel_findings(channels[0], context, root.get("version") == "2.0"),
    ]


def _channel_findings(channel: etree._Element, context: Context, rss2: bool) -> list[Finding]:
    """Every finding for the channel and its items.

    RSS 0.91 to 0.94 have no <guid> and predate the atom:link self link: neither is expected.
    """
    items = channel.findall("item")
    links = channel.findall(atom("link"))
    markup = rss_markup(
        [
            *channel.findall("description"),
            *channel.iterfind("item/description"),
            *channel.iterfind(f"item/{{{CONTENT_NS}}}encoded"),
        ]
    )
    return [
        *link_findings(channel),
        *url_findings(channel),
        *structure_findings(channel),
        *_date_findings([channel, *items], context),
        *_module_findings(channel, context),
        *element_findings(channel, CHANNEL_ELEMENTS),
        *_part_element_findings(channel),
        *email_findings(channel),
        *item_findings(items, guid_expected=rss2),
        *(self_link_findings(channel, links, context.self_url, "rss") if rss2 or links else []),
        *rss_channel_link_is_self(channel, feed_urls(links, context.self_url)),
        *relative_metadata_findings(rss_metadata_urls(channel)),
        *unsafe_markup_findings(markup),
        *relative_url_findings(markup),
    ]


def _version_findings(root: etree._Element) -> list[Finding]:
    """The root names a version of this format: 2.0, or 0.91 to 0.94, its predecessors."""
    version = root.get("version")
    if version in VERSIONS:
        return []
    found = "no version attribute" if version is None else f'version="{version}"'
    message = f'<rss> has {found}; RSS documents have version="2.0" (or 0.91 to 0.94)'
    return [at(root, "rss-version", message)]


def _required_findings(channel: etree._Element, required: Sequence[str]) -> list[Finding]:
    """The channel has title, link and description (and language, in RSS 0.91)."""
    wanted = ", ".join(f"<{name}>" for name in required)
    return [
        at(
            channel,
            "rss-channel-required",
            f"<channel> has no <{name}>; this version of RSS requires {wanted}",
        )
        for name in required
        if not any(not looks_like_atom_link(child) for child in channel.findall(name))
    ]


def _part_element_findings(channel: etree._Element) -> list[Finding]:
    """Unknown elements in <image>, <textInput>, <skipHours> and <skipDays>."""
    parts = (
        ("image", IMAGE_CHILDREN),
        ("textInput", TEXT_INPUT_CHILDREN),
        ("skipHours", frozenset({"hour"})),
        ("skipDays", frozenset({"day"})),
    )
    return [
        found
        for name, known in parts
        for part in channel.iterchildren(name)
        for found in element_findings(part, known)
    ]


def _module_findings(channel: etree._Element, context: Context) -> list[Finding]:
    """Dublin Core and syndication values, and the plausibility of dc:date."""
    findings, moments = module_findings(channel)
    return [*findings, *date_range_findings(moments, context.now)]


def _date_findings(parents: Sequence[etree._Element], context: Context) -> list[Finding]:
    """pubDate and lastBuildDate are RFC 822 dates, and plausible ones."""
    findings, moments = [], []
    for element in (
        e for parent in parents for e in parent.iterchildren("pubDate", "lastBuildDate")
    ):
        moment, found = _read_date(element)
        findings.extend(found)
        if moment is not None:
            moments.append((element, moment))
    return [*findings, *date_range_findings(moments, context.now)]


def _read_date(element: etree._Element) -> tuple[datetime | None, list[Finding]]:
    """The moment a date element names, if any, and what is wrong with how it is written."""
    value = text_of(element)
    read = read_rfc822(value)
    if isinstance(read, datetime):
        return read, []
    canonical = canonical_rfc822(value)
    moment = None if canonical is None else read_rfc822(canonical[0])
    wanted = "RFC 822 dates with a four-digit year, such as Wed, 01 May 2024 10:00:00 +0000"
    if canonical is not None and isinstance(moment, datetime):
        message = (
            f'<{element.tag}> "{value}" {" and ".join(canonical[1])}, which RFC 822 allows but '
            f"readers misread; write {canonical[0]} (RSS 2.0 dates are {wanted})"
        )
        return moment, [at(element, "rss-date-lenient", message)]
    if not value:
        message = f"<{element.tag}> is empty; give the date, or leave the element out"
        return None, [at(element, "rss-date-lenient", message)]
    message = f'<{element.tag}> "{value}" {read}; RSS 2.0 dates are {wanted}'
    return None, [at(element, "rss-date-format", message)]
