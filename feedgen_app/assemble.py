"""From what each file says to decided articles: dates, URLs and ids, checked across files."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from feedgen_app import urls
from feedgen_app.config import SiteConfig
from feedgen_app.dates import from_filename
from feedgen_app.datestore import RECORD_NAME, infer_date
from feedgen_app.discover import Found
from feedgen_app.errors import ArticleError, Problem, fail, warning
from feedgen_app.model import Article
from feedgen_app.readers import RawArticle


@dataclass(frozen=True)
class Assembled:
    articles: tuple[Article, ...]
    warnings: tuple[Problem, ...]
    chosen_dates: Mapping[str, datetime]
    """Dates chosen for undated articles, by relative path: the new date record."""
    problems: tuple[Problem, ...]
    """Errors of the articles left out of `articles`."""


def assemble(
    raws: Iterable[tuple[Found, RawArticle]],
    config: SiteConfig,
    recorded: Mapping[str, datetime],
) -> Assembled:
    """Decide every article's dates, URL and id; articles with errors are left out and their
    problems listed (of two articles with the same id or URL, the second in path order)."""
    return _Assembler(config, recorded).run(raws)


class _Assembler:
    def __init__(self, config: SiteConfig, recorded: Mapping[str, datetime]) -> None:
        self.config = config
        self.recorded = recorded
        self.chosen: dict[str, datetime] = {}
        self.notes: list[Problem] = []

    def run(self, raws: Iterable[tuple[Found, RawArticle]]) -> Assembled:
        articles: list[Article] = []
        problems: list[Problem] = []
        for source, raw in raws:
            self.notes.extend(raw.warnings)
            try:
                articles.append(self.decide(source, raw))
            except ArticleError as exc:
                problems.extend(exc.problems)
        unique, duplicates = _without_duplicates(articles)
        problems.extend(duplicates)
        return Assembled(tuple(unique), tuple(self.notes), self.chosen, tuple(problems))

    def decide(self, source: Found, raw: RawArticle) -> Article:
        published = self.published(source, raw)
        url = _url(source, raw, self.config, published)
        if raw.id is not None and not urls.is_absolute_iri(raw.id):
            accepted = "e.g. urn:uuid:…, tag:example.org,2024:hello, https://…"
            message = f"id: {raw.id!r} is not an absolute IRI ({accepted})"
            raise fail(raw.source.at(raw.lines["id"]), message)
        updated = raw.updated or published
        if updated < published:
            where = raw.source.at(raw.lines.get("updated", 0))
            self.notes.append(warning(where, "updated is before date; using date for both"))
            updated = published
        return Article(
            id=raw.id or url,
            title=raw.title,
            url=url,
            published=published,
            updated=updated,
            authors=raw.authors or self.config.authors,
            tags=raw.tags,
            summary=raw.summary,
            lang=raw.lang,
            draft=raw.draft or "_drafts" in source.rel.split("/"),
            body=raw.body,
            source=raw.source,
        )

    def published(self, source: Found, raw: RawArticle) -> datetime:
        """The front-matter date, else the file name's, else a recorded or inferred one."""
        named = from_filename(urls.stem(source.rel), self.config.timezone)
        if raw.date is not None:
            if named is not None and named.date() != raw.date.date():
                message = (
                    f"the file name says {named.date()} but date says {raw.date.date()}; "
                    "using date (rename the file or fix the date)"
                )
                self.notes.append(warning(raw.source.at(raw.lines.get("date", 0)), message))
            return raw.date
        if named is not None:
            return named
        return self.undated(source, raw)

    def undated(self, source: Found, raw: RawArticle) -> datetime:
        key = source.rel
        record = self.config.items_dir / RECORD_NAME
        if key in self.recorded:
            date = self.chosen[key] = self.recorded[key]
            how = f"recorded in {record} on an earlier build"
        else:
            date, origin = infer_date(Path(source.path))
            self.chosen[key] = date
            how = f"from {origin}; recorded in {record}: commit it so clones keep this date"
        self.notes.append(
            warning(raw.source, f"no date in the file; using {date.isoformat()} {how}")
        )
        return date


def _url(source: Found, raw: RawArticle, config: SiteConfig, published: datetime) -> str:
    if raw.link is not None:
        if not urls.is_absolute_url(raw.link):
            where = raw.source.at(raw.lines["link"])
            raise fail(where, f"link: {raw.link!r} is not an absolute http(s) URL")
        return raw.link
    if raw.permalink is not None:
        try:
            path = urls.site_path(raw.permalink, config.site_url)
        except ValueError as exc:
            raise fail(raw.source.at(raw.lines["permalink"]), f"permalink: {exc}") from exc
    else:
        slug = urls.slugify(raw.slug) if raw.slug else urls.default_slug(source.rel)
        path = urls.pattern_path(config.permalink, source.rel, slug, published)
    return urls.absolute_url(config.site_url, path)


def _without_duplicates(articles: list[Article]) -> tuple[list[Article], list[Problem]]:
    """Two articles may share neither an id nor a URL: the second is refused, both are named."""
    first_by: dict[tuple[str, str], Article] = {}
    unique, problems = [], []
    for article in articles:
        keys = (("id", article.id), ("URL", article.url))
        clash = next(((key, first_by[key]) for key in keys if key in first_by), None)
        if clash is None:
            first_by.update(dict.fromkeys(keys, article))
            unique.append(article)
            continue
        (what, value), first = clash
        message = (
            f"{what} {value!r} is also the {what} of {first.source.path} "
            "(each article needs its own: change `id:` or the permalink of one)"
        )
        problems.append(Problem(article.source, message))
    return unique, problems


def select(
    articles: Iterable[Article], limit: int, now: datetime, *, drafts: bool, future: bool
) -> tuple[Article, ...]:
    """Newest first (ties by id); drafts and future articles only if asked; `limit` 0 = all."""
    chosen = [
        article
        for article in articles
        if (drafts or not article.draft) and (future or article.published <= now)
    ]
    chosen.sort(key=lambda article: article.id)
    chosen.sort(key=lambda article: article.published, reverse=True)
    return tuple(chosen[:limit] if limit else chosen)
