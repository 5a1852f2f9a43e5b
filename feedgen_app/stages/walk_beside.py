"""A first build's walk of the items folder, made in a forked process while this one imports
what a rebuild needs, so that the two overlap on two cores.

A first build walks the folder (0.27 s at 100,000 articles, most of it `lstat`, which
`file_states` shares with a forked process of its own) and imports the modules that read,
render and check (0.15 s): one after the other, they cost a tenth of a second more than side by
side. Here a forked child walks and sends the walk back through a pipe as the bytes the
fingerprint and the article store's snapshot are made of (`Walk.packed`), while this process
imports `REBUILD_MODULES`. Only a first build (no manifest) is sure to need them: any other may
find nothing changed and stop without them. Without an article store either, every file is
read, and its reader takes its state (`Walk.stated`): the walk is then the listing of the
folders alone.

When a child is forked: `forked`. If it fails, for whatever reason, the walk is made here, so
its errors are raised here as before.
"""

from __future__ import annotations

import importlib
import pickle
from array import array
from collections.abc import Iterable
from functools import partial
from pathlib import Path

from feedgen_app.forked import Forked, may_fork
from feedgen_app.stages.discover import SEPARATOR, Walk, walk

REBUILD_MODULES = (
    "concurrent.futures.process",  # the pools that read and render (imported where they start)
    "feedgen_app.readers",
    "feedgen_app.state.article_store",
    "feedgen_app.stages.plan",
    "feedgen_app.stages.read",
    "feedgen_app.rebuild",
)
"""What a rebuild imports before it reads, the modules others import first (what it makes the
files with is imported while the workers read: `rebuild._import_outputs`)."""


def walk_beside(
    items_dir: Path, suffixes: frozenset[str], own: Iterable[Path], *, stated: bool = True
) -> Walk:
    """`walk(items_dir, suffixes, own, stated=stated)`, made in a forked child while this
    process imports `REBUILD_MODULES` (a first build's: it needs them all)."""
    own = tuple(own)
    if not may_fork():
        return walk(items_dir, suffixes, own, stated=stated)
    child = Forked.start(partial(_walked, items_dir, suffixes, own, stated))
    try:
        for name in REBUILD_MODULES:
            importlib.import_module(name)
    finally:
        data = child.result()  # the child waited for, whatever happened here
    return walk(items_dir, suffixes, own, stated=stated) if data is None else _decode(data)


def _walked(items_dir: Path, suffixes: frozenset[str], own: Iterable[Path], stated: bool) -> bytes:
    return _encode(walk(items_dir, suffixes, own, stated=stated))


def _encode(walked: Walk) -> bytes:
    """The walk as bytes: its packed paths and states and the pickle of the rest, each after
    its size. The states are packed here as 64-bit numbers only (`Walk.packed` keeps the low
    64 bits of a larger one, which could not be unpacked): a file dated after 2262 raises
    OverflowError, and the parent walks again."""
    rels = walked.packed[0]
    states = array("q", walked.states).tobytes()
    rest = pickle.dumps(
        (walked.base, walked.skipped, walked.problems, walked.hidden, walked.stated)
    )
    return b"%d %d %d\n" % (len(rels), len(states), len(rest)) + rels + states + rest


def _decode(data: bytes) -> Walk:
    head, _, body = data.partition(b"\n")
    rels_size, states_size, _ = map(int, head.split())
    packed = body[:rels_size], body[rels_size : rels_size + states_size]
    text = packed[0].decode("utf-8", "surrogateescape")
    rels = tuple(text.split(SEPARATOR)) if text else ()
    base, skipped, problems, hidden, stated = pickle.loads(body[rels_size + states_size :])
    numbers = array("q", packed[1])
    if not stated:  # to be filled in (`Discovered.take_states`)
        return Walk(base, rels, numbers, skipped, problems, hidden, stated)
    walked = Walk(base, rels, numbers, skipped, problems, hidden)
    walked.__dict__["packed"] = packed  # as `Walk.packed` would make them: no need to again
    return walked
