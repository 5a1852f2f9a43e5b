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

import contextlib
import operator
import os
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from itertools import compress
from typing import NamedTuple, overload

from feedgen_app.config import SiteConfig
from feedgen_app.errors import ArticleError, Problem, SourceRef
from feedgen_app.progress import Report, quiet
from feedgen_app.readers import HTML_SUFFIXES, ReadOptions, chrome_edges, parse_article
from feedgen_app.readers.chrome import applied, folder_of, learn
from feedgen_app.readers.decode import read_bytes
from feedgen_app.readers.pages import NotAnArticle
from feedgen_app.stages.decide import decide
from feedgen_app.stages.discover import Discovered, Found, InPathOrder, suffix_count
from feedgen_app.state import digest
from feedgen_app.state.article_store import ArticleStore
from feedgen_app.state.rows import Known, Sealed, make_row
from feedgen_app.state.snapshot import differences, in_order

PARALLEL_FROM = 2000
"""Fewer files than this are parsed in this process: starting workers costs more."""
PAGE_COST = 100
"""A saved web page costs about as much to read as this many Markdown files (trafilatura)."""
BATCH = 1000
"""Rows written to the store at once."""

_REL = operator.attrgetter("rel")

Miss = tuple[Found, Known | None]
"""A file to read, with what the store knew of it."""
Learned = Mapping[str, frozenset[str]]
"""Chrome lines learned per folder (`readers.chrome.learn`)."""


class Seen(NamedTuple):
    """A file whose row is in the store: what it says of its folder's chrome."""

    edges: frozenset[str] = frozenset()
    applied: tuple[str, ...] = ()


class Failed(NamedTuple):
    """A file that could not be read: its problems, and what it says of its folder's chrome;
    or, with no problems, a page that is not an article (`readers.pages`)."""

    problems: tuple[Problem, ...]
    edges: frozenset[str] = frozenset()
    applied: tuple[str, ...] = ()
    page: bool = False


class Fresh(NamedTuple):
    """A file read now: its row for the store."""

    row: Sealed
    edges: frozenset[str]
    applied: tuple[str, ...]


class Same(NamedTuple):
    """A file whose bytes (and learned chrome) are those of its row, with a new state (which
    the snapshot keeps)."""

    edges: frozenset[str]
    applied: tuple[str, ...]


Outcome = Seen | Failed
Parsed = Sealed | Fresh | Same | Failed
"""A row (of a file without edge lines), or a row with edge lines, or a new state, or a
failure."""


@dataclass(frozen=True)
class Deciding:
    """What deciding a file needs besides the file: the settings, the date record, and the key
    the decisions are kept under."""

    config: SiteConfig
    recorded: Mapping[str, datetime]
    key: str


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
    misses = _Misses(found_now.changed, {rel: store.known(rel) for rel in found_now.with_rows})
    notable: dict[str, Outcome] = {}  # files with edge lines, and files that failed
    if chrome := store.chrome():  # rows of plain-text files
        unchanged = found.files_at(chrome.keys() - set(misses.rels()))
        for rel, (edges, used) in chrome.items():
            if rel in unchanged:  # what it teaches
                notable[rel] = Seen(edges, used)
    first_guess = _learned(notable, options)  # what the unchanged files teach
    reading = _Reading(store, notable, options, deciding, progress)
    reading.parse(misses, first_guess, beside)
    if options.learn_chrome:
        learned = _learned(notable, options)
        files = found.files_at(notable)
        edged = [files[rel] for rel in sorted(notable)]
        stale = [file for file in edged if _is_stale(notable, file, learned)]
        reading.parse(_Misses(stale, {}), learned)
    failed = {rel: o for rel, o in sorted(notable.items()) if isinstance(o, Failed)}
    store.drop(found_now.gone)
    store.drop(failed)
    store.remember(in_order(_without(found.files, failed)) if failed else found_now.now)
    store.index()
    problems = [problem for outcome in failed.values() for problem in outcome.problems]
    return ReadResult(problems, sum(outcome.page for outcome in failed.values()))


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
        self, misses: _Misses, learned: Learned, beside: Callable[[], object] | None = None
    ) -> None:
        """Read `misses`, writing their rows to the store in batches as they come."""
        rows: list[Sealed] = []
        done = 0
        for outcomes in _parse_many(misses, self.options, self.deciding, learned, beside):
            start, done = done, done + len(outcomes)
            if done // 1000 > start // 1000:
                shown = done // 1000 * 1000
                self.progress(f"read {shown:,} of {len(misses):,} changed article files")
            plain = [outcome for outcome in outcomes if type(outcome) is tuple]
            if len(plain) == len(outcomes):  # rows of files without edge lines: most batches
                rows += plain
                if self.notable:
                    for row in plain:
                        self.notable.pop(row[0], None)
            else:
                for found, outcome in zip(misses.files[start:done], outcomes, strict=True):
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


class _Misses(Sequence[Miss]):
    """The files to read, each with what the store knew of it (`known`, by path), the pair
    made when asked for (a first build's 100,000 in the workers that read them)."""

    def __init__(self, files: Sequence[Found], known: Mapping[str, Known]) -> None:
        self.files = files
        self.known = known

    def __len__(self) -> int:
        return len(self.files)

    @overload
    def __getitem__(self, at: int) -> Miss: ...
    @overload
    def __getitem__(self, at: slice) -> list[Miss]: ...
    def __getitem__(self, at: int | slice) -> Miss | list[Miss]:
        if isinstance(at, slice):
            return [(file, self.known.get(file.rel)) for file in self.files[at]]
        file = self.files[at]
        return file, self.known.get(file.rel)

    def rels(self) -> Iterable[str]:
        """The files' relative paths, without making their records."""
        files = self.files
        return files.rels() if isinstance(files, InPathOrder) else map(_REL, files)


@dataclass(frozen=True)
class _Job:
    """What the workers read: given to each as it starts (a forked process inherits it, so
    the files' records never cross a pipe), then a task is a range of `misses`."""

    misses: Sequence[Miss]
    each: Sequence[ReadOptions]
    deciding: Deciding

    def outcomes(self, start: int, stop: int) -> list[Parsed]:
        misses, each, deciding = self.misses, self.each, self.deciding
        return [_parse_one(misses[n], each[n], deciding) for n in range(start, stop)]


_JOB: list[_Job] = []
"""In a reading worker process only: the build's job, set once as the worker starts."""


def _outcomes_in_worker(start: int, stop: int) -> list[Parsed]:
    return _JOB[-1].outcomes(start, stop)


def _parse_many(
    misses: _Misses,
    options: ReadOptions,
    deciding: Deciding,
    learned: Learned,
    beside: Callable[[], object] | None,
) -> Iterator[list[Parsed]]:
    """What reading each of `misses` gave, in order, a batch at a time; with workers, `beside`
    runs in a thread of this process meanwhile."""
    if learned:
        each = [_options_for(options, learned, rel) for rel in misses.rels()]
    else:
        each = [options] * len(misses)
    job = _Job(misses, each, deciding)
    workers = min(os.cpu_count() or 1, 4)
    pages = suffix_count(misses.rels(), HTML_SUFFIXES)
    cost = len(misses) + (PAGE_COST - 1) * pages
    if cost < PARALLEL_FROM or workers < 2 or os.name != "posix":
        starts = range(0, len(misses), BATCH)
        yield from (job.outcomes(start, min(start + BATCH, len(misses))) for start in starts)
        return
    chunk = max(1, min(500, len(misses) // (workers * 8)))
    starts = range(0, len(misses), chunk)
    stops = [min(start + chunk, len(misses)) for start in starts]
    import multiprocessing  # noqa: PLC0415 - thousands of files to read, not an edit's one
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415

    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(workers, context, initializer=_JOB.append, initargs=(job,))
    with pool:
        outcomes = pool.map(_outcomes_in_worker, starts, stops)  # the workers are forked now
        with _thread(beside):  # so no fork copies a lock the thread holds
            yield from outcomes


@contextmanager
def _thread(work: Callable[[], object] | None) -> Iterator[None]:
    """`work` in a thread while the block runs (its errors are left for later: `work` is
    done again where its result is needed)."""
    if work is None:
        yield
        return
    import threading  # noqa: PLC0415

    def quietly() -> None:
        with contextlib.suppress(Exception):
            work()

    thread = threading.Thread(target=quietly, name="beside", daemon=True)
    thread.start()
    try:
        yield
    finally:
        thread.join()


def _options_for(options: ReadOptions, learned: Learned, rel: str) -> ReadOptions:
    lines = learned.get(folder_of(rel))
    return options if not lines else replace(options, learned_chrome=lines)


def _parse_one(miss: Miss, options: ReadOptions, deciding: Deciding) -> Parsed:
    """Read a file; parse it unless its bytes and the learned chrome among its edges are those
    of its row. The state kept is the one seen before reading: a write during the read
    changes the change time, so the next build reads the file again."""
    found, known = miss
    ref = SourceRef(found.path)
    suffix = os.path.splitext(found.path)[1]
    edges: frozenset[str] = frozenset()
    used: tuple[str, ...] = ()
    try:
        data = read_bytes(found.path, ref, options.max_file_size)
        if options.learn_chrome:
            edges = chrome_edges(data, suffix)
            used = tuple(sorted(options.learned_chrome & edges)) if edges else ()
        content = digest(data)
        if known is not None and (known.digest, known.applied) == (content, used):
            return Same(edges, used)
        raw = parse_article(data, suffix, ref, options)
    except ArticleError as exc:
        return Failed(exc.problems, edges, used)
    except NotAnArticle:
        return Failed((), edges, used, page=True)
    try:
        decided = decide(found, raw, deciding.config, deciding.recorded)
    except ArticleError:
        decided = None  # deciding again reports it, with the problems of every other file
    row = make_row(found.rel, Known(content, edges, used), raw, decided, deciding.key)
    # A plain row crosses to the main process cheaper than a `Fresh` (100,000 times).
    return Fresh(row, edges, used) if edges else row
