"""A full build: read -> assemble -> select -> render -> write -> check -> publish.

`pipeline.build` calls this when the last build's manifest does not cover the request; this module
holds the imports that cost time (YAML, Markdown, lxml, feedgen), so a rebuild with nothing to do
never loads them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from feedgen_app.config import BuildOptions, SiteConfig
from feedgen_app.dates import source_date_epoch
from feedgen_app.errors import BuildFailed, Problem, SourceRef, counted
from feedgen_app.formats import WRITERS
from feedgen_app.model import Article, Author, Entry, Feed
from feedgen_app.progress import Report
from feedgen_app.readers import ReadOptions
from feedgen_app.report import BuildReport, FeedReport
from feedgen_app.stages.decide import (
    Assembled,
    Decided,
    Source,
    article,
    assemble,
    select,
    settings_key,
)
from feedgen_app.stages.discover import Discovered
from feedgen_app.stages.publish import publish, write_if_changed
from feedgen_app.stages.read import Deciding, read_all
from feedgen_app.stages.render import render_entry
from feedgen_app.state.date_record import RECORD_NAME, load_record, render_record
from feedgen_app.state.parse_cache import ArticleCache, open_cache, open_rendered
from feedgen_app.validate import validate_feed


@dataclass(frozen=True)
class Rebuilt:
    report: BuildReport
    outputs: dict[Path, bytes]
    due: datetime | None
    """When the earliest left-out future article comes due: the output changes then."""


def rebuild(options: BuildOptions, found: Discovered, now: datetime, progress: Report) -> Rebuilt:
    config = options.config
    reads = read_articles(found, config, progress)
    assembled = assemble_all(reads, config)
    skipped = tuple(sorted((*reads.problems, *assembled.problems), key=_by_path))
    if skipped and not options.skip_invalid:
        raise BuildFailed(skipped)
    chosen = select(
        assembled.decided, config.item_limit, now, drafts=options.drafts, future=options.future
    )
    progress(f"rendering {counted(len(chosen), 'article')}")
    recorded = reads.recorded
    articles = [article(reads.sources[found.rel], config, recorded) for found, _ in chosen]
    entries = render_all(articles, reads, config)
    progress("writing the feeds")
    outputs = {
        fmt: (config.output_dir / path, WRITERS[fmt](make_feed(config, fmt, entries)))
        for fmt, path in config.feeds.items()
    }
    checked = check_outputs(outputs, config, entries, now)
    warnings = reads.notes + found.skipped + assembled.warnings + checked
    if options.strict and warnings:
        raise BuildFailed(warnings)
    published = publish(dict(outputs.values()), config.output_dir)
    record = config.items_dir / RECORD_NAME
    if assembled.chosen_dates or record.exists():
        write_if_changed(record, render_record(assembled.chosen_dates))
    reports = tuple(FeedReport(item.path, len(entries), item.changed) for item in published)
    decided = [decision for _, decision in assembled.decided]
    drafts, future = _left_out(decided, options, now)
    report = BuildReport(len(decided), reports, warnings, drafts, future, skipped)
    return Rebuilt(report, dict(outputs.values()), _due(decided, options, now))


def assemble_all(reads: Reads, config: SiteConfig) -> Assembled:
    """Assemble, taking still-valid decisions from the cache and keeping the new ones there."""
    assembled = assemble(reads.sources.values(), config, reads.recorded)
    for rel, decision in assembled.fresh.items():
        entry = reads.cache.entries[rel]
        entry.decided, entry.decided_key = decision, reads.key
    reads.cache.changed += len(assembled.fresh)
    reads.cache.save()
    return assembled


def _due(decided: Sequence[Decided], options: BuildOptions, now: datetime) -> datetime | None:
    if options.future:
        return None
    waiting = (d.published for d in decided if options.drafts or not d.draft)
    return min((moment for moment in waiting if moment > now), default=None)


def _by_path(problem: Problem) -> str:
    return problem.where.path


def _left_out(decided: Sequence[Decided], options: BuildOptions, now: datetime) -> tuple[int, int]:
    """How many drafts and future articles the options left out."""
    drafts = 0 if options.drafts else sum(d.draft for d in decided)
    future = 0 if options.future else sum(d.published > now for d in decided)
    return drafts, future


def read_options(config: SiteConfig) -> ReadOptions:
    return ReadOptions(config.timezone, config.chrome_lines, config.max_file_size)


def render_all(chosen: Sequence[Article], reads: Reads, config: SiteConfig) -> tuple[Entry, ...]:
    """The entries of `chosen`, taking unchanged articles' HTML from the last build."""
    rendered = open_rendered(config.cache_dir, config.items_dir)
    rel_of = {source.found.path: rel for rel, source in reads.sources.items()}
    entries = []
    for chosen_article in chosen:
        rel = rel_of[chosen_article.source.path]
        file_digest = reads.cache.entries[rel].digest
        content = rendered.get(rel, file_digest, chosen_article.url)
        entry = render_entry(chosen_article, content)
        rendered.put(rel, file_digest, chosen_article.url, entry.content_html)
        entries.append(entry)
    rendered.save()
    return tuple(entries)


@dataclass(frozen=True)
class Reads:
    sources: dict[str, Source]
    """By relative path, in path order."""
    cache: ArticleCache
    recorded: Mapping[str, datetime]
    """The date record as it was before this build."""
    key: str
    """The settings key of this build's decisions (`assemble.settings_key`)."""
    problems: list[Problem]
    """Of the files that could not be read."""
    notes: tuple[Problem, ...]
    """Warnings about the cache."""


def read_articles(found: Discovered, config: SiteConfig, progress: Report) -> Reads:
    """Every article file, through the cache."""
    options = read_options(config)
    cache, notes = open_cache(config.cache_dir, config.items_dir, options)
    recorded = load_record(config.items_dir)
    key = settings_key(config, recorded)
    reads, problems = read_all(
        found.files, options, cache, Deciding(config, recorded, key), progress
    )
    sources = {
        r.found.rel: Source(r.found, r.entry.decided_for(key), r.entry.record) for r in reads
    }
    return Reads(sources, cache, recorded, key, problems, notes)


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
