"""Reading every article file, through the parse cache, on several cores when it pays.

A file whose state is unchanged since the cached read is not opened; a changed file is read and
hashed, and parsed only if its bytes changed. What can be done for one file alone is done right
after parsing it: deciding its id, URL and dates (`assemble.decide`) and encoding its record for
the cache. When thousands of files need it (a cold build), that work is spread over a pool of
processes, and the main process never holds their full records.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from feedgen_app.config import SiteConfig
from feedgen_app.errors import ArticleError, Problem, SourceRef
from feedgen_app.progress import Report, quiet
from feedgen_app.readers import ReadOptions, parse_article
from feedgen_app.readers.decode import read_bytes
from feedgen_app.stages.decide import decide
from feedgen_app.stages.discover import Found
from feedgen_app.state import digest
from feedgen_app.state.parse_cache import ArticleCache, CacheEntry, encode_record

PARALLEL_FROM = 2000
"""Fewer files than this are parsed in this process: starting workers costs more."""

Miss = tuple[Found, CacheEntry | None]
"""A file to read, with what the cache knew of it."""
Outcome = CacheEntry | tuple[Problem, ...]


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


def read_all(
    files: Sequence[Found],
    options: ReadOptions,
    cache: ArticleCache,
    deciding: Deciding,
    progress: Report = quiet,
) -> tuple[list[Read], list[Problem]]:
    """Every file's article (in the order given) and the problems of the files that failed."""
    results: dict[str, CacheEntry] = {}
    misses: list[Miss] = []
    for found in files:
        entry = cache.entries.get(found.rel)
        if entry is not None and entry.state == found.state:
            results[found.rel] = entry
        else:
            misses.append((found, entry))
    problems: list[Problem] = []
    outcomes = _parse_many(misses, options, deciding)
    for done, ((found, _), outcome) in enumerate(zip(misses, outcomes, strict=True), start=1):
        if done % 1000 == 0:
            progress(f"read {done:,} of {len(misses):,} changed article files")
        if isinstance(outcome, CacheEntry):
            cache.entries[found.rel] = outcome
            results[found.rel] = outcome
        else:
            cache.entries.pop(found.rel, None)
            problems.extend(outcome)
    removed = len(cache.entries) - len(files) + len(problems)
    cache.changed += len(misses) + max(0, removed)
    cache.entries = {f.rel: cache.entries[f.rel] for f in files if f.rel in cache.entries}
    return [Read(found, results[found.rel]) for found in files if found.rel in results], problems


def _parse_many(misses: list[Miss], options: ReadOptions, deciding: Deciding) -> Iterator[Outcome]:
    workers = min(os.cpu_count() or 1, 4)
    if len(misses) < PARALLEL_FROM or workers < 2 or os.name != "posix":
        yield from (_parse_one(miss, options, deciding) for miss in misses)
        return
    chunk = max(1, len(misses) // (workers * 8))
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        many = len(misses)
        yield from pool.map(
            _parse_one, misses, [options] * many, [deciding] * many, chunksize=chunk
        )


def _parse_one(miss: Miss, options: ReadOptions, deciding: Deciding) -> Outcome:
    """Read a file; parse it unless its bytes are those of the cached entry. The state kept is
    the one seen before reading: a write during the read changes the change time, so the next
    build reads the file again."""
    found, known = miss
    ref = SourceRef(found.path)
    try:
        data = read_bytes(found.path, ref, options.max_file_size)
        content = digest(data)
        if known is not None and known.digest == content:
            known.state = found.state
            return known
        raw = parse_article(data, os.path.splitext(found.path)[1], ref, options)
    except ArticleError as exc:
        return exc.problems
    entry = CacheEntry(found.state, content, stored=encode_record(raw), shown=found.path)
    try:
        entry.decided = decide(found, raw, deciding.config, deciding.recorded)
        entry.decided_key = deciding.key
    except ArticleError:
        pass  # assembling decides again and reports it, with the problems of every other file
    return entry
