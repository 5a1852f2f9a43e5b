"""RSS 2.0 with `content:encoded` and an `atom:link rel="self"`, through python-feedgen (whose
locale-switching date formatter `feedgen_setup` replaces)."""

from __future__ import annotations

from feedgen_app.formats.feedgen_setup import feed_generator
from feedgen_app.model import Feed


def write(feed: Feed) -> bytes:
    document: bytes = feed_generator(feed, "rss").rss_str(pretty=True, encoding="UTF-8")
    return document
