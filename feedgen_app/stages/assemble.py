"""Assembling the articles from the article store: every file decided under this build's
settings, the ids and URLs checked across files, and the published articles chosen, newest
first.

The store's indexes do the work that grows with the archive: a rebuild decides again only the
files without a decision under this build's settings key, looks only at the files whose id or
URL another file shares, and takes the newest articles from the date index. Only a feed family
(or feeds without an item limit) needs every published article.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from feedgen_app.config import BuildOptions, SiteConfig
from feedgen_app.errors import ArticleError, Problem, SourceRef
from feedgen_app.stages.decide import decide, without_duplicates
from feedgen_app.stages.discover import Discovered, Found
from feedgen_app.stages.placing import Chosen
from feedgen_app.state.article_store import ArticleStore, Counts, Placements
from feedgen_app.state.rows import StoreDamaged


@dataclass(frozen=True)
class Assembled:
    refused: frozenset[str]
    """Files refused for an id or URL an earlier file (in path order) has."""
    warnings: tuple[Problem, ...]
    """The readers' and the deciders' warnings of every article, in path order."""
    chosen_dates: Mapping[str, datetime]
    """Dates chosen for undated articles, by relative path: the new date record."""
    problems: tuple[Problem, ...]
    """Errors of the files left out: undecidable, or sharing an id or URL."""
    counts: Counts


def assemble(
    store: ArticleStore,
    config: SiteConfig,
    recorded: Mapping[str, datetime],
    *,
    files: Discovered,
    key: str,
    now: datetime,
    options: BuildOptions,
) -> Assembled:
    """Decide what the store holds no decision for under `key`, then check ids and URLs of
    the `files` found."""
    problems: list[Problem] = []
    undecided = list(store.undecided(key))
    found = found_files(files, [rel for rel, _ in undecided])
    for rel, raw in undecided:
        try:
            store.decide(rel, key, decide(found[rel], raw, config, recorded))
        except ArticleError as exc:
            problems.extend(exc.problems)
            store.decide(rel, key, None)
    store.settle(key)
    shared = list(store.sharing())
    found = found_files(files, [rel for rel, _ in shared])
    sharing = [(found[rel], decision) for rel, decision in shared]
    unique, duplicates = without_duplicates(sharing)
    refused = frozenset(found.rel for found, _ in sharing) - {found.rel for found, _ in unique}
    warnings = tuple(
        Problem(SourceRef(store.shown(rel), line), message, kind)
        for rel, notes in store.notes()
        for line, message, kind in notes
    )
    dates = {rel: moment for rel, moment in store.chosen_dates().items() if rel not in refused}
    counts = store.counts(now, sorted(refused), drafts=options.drafts)
    return Assembled(refused, warnings, dates, (*problems, *duplicates), counts)


@dataclass(frozen=True)
class Publishing:
    """What a build's published articles are chosen from: the store as assembled, at `now`."""

    store: ArticleStore
    assembled: Assembled
    config: SiteConfig
    files: Discovered
    now: datetime
    options: BuildOptions

    def chosen(self) -> list[Chosen]:
        """The published articles, newest first (ties by id); drafts and future ones only if
        asked. Only the newest `item_limit` unless a feed family or archive needs them all."""
        config, options = self.config, self.options
        limit = config.item_limit if config.item_limit and not every_article(config) else -1
        refused = sorted(self.assembled.refused)
        rows = self.store.newest(
            self.now, refused, drafts=options.drafts, future=options.future, limit=limit
        )
        found = found_files(self.files, [rel for rel, _ in rows])
        return [(found[rel], decision) for rel, decision in rows]

    def placements(self) -> Placements:
        """What a plan of every published article is made of (`ArticleStore.placements`)."""
        refused, options = sorted(self.assembled.refused), self.options
        return self.store.placements(
            self.now, refused, drafts=options.drafts, future=options.future
        )


def every_article(config: SiteConfig) -> bool:
    """Whether the documents are planned from every published article (a feed family or
    archives), not only the newest `item_limit`."""
    return config.archive or config.tag_feeds or config.author_feeds or config.section_feeds


def found_files(files: Discovered, rels: list[str]) -> dict[str, Found]:
    """The files the rows at `rels` are of, found in one pass (`Discovered.files_at`): every
    row's file was found (the rows of the others are gone)."""
    found = files.files_at(rels) if rels else {}
    missing = [rel for rel in rels if rel not in found]
    if missing:
        raise StoreDamaged(missing[0])
    return found
