"""RSS 2.0 with `content:encoded` and an `atom:link rel="self"`, through python-feedgen."""

from __future__ import annotations

import email.utils
from datetime import datetime

import feedgen.entry
import feedgen.feed

from feedgen_app.formats.feedgen_setup import feed_generator
from feedgen_app.model import Feed


def _rfc822(moment: datetime) -> str:
    """RFC 822 date in English whatever the locale, without touching the locale."""
    return email.utils.format_datetime(moment)


# feedgen formats RSS dates by switching the whole process to the C locale and back
# (`feedgen.util.formatRFC2822`), which races with any other thread that reads the locale.
# The standard library's formatter is locale-free and gives the same text.
feedgen.feed.formatRFC2822 = _rfc822
feedgen.entry.formatRFC2822 = _rfc822


def write(feed: Feed) -> bytes:
    document: bytes = feed_generator(feed, "rss").rss_str(pretty=True, encoding="UTF-8")
    return document
