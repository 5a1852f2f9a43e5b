"""The build, start to finish: discover -> (nothing changed? done) -> read -> assemble ->
select -> render -> write -> check -> publish.

Nothing in `build/` is touched until every article was read and every feed rendered and checked.
A rebuild whose inputs are those of the last successful build does nothing at all (`manifest`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from feedgen_app.config import BuildOptions
from feedgen_app.dates import source_date_epoch
from feedgen_app.errors import ConfigError, Problem, SourceRef, counted
from feedgen_app.progress import Report, quiet
from feedgen_app.report import BuildReport, FeedReport
from feedgen_app.sites.detect import includes_state, with_site_generator
from feedgen_app.stages.discover import ARTICLE_SUFFIXES, walk
from feedgen_app.stages.publish import left_tidy, remove_leftovers_among
from feedgen_app.stages.walk_beside import walk_beside
from feedgen_app.state.date_record import RECORD_NAME
from feedgen_app.state.lock import build_lock
from feedgen_app.state.manifest import (
    fingerprint,
    load_manifest,
    manifest_path,
    remember,
    unchanged_report,
    walk_digest,
)
from feedgen_app.state.pings import add_unpinged, pings_path
from feedgen_app.urls import absolute_url

__all__ = ["BuildReport", "FeedReport", "build", "current_time"]


def build(options: BuildOptions, progress: Report = quiet) -> BuildReport:
    # `generator = "auto"` inside a Hugo or Zola site means that generator: decided before the
    # fingerprint, so adding a hugo.toml counts as a change.
    options = replace(options, config=with_site_generator(options.config))
    config = options.config
    now = current_time()
    if config.cache_dir.exists() and not config.cache_dir.is_dir():
        message = "is a file, not a folder: point the `cache` setting at a folder"
        raise ConfigError([Problem(SourceRef(str(config.cache_dir)), message)])
    # A killed build's temporary files go whatever this one decides (the date record's among
    # the hidden names of the items folder, which the walk lists anyway).
    with build_lock(config.output_dir), left_tidy(config.output_dir, config.cache_dir):
        record = config.items_dir / RECORD_NAME
        own = (config.output_dir, config.cache_dir)
        manifest = manifest_path(config.cache_dir, config.items_dir, config.output_dir)
        last = load_manifest(manifest)
        if last is None:  # the rebuild's modules imported while a forked process walks
            from feedgen_app.state.store_file import store_path  # noqa: PLC0415 - SQLite

            # With no article store either, every file is read: its reader takes its state.
            stated = store_path(config.cache_dir, config.items_dir).exists()
            walked = walk_beside(config.items_dir, ARTICLE_SUFFIXES, own, stated=stated)
        else:
            walked = walk(config.items_dir, ARTICLE_SUFFIXES, own)
        remove_leftovers_among(record, walked.hidden)
        progress(f"found {counted(len(walked.rels), 'article file')}")
        # Besides the options and the articles: the Jekyll `_includes` files posts render.
        inputs = repr(options) + includes_state(config)
        if last is not None:
            seen = walk_digest(walked)
            unchanged = unchanged_report(
                last, fingerprint(inputs, seen, record), config.output_dir, now
            )
            if unchanged is not None:
                return unchanged
        # Only a build with something to do loads YAML, Markdown, lxml and feedgen.
        from feedgen_app.rebuild import rebuild  # noqa: PLC0415

        # The records of the files (sorted) only now that there is work to do.
        found = walked.discovered()
        rebuilt = rebuild(options, found, now, last.outputs if last else {}, progress)
        # The files as found before any was read (a file edited during the build shows a new
        # state to the next one; a first build's states are taken as each is opened); the date
        # record as this build left it.
        print_ = fingerprint(inputs, seen if last is not None else walk_digest(walked), record)
        remember(manifest, print_, rebuilt.outputs, rebuilt.report, rebuilt.due)
        if config.hubs:
            changed = [feed.path for feed in rebuilt.report.feeds if feed.changed]
            feeds = [absolute_url(config.site_url, path.relative_to(config.output_dir).as_posix())
                     for path in changed]  # fmt: skip
            add_unpinged(pings_path(config.cache_dir, config.output_dir), config.hubs, feeds)
    return rebuilt.report


def current_time() -> datetime:
    """'Now' for leaving out future articles: SOURCE_DATE_EPOCH when set, else the clock."""
    return source_date_epoch() or datetime.now(UTC)
