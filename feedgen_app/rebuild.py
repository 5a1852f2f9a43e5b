"""A full build: read -> assemble (decide) -> plan -> render -> check -> publish.

`pipeline.build` calls this when the last build's manifest does not cover the request; this module
holds the imports that cost time (YAML, Markdown, lxml, feedgen), so a rebuild with nothing to do
never loads them.
"""

from __future__ import annotations

import importlib
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from itertools import repeat
from operator import itemgetter
from pathlib import Path

from feedgen_app.config import BuildOptions, SiteConfig
from feedgen_app.errors import BuildFailed, Problem, RenderFailed, SourceRef, counted
from feedgen_app.memory import collector_paused
from feedgen_app.progress import Report
from feedgen_app.readers import ReadOptions
from feedgen_app.report import BuildReport, FeedReport
from feedgen_app.stages.assemble import Assembled, Publishing, assemble
from feedgen_app.stages.decide import InputKeys, Source, settings_key
from feedgen_app.stages.discover import (
    ARTICLE_SUFFIXES,
    Discovered,
    Found,
)
from feedgen_app.stages.publish import Staging, publish, write_if_changed
from feedgen_app.stages.read import read_all
from feedgen_app.stages.read_files import Deciding
from feedgen_app.stages.still_held import StillHeld
from feedgen_app.stages.templating import templating_for
from feedgen_app.state.article_store import ArticleStore
from feedgen_app.state.date_record import RECORD_NAME, load_record, render_record
from feedgen_app.state.kept_plan import kept_plan_path
from feedgen_app.state.manifest import Output
from feedgen_app.state.rows import StoreDamaged
from feedgen_app.state.store_file import store_path
from feedgen_app.state.store_schema import damaged, open_store, remove_store
from feedgen_app.templates import Templating


@dataclass(frozen=True)
class Rebuilt:
    report: BuildReport
    outputs: dict[str, Output]
    """Every file the build owns in the output folder, by relative path."""
    due: datetime | None
    """When the earliest left-out future article comes due: the output changes then."""


def rebuild(
    options: BuildOptions,
    found: Discovered,
    now: datetime,
    earlier: dict[str, Output],
    progress: Report,
) -> Rebuilt:
    """`earlier`: the files the last successful build wrote: reused when what they were made
    from is unchanged, removed when no longer planned (of those no longer in place the build
    forgets all but their digests: `StillHeld.forget_gone`). A damaged article store is
    deleted (with a warning) and the build starts again, reading every file."""
    config = options.config
    path = store_path(config.cache_dir, config.items_dir)

    def attempt(notes: tuple[Problem, ...]) -> Rebuilt:
        reads = read_articles(found, config, progress, notes)
        try:
            return _Building(options, found, reads, now, earlier, progress).run()
        finally:
            reads.store.close()

    try:
        return attempt(())
    except sqlite3.OperationalError as exc:  # locked, read-only, full: not damaged
        raise BuildFailed([_cache_unusable(path, exc)]) from exc
    except (StoreDamaged, sqlite3.DatabaseError) as exc:
        first = exc
    try:
        remove_store(path)
    except OSError as exc:
        raise BuildFailed([_cache_unusable(path, exc)]) from exc
    try:
        return attempt((damaged(path, first),))
    except (StoreDamaged, sqlite3.DatabaseError) as exc:
        raise BuildFailed([_cache_unusable(path, exc)]) from exc


def _cache_unusable(path: Path, exc: Exception) -> Problem:
    message = (
        f"the cache cannot be used ({exc}): make the cache folder writable, free some disk "
        "space, or wait for the other build that uses it"
    )
    return Problem(SourceRef(str(path)), message)


@dataclass(frozen=True)
class _Building:
    """One rebuild, once the articles are read: what it reads from and what the last build
    wrote (`earlier`)."""

    options: BuildOptions
    found: Discovered
    reads: Reads
    now: datetime
    earlier: dict[str, Output]
    progress: Report

    def run(self) -> Rebuilt:
        options, found, reads = self.options, self.found, self.reads
        config, store = options.config, reads.store
        assembled = assemble(
            store, config, reads.recorded, files=found, key=reads.key, now=self.now, options=options
        )
        store.save()  # what was read and decided is kept, whatever happens next
        problems = (*found.problems, *reads.problems, *assembled.problems)
        skipped = tuple(sorted(problems, key=_by_path))
        if skipped and not options.skip_invalid:
            raise BuildFailed(skipped)

        # An article that cannot be rendered keeps its URL: it is still a page of the site.
        def urls() -> Iterator[tuple[str, str]]:
            return ((rel, url) for rel, url in store.urls() if rel not in assembled.refused)

        templating = templating_for(config, found.folders(), urls)
        publishable = Publishable(assembled, skipped)
        while True:
            try:
                return self.publish_articles(publishable, templating)
            except RenderFailed as exc:
                if not options.skip_invalid or exc.rels <= publishable.assembled.refused:
                    raise
                publishable = publishable.without(exc, store, self.now, options)

    def publish_articles(self, publishable: Publishable, templating: Templating) -> Rebuilt:
        """Plan, render, check and publish the articles `publishable`."""
        options, reads, earlier = self.options, self.reads, self.earlier
        config, out = options.config, options.config.output_dir
        assembled, skipped = publishable.assembled, publishable.skipped
        if not assembled.counts.articles and not options.allow_empty:
            raise BuildFailed([*skipped, nothing_to_publish(config.items_dir, self.found, skipped)])
        from feedgen_app.stages.outline import outline  # noqa: PLC0415 - `_import_outputs`
        from feedgen_app.stages.outputs import make_outputs  # noqa: PLC0415

        # The files in place asked while planning; the plan's hundreds of thousands of records
        # (a family's) made without the collector's passes over them.
        with StillHeld(earlier, out) as held, collector_paused():
            mostly = held.mostly()
            planned = outline(
                Publishing(reads.store, assembled, config, self.found, self.now, options),
                inputs=InputKeys(config, reads.article_key), settings_key=reads.key,
                kept_at=kept_plan_path(config.cache_dir, config.items_dir, out),
                reuse=mostly,
            )  # fmt: skip
        if not mostly:
            held.forget_gone(planned.keys)
        with Staging(out) as staging:
            made = make_outputs(
                planned, reads, earlier, config, held=held, templating=templating,
                staging=staging, now=self.now, progress=self.progress,
            )  # fmt: skip
            # An article's rendering warnings come with every document that carries it: once.
            checked = dict.fromkeys(note for notes in made.warnings.values() for note in notes)
            warnings = (*reads.notes, *self.found.skipped, *assembled.warnings,
                        *planned.warnings, *checked)  # fmt: skip
            if options.strict and warnings:
                raise BuildFailed(warnings)
            stale = {out / rel: old.digest for rel, old in earlier.items() if rel not in made.keys}
            outcome = publish(staging, out, stale)
        planned.keep()
        record = config.items_dir / RECORD_NAME
        if assembled.chosen_dates or record.exists():
            write_if_changed(record, render_record(assembled.chosen_dates))
        counts = assembled.counts
        report = BuildReport(
            counts.articles,
            _reports(planned.sizes(), out, outcome.changed),
            (*warnings, *outcome.kept),
            0 if options.drafts else counts.drafts,
            0 if options.future else counts.future,
            skipped,
            outcome.removed,
            reads.not_articles,
        )
        return Rebuilt(report, made.outputs(earlier, out), None if options.future else counts.due)


@dataclass(frozen=True)
class Publishable:
    """The articles a build publishes (those `assembled` did not refuse), and the files it
    skipped with their errors."""

    assembled: Assembled
    skipped: tuple[Problem, ...]

    def without(
        self, failed: RenderFailed, store: ArticleStore, now: datetime, options: BuildOptions
    ) -> Publishable:
        """Without the articles that could not be rendered (`--skip-invalid`)."""
        refused = self.assembled.refused | failed.rels
        counts = store.counts(now, sorted(refused), drafts=options.drafts)
        assembled = replace(self.assembled, refused=refused, counts=counts)
        problems = (*self.skipped, *failed.problems)
        return Publishable(assembled, tuple(sorted(problems, key=_by_path)))


def _reports(
    sizes: Iterable[tuple[str, int]], out: Path, changed: frozenset[str]
) -> tuple[FeedReport, ...]:
    """Each document's report, made in C (34,770 documents at 100,000 articles)."""
    listed = list(sizes)
    prefix = os.path.join(out, "")  # the path as staged (`os.fspath(out / rel)`), not a `Path`
    paths = [prefix + rel for rel, _ in listed]
    fields = zip(paths, map(_SIZE, listed), map(changed.__contains__, paths), strict=True)
    return tuple(map(tuple.__new__, repeat(FeedReport), fields))


_SIZE = itemgetter(1)


def nothing_to_publish(items: Path, found: Discovered, invalid: Sequence[Problem]) -> Problem:
    """Why there is no article, with what was found instead."""
    passed_over = sorted({p.where.path for p in (*found.skipped, *invalid)})
    if passed_over:
        shown = ", ".join(passed_over[:5]) + (", …" if len(passed_over) > 5 else "")
        what = f"none of the {counted(len(passed_over), 'file')} found is an article ({shown})"
    else:
        what = "no article files in the folder"
    kinds = ", ".join(sorted(ARTICLE_SUFFIXES))
    message = (
        f"nothing to publish: {what}; add articles ({kinds}), "
        "or pass --allow-empty to publish feeds without entries"
    )
    return Problem(SourceRef(str(items)), message)


def _by_path(problem: Problem) -> str:
    return problem.where.path


def read_options(config: SiteConfig) -> ReadOptions:
    return ReadOptions(
        config.timezone, config.chrome_lines, config.max_file_size, config.learn_chrome
    )


@dataclass(frozen=True)
class Reads:
    store: ArticleStore
    recorded: Mapping[str, datetime]
    """The date record as it was before this build."""
    key: str
    """The settings key of this build's decisions (`decide.settings_key`)."""
    problems: list[Problem]
    """Of the files that could not be read."""
    notes: tuple[Problem, ...]
    """Warnings about the store."""
    not_articles: int = 0
    """Files passed over as pages, not articles."""

    def digest(self, rel: str) -> str:
        """What the file's record was read from: the digest of its bytes and the chrome learned
        from its folder that could change it (a sibling's edit can move a plain-text body's
        edges). The versions of the libraries that read it are in the keys (`made_with`)."""
        file_digest, applied = self.store.digest_of(rel)
        return "\n".join([file_digest, *applied])

    def article_key(self, rel: str) -> str:
        """What documents carrying the file's article are made from, of it (`row_key`)."""
        return self.store.key_of(rel)

    def source(self, found: Found) -> Source:
        return Source(found, lambda: self.store.record(found.rel))


def _import_outputs() -> None:
    """What making the files imports (`stages.outputs`) and the page templates, loaded and
    compiled while the workers of a first build read, instead of before they start or after."""
    importlib.import_module("feedgen_app.stages.outputs")
    importlib.import_module("feedgen_app.formats.pages").prepare()


def read_articles(
    found: Discovered, config: SiteConfig, progress: Report, notes: tuple[Problem, ...] = ()
) -> Reads:
    """Every article file, through the article store; `notes`: warnings about the store."""
    options = read_options(config)
    path = store_path(config.cache_dir, config.items_dir)
    store = open_store(path, config.items_dir, options)
    try:
        recorded = load_record(config.items_dir)
        key = settings_key(config, recorded)
        deciding = Deciding(config, recorded, key)
        result = read_all(found, options, store, deciding, progress, beside=_import_outputs)
    except BaseException:
        store.close()
        raise
    return Reads(store, recorded, key, result.problems, notes, result.not_articles)
