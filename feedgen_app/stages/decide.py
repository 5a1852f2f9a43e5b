"""From what each file says to decided articles: dates, URLs and ids, checked across files.

Every file gets a `Decided`: the few fields that sorting, filtering and the checks across files
need (id, URL, date, draft) plus its warnings. Only the articles that land in a feed become full
`Article` records. A `Decided` is kept in the article store with the key of the settings that
decided it, so a rebuild decides again only the files that changed (`stages.assemble`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urljoin

from feedgen_app import urls
from feedgen_app.config import SiteConfig
from feedgen_app.dates import from_filename, from_path
from feedgen_app.errors import Problem, SourceRef, fail, warning
from feedgen_app.model import Article
from feedgen_app.readers import RawArticle
from feedgen_app.sites.ids import jekyll_feed_id
from feedgen_app.stages.discover import Found
from feedgen_app.state import digest
from feedgen_app.state.date_record import RECORD_NAME, infer_date
from feedgen_app.state.made_with import made_with


class Decided(NamedTuple):
    """What was decided for one file (a named tuple: one is made per file per build)."""

    id: str
    url: str
    published: datetime
    draft: bool
    warnings: tuple[Problem, ...]
    """The reader's and the assembler's warnings for this file."""
    chosen_date: datetime | None
    """The date chosen for a file that has none (for the date record)."""
    tags: tuple[str, ...]
    authors: tuple[str, ...]
    """The names of the article's authors (the site's when it names none)."""
    section: str | None
    """The first-level folder the article is in, if any (`urls.section`)."""


class InputKeys:
    """The keys of what feed files are made from, each computed once per build: the settings
    (every one, with the versions of `made_with` and SOURCE_DATE_EPOCH, an empty feed's
    date) and each article (`article_key`: its row's, which holds its bytes' digest and its
    decision) — an article is in a dozen files, and files number thousands."""

    def __init__(self, config: SiteConfig, article_key: Callable[[str], str]) -> None:
        made_of = (made_with(), config, os.environ.get("SOURCE_DATE_EPOCH"))
        self.settings = digest(repr(made_of).encode())
        self._article_key = article_key
        self._articles: dict[str, str] = {}
        self._lists: dict[int, tuple[Sequence[tuple[Found, Decided]], str]] = {}

    def article(self, rel: str) -> str:
        key = self._articles.get(rel)
        if key is None:
            key = self._articles[rel] = self._article_key(rel)
        return key

    def articles(self, members: Sequence[tuple[Found, Decided]]) -> str:
        """The key of a list of articles, made once for the documents that share the list (the
        formats of one feed or archive page: 7,506 documents, 2,502 lists at 10,000 articles)."""
        held = self._lists.get(id(members))
        if held is not None and held[0] is members:
            return held[1]
        rels = list(map(_REL, map(itemgetter(0), members)))  # in C: 610,000 at 100,000 articles
        try:
            text = "\n".join(map(self._articles.__getitem__, rels))
        except KeyError:  # an article not keyed yet
            text = "\n".join(map(self.article, rels))
        key = digest(text.encode())
        self._lists[id(members)] = (members, key)
        return key


_REL = attrgetter("rel")


class Source(NamedTuple):
    """An article file: where it is, and its record on demand (from the article store)."""

    found: Found
    raw: Callable[[], RawArticle]


def settings_key(config: SiteConfig, recorded: Mapping[str, datetime]) -> str:
    """Digest of everything besides a file's own bytes that its `Decided` depends on: every
    setting (so no setting can be forgotten here when one is added) and the date record."""
    record = sorted((rel, moment.isoformat()) for rel, moment in recorded.items())
    return digest(repr((config, record)).encode())


def article(source: Source, decision: Decided, config: SiteConfig) -> Article:
    """The full record of an article that lands in a feed, from its record and what was decided
    for it (nothing is decided again: no date is inferred twice)."""
    raw = source.raw()
    return Article(
        id=decision.id,
        title=raw.title,
        url=decision.url,
        published=decision.published,
        updated=max(raw.updated or decision.published, decision.published),
        authors=raw.authors or config.authors,
        tags=raw.tags,
        summary=raw.summary,
        lang=raw.lang,
        draft=decision.draft,
        body=raw.body,
        source=raw.source,
        image=urljoin(decision.url, raw.image) if raw.image else None,
        enclosure=(
            replace(raw.enclosure, url=urljoin(decision.url, raw.enclosure.url))
            if raw.enclosure
            else None
        ),
    )


def decide(
    found: Found, raw: RawArticle, config: SiteConfig, recorded: Mapping[str, datetime]
) -> Decided:
    """What is decided for one file: id, URL, dates, draft, feed memberships, warnings; raises
    ArticleError. The same file, settings and date record give the same result (an undated
    file's date is looked up in the record, or inferred)."""
    notes: list[Problem] = list(raw.warnings)
    published, chosen = _published(found, raw, config, recorded, notes)
    hugo = config.generator == "hugo"
    slug = urls.slugify(raw.slug) if raw.slug else urls.default_slug(found.rel, keep_date=hugo)
    url = _url(found, raw, config, published, slug)
    if raw.updated is not None and raw.updated < published:
        where = raw.source.at(raw.lines.get("updated", 0))
        notes.append(warning(where, "updated is before date; using date for both"))
    if raw.id is not None:
        ident = raw.id
    elif config.id_style == "jekyll-feed" and raw.link is None:
        ident = jekyll_feed_id(url, slug)
    else:
        ident = url
    return Decided(  # (id, URL, date, draft, warnings, chosen date, tags, authors, section)
        ident,
        url,
        published,
        raw.draft or "_drafts" in found.rel.split("/"),
        tuple(notes),
        chosen,
        raw.tags,
        tuple([author.name for author in raw.authors or config.authors]),
        urls.section(found.rel),
    )


def _published(
    found: Found,
    raw: RawArticle,
    config: SiteConfig,
    recorded: Mapping[str, datetime],
    notes: list[Problem],
) -> tuple[datetime, datetime | None]:
    """(date, the date chosen for an undated file): the front matter's, else the file name's,
    else a date in the URL path or the folders, else a recorded or inferred one."""
    named = from_filename(urls.stem(found.rel), config.timezone)
    if raw.date is not None:
        local = raw.date.astimezone(config.timezone).date()
        if named is not None and abs((local - named.date()).days) > 1:
            message = (
                f"the file name says {named.date()} but date says {local}; "
                "using date (rename the file or fix the date)"
            )
            notes.append(warning(raw.source.at(raw.lines.get("date", 0)), message))
        return raw.date, None
    pathed = named or _date_in_path(found, raw, config)
    if pathed is not None:
        return pathed, None
    record = config.items_dir / RECORD_NAME
    if found.rel in recorded:
        date = recorded[found.rel]
        how = f"recorded in {record} on an earlier build"
    else:
        date, origin = infer_date(Path(found.path))
        how = f"from {origin}; recorded in {record}: commit it so clones keep this date"
    notes.append(warning(raw.source, f"no date in the file; using {date.isoformat()} {how}"))
    return date, date


def _date_in_path(found: Found, raw: RawArticle, config: SiteConfig) -> datetime | None:
    """A `YYYY/MM/DD` or `YYYY-MM-DD` run in the front matter's path or slug, else in the
    folders (`2024/05/01/hello.md`, `2024-05-01-hello/index.md`)."""
    folders = "/".join(urls.stem_and_folders(found.rel)[0])
    for text in (raw.permalink, raw.slug, folders):
        moment = from_path(text, config.timezone) if text else None
        if moment is not None:
            return moment
    return None


def _url(found: Found, raw: RawArticle, config: SiteConfig, published: datetime, slug: str) -> str:
    if raw.link is not None:  # checked by the reader (urls.http_url_problem)
        return raw.link
    if raw.permalink is not None:
        try:
            path = urls.site_path(raw.permalink, config.site_url)
        except ValueError as exc:
            raise fail(raw.source.at(raw.lines["permalink"]), f"permalink: {exc}") from exc
        if config.generator == "zola" and not path.endswith("/"):
            path += "/"  # Zola serves every page's `path` as a folder
    else:
        path = urls.pattern_path(config.permalink, found.rel, slug, published, raw.categories)
    return urls.absolute_url(config.site_url, path)


def without_duplicates(
    decided: list[tuple[Found, Decided]],
) -> tuple[list[tuple[Found, Decided]], list[Problem]]:
    """Two articles may share neither an id nor a URL: the second is refused, both are named."""
    first_by: dict[tuple[str, str], Found] = {}
    unique, problems = [], []
    for found, decision in decided:
        keys = (("id", decision.id), ("URL", decision.url))
        clash = next(((key, first_by[key]) for key in keys if key in first_by), None)
        if clash is None:
            first_by.update(dict.fromkeys(keys, found))
            unique.append((found, decision))
            continue
        (what, value), first = clash
        message = (
            f"{what} {value!r} is also the {what} of {first.path} "
            "(each article needs its own: change `id:` or the permalink of one)"
        )
        problems.append(Problem(SourceRef(found.path), message))
    return unique, problems
