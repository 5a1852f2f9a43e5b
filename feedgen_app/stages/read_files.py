"""Reading changed files into rows: one file's bytes to its row, hashed, parsed and decided
(`_parse_one`), and many files at once (`parse_many`), in worker processes when thousands need
it. The list of files is handed to each forked worker as it starts (`_Job`), a task is a range
of it, and a worker hands back each row as a plain tuple; the records of a first build's files
are made in the workers that read them (`discover.InPathOrder`).
"""

from __future__ import annotations

import contextlib
import operator
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from typing import NamedTuple

from feedgen_app.config import SiteConfig
from feedgen_app.errors import ArticleError, Problem, SourceRef
from feedgen_app.readers import HTML_SUFFIXES, ReadOptions, chrome_edges, parse_article
from feedgen_app.readers.chrome import folder_of
from feedgen_app.readers.decode import read_stated
from feedgen_app.readers.pages import NotAnArticle
from feedgen_app.stages.decide import decide
from feedgen_app.stages.discover import UNSTATED, FileState, Found, rels_of, suffix_count
from feedgen_app.state import digest
from feedgen_app.state.rows import Known, Sealed, make_row

PARALLEL_FROM = 2000
"""Fewer files than this are parsed in this process: starting workers costs more."""
PAGE_COST = 100
"""A saved web page costs about as much to read as this many Markdown files (trafilatura)."""
BATCH = 1000
"""Rows written to the store at once."""

_REL = operator.attrgetter("rel")

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
class _Job:
    """What the workers read: given to each as it starts (a forked process inherits it, so
    the files' records never cross a pipe), then a task is a range of `files`."""

    files: Sequence[Found]
    known: Mapping[str, Known]
    """What the store knew of the files that have a row, by relative path."""
    each: Sequence[ReadOptions]
    deciding: Deciding

    def outcomes(self, start: int, stop: int) -> Read:
        known, each, deciding = self.known, self.each, self.deciding
        files = zip(range(start, stop), self.files[start:stop], strict=True)
        states: list[int] = []
        outcomes = [
            _parse_one(file, known.get(file.rel), each[n], deciding, states) for n, file in files
        ]
        return outcomes, states


Read = tuple[list[Parsed], list[int]]
"""What reading some files gave (`_parse_one`), and their states as their readers opened them:
four numbers a file (`UNSTATED` for a file that could not be opened)."""

_JOB: list[_Job] = []
"""In a reading worker process only: the build's job, set once as the worker starts."""


def _outcomes_in_worker(start: int, stop: int) -> Read:
    return _JOB[-1].outcomes(start, stop)


def parse_many(
    files: Sequence[Found],
    known: Mapping[str, Known],
    options: ReadOptions,
    deciding: Deciding,
    learned: Learned,
    *,
    beside: Callable[[], object] | None = None,
) -> Iterator[Read]:
    """What reading each of `files` gave (`known`: what the store knew of those with a row),
    and their states, in order, a batch at a time; with workers, `beside` runs in a thread of
    this process meanwhile."""
    if learned:
        each = [_options_for(options, learned, rel) for rel in rels_of(files)]
    else:
        each = [options] * len(files)
    job = _Job(files, known, each, deciding)
    workers = min(os.cpu_count() or 1, 4)
    pages = suffix_count(rels_of(files), HTML_SUFFIXES)
    cost = len(files) + (PAGE_COST - 1) * pages
    if cost < PARALLEL_FROM or workers < 2 or os.name != "posix":
        starts = range(0, len(files), BATCH)
        yield from (job.outcomes(start, min(start + BATCH, len(files))) for start in starts)
        return
    chunk = max(1, min(500, len(files) // (workers * 8)))
    starts = range(0, len(files), chunk)
    stops = [min(start + chunk, len(files)) for start in starts]
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


def _lstat(path: str) -> list[int]:
    """The state of a file that could not be read (not regular, too large), as the walk takes
    it; `UNSTATED` if it is gone."""
    try:
        return list(FileState.of(os.lstat(path)))
    except OSError:
        return list(UNSTATED)


def _options_for(options: ReadOptions, learned: Learned, rel: str) -> ReadOptions:
    lines = learned.get(folder_of(rel))
    return options if not lines else replace(options, learned_chrome=lines)


def _parse_one(
    found: Found, known: Known | None, options: ReadOptions, deciding: Deciding, states: list[int]
) -> Parsed:
    """Read a file; parse it unless its bytes and the learned chrome among its edges are those
    of its row (`known`). Its state as it was opened, before it was read, goes to `states`
    (a write during the read changes the change time, so the next build reads the file
    again); `UNSTATED` if it could not be opened."""
    ref = SourceRef(found.path)
    suffix = os.path.splitext(found.path)[1]
    edges: frozenset[str] = frozenset()
    used: tuple[str, ...] = ()
    try:
        try:
            data, status = read_stated(found.path, ref, options.max_file_size)
        except ArticleError:
            states += _lstat(found.path)
            raise
        # `FileState.of(status)`'s numbers, without a record made a file (100,000 of them).
        states += (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)
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
