"""The build's memory: what a large build has freed, given back to the system (`give_back`);
the cyclic garbage collector paused while many records are made (`collector_paused`).

CPython hands objects larger than 512 bytes (an entry's HTML, a document's bytes) to the C
library's allocator, which keeps the pages they were freed from, between the long-lived records
around them, for reuse. A family's first build at 100,000 articles renders gigabytes of HTML a
thousand articles at a time: without this, the pages freed while rendering, checking and writing
stay resident to the end (about a tenth of its peak). On glibc, `malloc_trim` returns them; on
other C libraries this does nothing.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache


def give_back() -> None:
    """Return the C heap's free pages to the system (a few milliseconds to a tenth of a second
    on a heap of hundreds of megabytes: call it between stages, not per article)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    if os.name != "posix":
        return None
    import ctypes  # noqa: PLC0415 - 5 ms: only a large build gives memory back

    try:  # the symbols the process has loaded: the C library's among them
        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim
        return trim
    except (OSError, AttributeError):  # not glibc
        return None


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for a while (if it was on): while records that form no
    reference cycles are made by the hundred thousand, its passes over them cost more than
    making them (100,000 tuples of names read by `marshal`: 57 ms with it, 8 ms without).

    When it is on again, what was made meanwhile is counted with the oldest objects (frozen and
    thawed at once, which moves lists and scans nothing): else the first collection after the
    pause looks at every record made in it, and a family's plan at 100,000 articles made 36 ms
    of that. Cycles among them are found by the next full collection, as the oldest are."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()
