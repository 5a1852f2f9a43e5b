"""Filling a python-feedgen `FeedGenerator` from our `Feed`, with its quirks worked around.

- `add_entry` prepends unless told otherwise: we always append, so entries keep our order.
- `updated`, `lastBuildDate` and entry `updated` default to the wall clock: we always set them
  from the articles, so a rebuild with nothing changed yields the same bytes.
- The RSS channel `<link>` is whichever link was added last: the site (alternate) goes last.
- RSS `<author>` must be an e-mail address: names without one go to `dc:creator`.
- RFC 822 dates are formatted by switching the process-wide locale: see `rss.py`.
- The generator element carries no version, so upgrading feedgen_app does not change feeds.
"""

from __future__ import annotations

import html
from typing import Any, Literal

from feedgen.entry import FeedEntry
from feedgen.ext.base import BaseEntryExtension
from feedgen.feed import FeedGenerator

from feedgen_app.model import Author, Entry, Feed

Format = Literal["atom", "rss"]
GENERATOR = "feedgen_app"
GENERATOR_URI = "https://pypi.org/project/feedgen_app/"
_SELF_TYPES = {"atom": "application/atom+xml", "rss": "application/rss+xml"}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class EntryLanguage(BaseEntryExtension):  # type: ignore[misc]
    """Puts an article's own language on its Atom `<entry xml:lang>` (feedgen has no field)."""

    def __init__(self) -> None:
        self.language: str | None = None

    def extend_atom(self, entry: Any) -> Any:
        if self.language:
            entry.set(_XML_LANG, self.language)
        return entry


def feed_generator(feed: Feed, fmt: Format) -> FeedGenerator:
    generator = FeedGenerator()
    generator.load_extension("dc", atom=False, rss=True)
    generator.id(feed.self_url)
    generator.title(feed.title)
    generator.subtitle(feed.subtitle)
    generator.link(href=feed.self_url, rel="self", type=_SELF_TYPES[fmt])
    generator.link(href=feed.site_url, rel="alternate")
    for author in feed.authors:
        generator.author(_author_fields(author))
    if feed.language:
        generator.language(feed.language)
    generator.updated(feed.updated)
    generator.lastBuildDate(feed.updated)
    generator.generator(GENERATOR, uri=GENERATOR_URI)
    for entry in feed.entries:
        _add_entry(generator.add_entry(order="append"), entry, fmt)
    return generator


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
    elif article.lang:
        item.register_extension("language", EntryLanguage, atom=True, rss=False)
        item.language.language = article.lang


def _author_fields(author: Author) -> dict[str, str]:
    fields = {"name": author.name, "email": author.email, "uri": author.uri}
    return {key: value for key, value in fields.items() if value}
