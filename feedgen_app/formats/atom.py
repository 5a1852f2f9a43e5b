"""Atom 1.0 (RFC 4287) through python-feedgen."""

from __future__ import annotations

from feedgen_app.formats.feedgen_setup import feed_generator
from feedgen_app.model import Feed


def write(feed: Feed) -> bytes:
    document: bytes = feed_generator(feed, "atom").atom_str(pretty=True, encoding="UTF-8")
    return document
