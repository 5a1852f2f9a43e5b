"""Reading every article file, through the parse cache, on several cores when it pays.

A file whose state is unchanged since the cached read is not opened; a changed file is read and
hashed, and parsed only if its bytes changed. What can be done for one file alone is done right
after parsing it: deciding its id, URL and dates (`assemble.decide`) and encoding its record for
the cache. When thousands of files need it (a cold build), that work is spread over a pool of
processes, and the main process never holds their full records.

Plain-text files also depend on the chrome learned from their folder (`readers.chrome`). They are
read first with what the unchanged files teach; then whatever the whole folder teaches is
learned, and a file whose edge lines meet it differently is read again. So every file ends up
read with what its folder's bytes teach, whatever the cache held: warm builds equal cold ones.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime
from typing import NamedTuple

from feedgen_app.config import SiteConfig
from feedgen_app.errors import ArticleError, Problem, SourceRef
from feedgen_app.progress import Report, quiet
from feedgen_app.readers import HTML_SUFFIXES, ReadOptions, chrome_edges, parse_article
from feedgen_app.readers.chrome import applied, folder_of, learn
from feedgen_app.readers.decode import read_bytes
from feedgen_app.readers.pages import NotAnArticle
from feedgen_app.stages.decide import decide
from feedgen_app.stages.discover import Found
from feedgen_app.state import digest
from feedgen_app.state.parse_cache import ArticleCache, CacheEntry, encode_record

PARALLEL_FROM = 2000
"""Fewer files than this are parsed in this process: starting workers costs more."""
PAGE_COST = 100
"""A saved web page costs about as much to read as this many Markdown files (trafilatura)."""

Miss = tuple[Found, CacheEntry | None]
"""A file to read, with what the cache knew of it."""
Learned = Mapping[str, frozenset[str]]
"""Chrome lines learned per folder (`readers.chrome.learn`)."""


class Failed(NamedTuple):
    """A file that could not be read: its problems, and what it says of its folder's chrome;
    or, with no problems, a page that is not an article (`readers.pages`)."""

    problems: tuple[Problem, ...]
    edges: frozenset[str] = frozenset()
    applied: tuple[str, ...] = ()
    page: bool = False


Outcome = CacheEntry | Failed


@dataclass(frozen=True, slots=True)
class Read:
    found: Found
    entry: CacheEntry


@dataclass(frozen=True)
class Deciding:
    """What deciding a file needs besides the file: the settings, the date record, and the key
    the decisions are kept under."""

    config: SiteConfig
    recorded: Mapping[str, datetime]
    key: str


@dataclass(frozen=True)
class ReadResult:
    reads: list[Read]
    """Every article, in the order given."""
    problems: list[Problem]
    """Of the files that failed."""
    not_articles: int
    """Files that are pages, not articles (`readers.pages`)."""


def read_all(
    files: Sequence[Found],
    options: ReadOptions,
    cache: ArticleCache,
    deciding: Deciding,
    progress: Report = quiet,
) -> ReadResult:
    """Every file's article, the problems of the files that failed, the pages passed over."""
    outcomes: dict[str, Outcome] = {}
    misses: list[Miss] = []
    for found in files:
        entry = cache.entries.get(found.rel)
        if entry is not None and entry.state == found.state:
            outcomes[found.rel] = entry
        else:
            misses.append((found, entry))
    first_guess = _learned(outcomes, options)  # what the unchanged files teach
    _parse_into(outcomes, misses, options, deciding, first_guess, progress=progress)
    parsed = len(misses)
    if options.learn_chrome:
        learned = _learned(outcomes, options)
        stale = [(f, None) for f in files if _is_stale(outcomes[f.rel], f.rel, learned)]
        _parse_into(outcomes, stale, options, deciding, learned, progress=progress)
        parsed += len(stale)
    reads = [Read(f, o) for f in files if isinstance(o := outcomes[f.rel], CacheEntry)]
    failed = [o for f in files if isinstance(o := outcomes[f.rel], Failed)]
    problems = [problem for outcome in failed for problem in outcome.problems]
    kept = {read.found.rel: read.entry for read in reads}
    cache.changed += parsed + len(cache.entries.keys() - kept.keys())
    cache.entries = kept
    return ReadResult(reads, problems, sum(outcome.page for outcome in failed))


def _learned(outcomes: Mapping[str, Outcome], options: ReadOptions) -> Learned:
    if not options.learn_chrome:
        return {}
    return learn((rel, outcome.edges) for rel, outcome in outcomes.items() if outcome.edges)


def _is_stale(outcome: Outcome, rel: str, learned: Learned) -> bool:
    """Was the file read with other learned lines among its edges than `learned` has?"""
    return list(outcome.applied) != applied(learned, rel, outcome.edges)


def _parse_into(
    outcomes: dict[str, Outcome],
    misses: Sequence[Miss],
    options: ReadOptions,
    deciding: Deciding,
    learned: Learned,
    *,
    progress: Report,
) -> None:
    parsed = _parse_many(misses, options, deciding, learned)
    for done, ((found, _), outcome) in enumerate(zip(misses, parsed, strict=True), start=1):
        if done % 1000 == 0:
            progress(f"read {done:,} of {len(misses):,} changed article files")
        outcomes[found.rel] = outcome


def _parse_many(
    misses: Sequence[Miss], options: ReadOptions, deciding: Deciding, learned: Learned
) -> Iterator[Outcome]:
    each = [_options_for(options, learned, found.rel) for found, _ in misses]
    workers = min(os.cpu_count() or 1, 4)
    pages = sum(found.rel.lower().endswith(HTML_SUFFIXES) for found, _ in misses)
    cost = len(misses) + (PAGE_COST - 1) * pages
    if cost < PARALLEL_FROM or workers < 2 or os.name != "posix":
        yield from (_parse_one(*args, deciding) for args in zip(misses, each, strict=True))
        return
    chunk = max(1, len(misses) // (workers * 8))
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        yield from pool.map(_parse_one, misses, each, [deciding] * len(misses), chunksize=chunk)


def _options_for(options: ReadOptions, learned: Learned, rel: str) -> ReadOptions:
    lines = learned.get(folder_of(rel))
    return options if not lines else replace(options, learned_chrome=lines)


def _parse_one(miss: Miss, options: ReadOptions, deciding: Deciding) -> Outcome:
    """Read a file; parse it unless its bytes and the learned chrome among its edges are those
    of the cached entry. The state kept is the one seen before reading: a write during the read
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
            used = tuple(sorted(options.learned_chrome & edges))
        content = digest(data)
        if known is not None and (known.digest, known.applied) == (content, used):
            known.state = found.state
            return known
        raw = parse_article(data, suffix, ref, options)
    except ArticleError as exc:
        return Failed(exc.problems, edges, used)
    except NotAnArticle:
        return Failed((), edges, used, page=True)
    entry = CacheEntry(found.state, content, stored=encode_record(raw), shown=found.path)
    entry.edges, entry.applied = edges, used
    try:
        entry.decided = decide(found, raw, deciding.config, deciding.recorded)
        entry.decided_key = deciding.key
    except ArticleError:
        pass  # assembling decides again and reports it, with the problems of every other file
    return entry
