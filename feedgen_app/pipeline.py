"""The build, start to finish: discover -> read -> assemble -> select -> render -> check -> publish.

Nothing in `build/` is touched until every article was read and every feed rendered and checked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from feedgen_app.assemble import SourceFile, assemble, select
from feedgen_app.config import SiteConfig
from feedgen_app.dates import source_date_epoch
from feedgen_app.datestore import RECORD_NAME, load_record, render_record
from feedgen_app.discover import discover
from feedgen_app.errors import ArticleError, BuildFailed, Problem, SourceRef
from feedgen_app.lock import build_lock
from feedgen_app.model import Article, Author, Entry, Feed
from feedgen_app.publish import publish, write_if_changed
from feedgen_app.readers import READERS, RawArticle, ReadOptions, read_article
from feedgen_app.render import render_entry
from feedgen_app.validate import validate_feed
from feedgen_app.writers import WRITERS


@dataclass(frozen=True)
class BuildOptions:
    config: SiteConfig
    drafts: bool = False
    """Publish articles marked as drafts."""
    future: bool = False
    """Publish articles dated in the future."""
    strict: bool = False
    """Treat warnings as errors: publish nothing if there are any."""
    skip_invalid: bool = False
    """Publish the valid articles; list the files that could not be read in the report."""


@dataclass(frozen=True)
class FeedReport:
    path: Path
    entries: int
    changed: bool


@dataclass(frozen=True)
class BuildReport:
    articles: int
    feeds: tuple[FeedReport, ...]
    warnings: tuple[Problem, ...]
    drafts_left_out: int
    future_left_out: int
    skipped: tuple[Problem, ...]
    """With `skip_invalid`: the errors of the files left out."""


def build(options: BuildOptions) -> BuildReport:
    config = options.config
    with build_lock(config.output_dir):
        found = discover(config.items_dir, frozenset(READERS))
        sources, problems = read_all(found.files, config)
        assembled = assemble(sources, config, load_record(config.items_dir))
        skipped = tuple(sorted((*problems, *assembled.problems), key=_by_path))
        if skipped and not options.skip_invalid:
            raise BuildFailed(skipped)
        now = current_time()
        chosen = select(
            assembled.articles, config.item_limit, now, drafts=options.drafts, future=options.future
        )
        entries = tuple(render_entry(article) for article in chosen)
        outputs = {
            fmt: (config.output_dir / path, WRITERS[fmt](make_feed(config, fmt, entries)))
            for fmt, path in config.feeds.items()
        }
        checked = check_outputs(outputs, config, entries, now)
        warnings = found.skipped + assembled.warnings + checked
        if options.strict and warnings:
            raise BuildFailed(warnings)
        published = publish(dict(outputs.values()), config.output_dir)
        record = config.items_dir / RECORD_NAME
        if assembled.chosen_dates or record.exists():
            write_if_changed(record, render_record(assembled.chosen_dates))
    reports = tuple(FeedReport(item.path, len(entries), item.changed) for item in published)
    drafts, future = _left_out(assembled.articles, options, now)
    return BuildReport(len(assembled.articles), reports, warnings, drafts, future, skipped)


def _by_path(problem: Problem) -> str:
    return problem.where.path


def _left_out(articles: Sequence[Article], options: BuildOptions, now: datetime) -> tuple[int, int]:
    """How many drafts and future articles the options left out."""
    drafts = 0 if options.drafts else sum(article.draft for article in articles)
    future = 0 if options.future else sum(article.published > now for article in articles)
    return drafts, future


def read_all(
    files: Sequence[Path], config: SiteConfig
) -> tuple[list[tuple[SourceFile, RawArticle]], list[Problem]]:
    """Read every file: the articles read, and the problems of every file that could not be."""
    options = ReadOptions(config.timezone, config.chrome_lines, config.max_file_size)
    sources: list[tuple[SourceFile, RawArticle]] = []
    problems: list[Problem] = []
    for path in files:
        try:
            raw = read_article(path, SourceRef(str(path)), options)
        except ArticleError as exc:
            problems.extend(exc.problems)
            continue
        rel = PurePosixPath(path.relative_to(config.items_dir).as_posix())
        sources.append((SourceFile(path, rel), raw))
    return sources, problems


def make_feed(config: SiteConfig, fmt: str, entries: tuple[Entry, ...]) -> Feed:
    updated = max((entry.article.updated for entry in entries), default=None)
    return Feed(
        title=config.title,
        subtitle=config.description or config.title,
        site_url=config.site_url,
        self_url=config.feed_url(fmt),
        language=config.language,
        authors=config.authors or (Author(config.title),),
        updated=updated or source_date_epoch() or datetime.fromtimestamp(0, UTC),
        entries=entries,
    )


def check_outputs(
    outputs: dict[str, tuple[Path, bytes]],
    config: SiteConfig,
    entries: tuple[Entry, ...],
    now: datetime,
) -> tuple[Problem, ...]:
    """Run `check` on what is about to be published: errors refuse the build, warnings are
    returned. A finding inside an entry is reported at the article file that made it."""
    sources = {entry.article.id: entry.article.source for entry in entries}
    # Future dates are only news if nobody asked for them (--future publishes them on purpose).
    now = max([now, *(entry.article.updated for entry in entries)])
    errors: list[Problem] = []
    warnings: list[Problem] = []
    for fmt, (path, data) in outputs.items():
        for finding in validate_feed(data, self_url=config.feed_url(fmt), now=now):
            where = sources.get(finding.entry_id or "", SourceRef(str(path), finding.line))
            message = f"in {path.name}: {finding.message} [{finding.rule}]"
            (errors if finding.severity == "error" else warnings).append(
                Problem(where, message, finding.severity)
            )
    if errors:
        raise BuildFailed(errors)
    return tuple(warnings)


def current_time() -> datetime:
    """'Now' for leaving out future articles: SOURCE_DATE_EPOCH when set, else the clock."""
    return source_date_epoch() or datetime.now(UTC)
