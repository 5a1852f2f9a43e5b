"""Filling a python-feedgen `FeedGenerator` from our `Feed`, with its quirks worked around.

- `add_entry` prepends unless told otherwise: we always append, so entries keep our order.
- `updated`, `lastBuildDate` and entry `updated` default to the wall clock: we always set them
  from the articles, so a rebuild with nothing changed yields the same bytes.
- The RSS channel `<link>` is whichever link was added last: the site (alternate) goes last.
- RSS `<author>` must be an e-mail address: names without one go to `dc:creator`.
- RFC 822 dates are formatted by switching the process-wide locale: replaced here.
- The generator element carries no version, so upgrading feedgen_app does not change feeds.
- feedgen knows no RFC 5005 archive links, no WebSub hub links in RSS and no stylesheet
  instruction: the feed-level extension `FeedLinksExtension` adds them to both.
"""

from __future__ import annotations

import email.utils
import html
from datetime import UTC, datetime
from typing import Any, Literal

import feedgen.entry
import feedgen.feed
from feedgen.entry import FeedEntry
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from feedgen_app.formats import FORMATS
from feedgen_app.formats.itunes import add_channel_tags, add_episode_tags
from feedgen_app.model import ArchiveLinks, Author, Enclosure, Entry, Feed

Format = Literal["atom", "rss"]
GENERATOR = "feedgen_app"
GENERATOR_URI = "https://pypi.org/project/feedgen_app/"

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_HISTORY_NS = "http://purl.org/syndication/history/1.0"


def _rfc822(moment: datetime) -> str:
    """RFC 822 date in English whatever the locale, without touching the locale."""
    return email.utils.format_datetime(moment)


# feedgen formats RSS dates by switching the whole process to the C locale and back
# (`feedgen.util.formatRFC2822`), which races with any other thread that reads the locale.
# The standard library's formatter is locale-free and gives the same text. Every use of
# feedgen goes through this module (`rss.write`, `parts`), so the fix is in place for all.
feedgen.feed.formatRFC2822 = _rfc822
feedgen.entry.formatRFC2822 = _rfc822


class FeedLinksExtension(BaseExtension):  # type: ignore[misc]
    """What feedgen does not write at the feed level: RFC 5005 section 4 `current`,
    `prev-archive` and `next-archive` links and `<fh:archive/>` on archive pages; WebSub `hub`
    links (in RSS as `atom:link` elements of the channel, as feedgen writes the self link); and
    the `<?xml-stylesheet?>` processing instruction before the root element."""

    def __init__(self) -> None:
        self.feed = Feed("", "", "", "", None, (), datetime.fromtimestamp(0, UTC), ())
        self.media_type = ""

    def extend_ns(self) -> dict[str, str]:
        return {"fh": FEED_HISTORY_NS} if self.feed.archive.is_archive_page else {}

    def extend_atom(self, feed: Any) -> Any:
        # feedgen declares Atom as the default namespace by attribute, so that its elements
        # carry no namespace in the tree: ours must not either.
        self._add(feed, "link")
        return feed

    def extend_rss(self, rss: Any) -> Any:
        self._add(rss.find("channel"), f"{{{_ATOM_NS}}}link")
        return rss

    def _add(self, parent: Any, link_tag: str) -> None:
        links = self.feed.archive
        if links.is_archive_page:
            parent.append(parent.makeelement(f"{{{FEED_HISTORY_NS}}}archive", {}))
        relations: list[tuple[str | None, str, str | None]]
        relations = [(hub, "hub", None) for hub in self.feed.hubs]
        relations += [
            (links.current, "current", self.media_type),
            (links.prev_archive, "prev-archive", self.media_type),
            (links.next_archive, "next-archive", self.media_type),
        ]
        for href, rel, media_type in relations:
            if href is not None:
                attributes = {"rel": rel, "href": href} | (
                    {"type": media_type} if media_type else {}
                )
                parent.append(parent.makeelement(link_tag, attributes))
        if self.feed.stylesheet is not None:
            stylesheet = f'type="text/css" href="{html.escape(self.feed.stylesheet)}"'
            parent.getroottree().getroot().addprevious(
                etree.ProcessingInstruction("xml-stylesheet", stylesheet)
            )


class AtomEntryExtension(BaseEntryExtension):  # type: ignore[misc]
    """Puts an article's own language on its Atom `<entry xml:lang>` (feedgen has no field),
    and its enclosure link (feedgen 1.0 writes an entry's links without `rel`, `type` and
    `length`: its loop variable shadows the link it reads them from)."""

    def __init__(self) -> None:
        self.language: str | None = None
        self.enclosure: Enclosure | None = None

    def extend_atom(self, entry: Any) -> Any:
        if self.language:
            entry.set(_XML_LANG, self.language)
        enclosure = self.enclosure
        if enclosure is not None:
            fields = {"rel": "enclosure", "href": enclosure.url, "type": enclosure.type}
            fields["length"] = str(enclosure.length)
            if enclosure.title:
                fields["title"] = enclosure.title
            entry.append(entry.makeelement("link", fields))
        return entry


def feed_generator(feed: Feed, fmt: Format, *, media: bool | None = None) -> FeedGenerator:
    """A generator filled with `feed`. `media`: whether the RSS channel declares the Media RSS
    namespace (default: when an entry has an image; `formats.parts` decides it for the entries
    a document will carry, not the ones given here)."""
    generator = FeedGenerator()
    generator.load_extension("dc", atom=False, rss=True)
    _add_feed_fields(generator, feed, fmt)
    if feed.archive != ArchiveLinks() or feed.hubs or feed.stylesheet:
        generator.register_extension("links", FeedLinksExtension, None)
        generator.links.feed = feed
        generator.links.media_type = FORMATS[fmt].media_type
    if media is None:
        media = any(entry.article.image for entry in feed.entries)
    if fmt == "rss" and media:
        generator.load_extension("media", atom=False, rss=True)
    if fmt == "rss" and feed.podcast is not None:
        add_channel_tags(generator, feed.podcast)
    for entry in feed.entries:
        item = generator.add_entry(order="append")
        _add_entry(item, entry, fmt)
        _add_media(item, entry, fmt)
        if fmt == "rss" and feed.podcast is not None:
            add_episode_tags(item, entry)
    return generator


def _add_feed_fields(generator: FeedGenerator, feed: Feed, fmt: Format) -> None:
    generator.id(feed.self_url)
    generator.title(feed.title)
    generator.subtitle(feed.subtitle)
    generator.link(href=feed.self_url, rel="self", type=FORMATS[fmt].media_type)
    generator.link(href=feed.site_url, rel="alternate")
    for author in feed.authors:
        generator.author(_author_fields(author))
    if feed.language:
        generator.language(feed.language)
    if feed.icon:
        generator.icon(feed.icon)
    if feed.logo:
        generator.logo(feed.logo)  # also the RSS <image>, titled and linked like the channel
    generator.updated(feed.updated)
    generator.lastBuildDate(feed.updated)
    generator.generator(GENERATOR, uri=GENERATOR_URI)


def _add_media(item: FeedEntry, entry: Entry, fmt: Format) -> None:
    """RSS: the enclosure, and the image as `media:content` and `media:thumbnail`."""
    if fmt != "rss":
        return  # Atom's enclosure: `AtomEntryExtension`
    enclosure = entry.article.enclosure
    if enclosure is not None:
        item.enclosure(enclosure.url, str(enclosure.length), enclosure.type)
    image = entry.article.image
    if image:
        item.media.content({"url": image, "medium": "image"}, group=None)
        item.media.thumbnail({"url": image}, group=None)


def _add_entry(item: FeedEntry, entry: Entry, fmt: Format) -> None:
    article = entry.article
    item.id(article.id)
    item.guid(article.id, permalink=article.id == article.url)
    item.title(article.title)
    item.link(href=article.url, rel="alternate")
    item.published(article.published)
    item.updated(article.updated)
    item.content(entry.content_html, type="html")
    if entry.summary:
        item.summary(html.escape(entry.summary) if fmt == "rss" else entry.summary, type="text")
    for tag in article.tags:
        item.category(term=tag)
    for author in article.authors:
        item.author(_author_fields(author))
    if fmt == "rss":
        for author in article.authors:
            if not author.email:
                item.dc.dc_creator(author.name)
        if article.lang:
            item.dc.dc_language(article.lang)
    elif article.lang or article.enclosure:
        item.register_extension("atom_extras", AtomEntryExtension, atom=True, rss=False)
        item.atom_extras.language = article.lang
        item.atom_extras.enclosure = article.enclosure


def _author_fields(author: Author) -> dict[str, str]:
    fields = {"name": author.name, "email": author.email, "uri": author.uri}
    return {key: value for key, value in fields.items() if value}
