"""Reading every article file, through the article store, on several cores when it pays.

A file whose state is unchanged since its row was written is not opened; a changed file is read
and hashed, and parsed only if its bytes changed. What can be done for one file alone is done
right after parsing it: deciding its id, URL and dates (`decide.decide`) and encoding its row.
When thousands of files need it (a cold build), that work is spread over a pool of processes;
the main process writes the rows to the store as they come, and never holds them all.

Plain-text files also depend on the chrome learned from their folder (`readers.chrome`). They are
read first with what the unchanged files teach; then whatever the whole folder teaches is
learned, and a file whose edge lines meet it differently is read again. So every file ends up
read with what its folder's bytes teach, whatever the cache held: warm builds equal cold ones.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Container, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import compress

from feedgen_app.errors import Problem
from feedgen_app.progress import Report, quiet
from feedgen_app.readers import ReadOptions
from feedgen_app.readers.chrome import applied, learn
from feedgen_app.stages.discover import Discovered, Found, InPathOrder, rels_of
from feedgen_app.stages.read_files import (
    BATCH,
    Deciding,
    Failed,
    Fresh,
    Learned,
    Outcome,
    Parsed,
    Same,
    Seen,
    parse_many,
)
from feedgen_app.state.article_store import ArticleStore
from feedgen_app.state.rows import Known, Sealed
from feedgen_app.state.snapshot import differences, in_order, listed


@dataclass(frozen=True)
class ReadResult:
    problems: list[Problem]
    """Of the files that failed."""
    not_articles: int
    """Files that are pages, not articles (`readers.pages`)."""


def read_all(
    found: Discovered,
    options: ReadOptions,
    store: ArticleStore,
    deciding: Deciding,
    progress: Report = quiet,
    *,
    beside: Callable[[], object] | None = None,
) -> ReadResult:
    """Bring the store up to date with the files `found`: a row for every article, none for the
    files that failed or are gone; returns the problems of the files that failed and the pages
    passed over. `beside`: work for this process while worker processes read (if they do)."""
    found_now = differences(found, store.snapshot())
    changed = found_now.changed  # a first build's: every file, in path order (`InPathOrder`)
    known = {rel: store.known(rel) for rel in found_now.with_rows}
    notable: dict[str, Outcome] = {}  # files with edge lines, and files that failed
    if chrome := store.chrome():  # rows of plain-text files
        unchanged = found.files_at(chrome.keys() - set(rels_of(changed)))
        for rel, (edges, used) in chrome.items():
            if rel in unchanged:  # what it teaches
                notable[rel] = Seen(edges, used)
    first_guess = _learned(notable, options)  # what the unchanged files teach
    reading = _Reading(store, notable, options, deciding, progress)
    # A first build's walk left the states to the readers (`Walk.stated`): every file is new
    # (unless there are none), and each batch's states are filled in as they come.
    took = None
    if not found.listing.stated and isinstance(changed, InPathOrder):
        took = partial(found.take_states, changed)
    reading.parse(changed, known, first_guess, beside, took)
    now = found_now.now if took is None else listed(found)
    if options.learn_chrome:
        learned = _learned(notable, options)
        files = found.files_at(notable)
        edged = [files[rel] for rel in sorted(notable)]
        stale = [file for file in edged if _is_stale(notable, file, learned)]
        reading.parse(stale, {}, learned)
    failed = {rel: o for rel, o in sorted(notable.items()) if isinstance(o, Failed)}
    store.drop(found_now.gone)
    store.drop(failed)
    store.remember(in_order(_without(found.files, failed)) if failed else now)
    store.index()
    problems = [problem for outcome in failed.values() for problem in outcome.problems]
    return ReadResult(problems, sum(outcome.page for outcome in failed.values()))


_REL = operator.attrgetter("rel")


def _without(files: Sequence[Found], rels: Container[str]) -> list[Found]:
    return list(compress(files, map(operator.not_, map(rels.__contains__, map(_REL, files)))))


def _learned(outcomes: Mapping[str, Outcome], options: ReadOptions) -> Learned:
    if not options.learn_chrome:
        return {}
    return learn((rel, outcome.edges) for rel, outcome in outcomes.items() if outcome.edges)


def _is_stale(notable: Mapping[str, Outcome], found: Found, learned: Learned) -> bool:
    """Was the file read with other learned lines among its edges than `learned` has?"""
    outcome = notable[found.rel]
    return bool(outcome.edges) and list(outcome.applied) != applied(
        learned, found.rel, outcome.edges
    )


@dataclass
class _Reading:
    store: ArticleStore
    notable: dict[str, Outcome]
    """The outcomes of the files with edge lines and of the files that failed."""
    options: ReadOptions
    deciding: Deciding
    progress: Report

    def parse(
        self,
        files: Sequence[Found],
        known: Mapping[str, Known],
        learned: Learned,
        beside: Callable[[], object] | None = None,
        took: Callable[[int, list[int]], object] | None = None,
    ) -> None:
        """Read `files`, writing their rows to the store in batches as they come; `took`:
        given each batch's position and its files' states as their readers opened them."""
        rows: list[Sealed] = []
        done = 0
        parsed = parse_many(files, known, self.options, self.deciding, learned, beside=beside)
        for outcomes, states in parsed:
            if took is not None:
                took(done, states)
            start, done = done, done + len(outcomes)
            if done // 1000 > start // 1000:
                shown = done // 1000 * 1000
                self.progress(f"read {shown:,} of {len(files):,} changed article files")
            plain = [outcome for outcome in outcomes if type(outcome) is tuple]
            if len(plain) == len(outcomes):  # rows of files without edge lines: most batches
                rows += plain
                if self.notable:
                    for row in plain:
                        self.notable.pop(row[0], None)
            else:
                for found, outcome in zip(files[start:done], outcomes, strict=True):
                    self._take(found.rel, outcome, rows)
            if len(rows) >= BATCH:
                self.store.put(rows)
                rows.clear()
        self.store.put(rows)

    def _take(self, rel: str, outcome: Parsed, rows: list[Sealed]) -> None:
        """Take in what reading a file gave: its row (to `rows`), its new state, or its
        problems; and what it says of its folder's chrome."""
        if not isinstance(outcome, (Failed, Same, Fresh)):  # a plain row: most files
            rows.append(outcome)
            self.notable.pop(rel, None)
            return
        if isinstance(outcome, Failed):
            self.notable[rel] = outcome
            return
        if isinstance(outcome, Fresh):
            rows.append(outcome.row)
        if outcome.edges:
            self.notable[rel] = Seen(outcome.edges, outcome.applied)
        else:
            self.notable.pop(rel, None)
