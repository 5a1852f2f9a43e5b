"""Every rule id the validator can report, with what it checks. Rule ids are stable."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

RULES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "xml-not-well-formed": "The document is not well-formed XML.",
        "feed-unknown-format": "The root element is neither an Atom <feed> nor an RSS <rss>.",
        # Atom 1.0, RFC 4287
        "atom-root": "An Atom feed document's root is <feed> in the Atom namespace.",
        "atom-schema": "The document matches the RELAX NG schema of RFC 4287 Appendix B.",
        "atom-author-missing": "Each entry has an <author>, or the feed has one (4.1.1, 4.1.2).",
        "atom-link-alternate-duplicate": (
            "At most one rel=alternate link per type and hreflang in a feed or entry (4.1.1)."
        ),
        "atom-date-format": "<updated> and <published> are RFC 3339 date-times with a zone (3.3).",
        "atom-id-not-absolute": "Every <id> is an absolute IRI (4.2.6).",
        "atom-id-duplicate": "No two entries of a feed share an <id> (4.2.6).",
        "atom-entry-alternate-missing": (
            "An entry without <content> has a rel=alternate link (4.1.1)."
        ),
        "atom-self-link-missing": 'The feed has a <link rel="self" href=...> (4.2.7.2).',
        "atom-self-link-mismatch": "The self link points at the URL the feed is served at.",
        # RSS 2.0, https://www.rssboard.org/rss-specification
        "rss-root": "An RSS document's root is <rss> with no namespace.",
        "rss-version": 'The <rss> element has version="2.0".',
        "rss-channel-count": "<rss> has exactly one <channel>.",
        "rss-channel-required": "<channel> has <title>, <link> and <description>.",
        "rss-link-not-absolute": "Channel and item <link> are absolute http(s) URLs.",
        "rss-item-title-or-description": "Every <item> has a <title> or a <description>.",
        "rss-date-format": "<pubDate> and <lastBuildDate> are RFC 822 dates.",
        "rss-guid-permalink": "A permalink <guid> (isPermaLink true or absent) is an absolute URL.",
        "rss-guid-duplicate": "No two items share a <guid>.",
        "rss-unknown-element": "Elements RSS 2.0 does not define are in a namespace.",
        "rss-self-link-missing": 'The channel has an <atom:link rel="self" href=...>.',
        "rss-self-link-mismatch": "The self link points at the URL the feed is served at.",
    }
)
