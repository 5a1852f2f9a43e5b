"""The states of many files of one folder (`FileState`'s four numbers each), their `lstat` calls
shared with forked processes when there are many.

A rebuild of 100,000 articles spends most of its time asking the kernel for each file's state
(0.21 s of `lstat` here). Threads do not help: Python holds its lock for about half of each
call (two threads took 0.28 s where one took 0.20), so the names are split between this process
and forked children, which send their numbers back through a pipe (`marshal`: the numbers may
not fit in 64 bits). A child that fails says so by its exit status, and this process then makes
the calls itself, so an error is raised here, as the plain loop raises it.

When and how a child is forked: `forked`."""

from __future__ import annotations

import marshal
import os
from collections.abc import Sequence
from functools import partial

from feedgen_app.forked import Forked, may_fork

SHARE_FROM = 10_000
"""Fewer names than this are stat'ed here: a fork and a pipe cost about as much as the calls
they spare (about 1 ms)."""
MOST_PROCESSES = 4


def file_states(base: str, names: Sequence[str]) -> list[int]:
    """Size, modification and change times (ns) and inode of each of `names` in the folder
    `base` (which ends in a separator), four numbers a name in the order of `names`. Symbolic
    links are not followed. Raises OSError as `os.lstat` does."""
    processes = min(os.cpu_count() or 1, MOST_PROCESSES, len(names) // SHARE_FROM + 1)
    if processes < 2 or not may_fork():
        return _states(base, names)
    size = -(-len(names) // processes)
    parts = [names[start : start + size] for start in range(0, len(names), size)]
    children = [Forked.start(partial(_packed_states, base, part)) for part in parts[1:]]
    try:
        states = _states(base, parts[0])
    finally:
        results = [child.result() for child in children]
    for part, result in zip(parts[1:], results, strict=True):
        states.extend(_states(base, part) if result is None else marshal.loads(result))
    return states


def _states(base: str, names: Sequence[str]) -> list[int]:
    states: list[int] = []
    extend, lstat = states.extend, os.lstat
    for name in names:
        status = lstat(base + name)
        extend((status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino))
    return states


def _packed_states(base: str, names: Sequence[str]) -> bytes:
    return marshal.dumps(_states(base, names))
