"""The states of the files the article store has rows for, kept in one value beside the rows:
a rebuild reads it at once and compares it with what the walk saw in C, instead of reading a
row per file (100,000 rows cost a rebuild a tenth of a second; the snapshot a hundredth).

It is written in the same transaction as the rows, from the states the rows were written with,
so it always says what they say; a store without one (an older build's) gives it from its rows.
"""

from __future__ import annotations

import operator
import zlib
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain, compress, count

from feedgen_app.stages.discover import Found

_REL = operator.attrgetter("rel")
_STATE = operator.attrgetter("state")
_SEPARATOR = "\0"  # no file name holds it
NUMBERS = 4
"""A file's state is four numbers: size, modification and change times, inode."""


class SnapshotDamaged(ValueError):
    """The snapshot fails its checksum."""


@dataclass(frozen=True)
class Snapshot:
    rels: list[str]
    """Relative paths, sorted."""
    states: Sequence[int]
    """`NUMBERS` a file, in the order of `rels`."""


@dataclass(frozen=True)
class Differences:
    changed: list[Found]
    """Files new or with another state than their row's, in path order."""
    with_rows: frozenset[str]
    """Those of `changed` that have a row."""
    gone: list[str]
    """Rows of files that are no longer there."""
    now: Snapshot | None
    """The snapshot of the files found now (`snapshot_of`)."""


def snapshot_of(files: Sequence[Found]) -> Snapshot | None:
    """The snapshot of `files` (sorted by relative path); None for a state beyond 64 bits (a
    file dated after 2262), which the store then gives from its rows."""
    try:
        states = array("q", chain.from_iterable(map(_STATE, files)))
    except OverflowError:
        return None
    return Snapshot(list(map(_REL, files)), states)


def differences(files: Sequence[Found], old: Snapshot) -> Differences:
    """What differs between the files found now (sorted) and the snapshot of the rows: when the
    files are the same ones, numbers are compared in C; else each file's state is looked up."""
    now = snapshot_of(files)
    if now is not None and now.rels == old.rels:
        numbers = compress(count(), map(operator.ne, now.states, old.states))
        changed = [files[index] for index in sorted({n // NUMBERS for n in numbers})]
        return Differences(changed, frozenset(found.rel for found in changed), [], now)
    states = iter(old.states)
    known = dict(zip(old.rels, zip(*[states] * NUMBERS, strict=True), strict=True))
    differs = map(operator.ne, map(known.get, map(_REL, files)), map(_STATE, files))
    changed = list(compress(files, differs))
    with_rows = frozenset(found.rel for found in changed if found.rel in known)
    gone = sorted(known.keys() - set(map(_REL, files)))
    return Differences(changed, with_rows, gone, now)


def encode(snapshot: Snapshot) -> bytes:
    """`head`, the paths, the numbers, then a CRC-32 of all that."""
    rels = _SEPARATOR.join(snapshot.rels).encode("utf-8", "surrogateescape")
    states = array("q", snapshot.states).tobytes()
    body = b"%d %d\n" % (len(rels), len(states)) + rels + states
    return body + zlib.crc32(body).to_bytes(4, "big")


def decode(blob: bytes) -> Snapshot:
    """The snapshot `encode` made; raises SnapshotDamaged."""
    body, checksum = blob[:-4], blob[-4:]
    if zlib.crc32(body).to_bytes(4, "big") != checksum:
        raise SnapshotDamaged("checksum")
    head, _, rest = body.partition(b"\n")
    rels_size, states_size = map(int, head.split())
    text = rest[:rels_size].decode("utf-8", "surrogateescape")
    states = array("q")
    states.frombytes(rest[rels_size : rels_size + states_size])
    rels = text.split(_SEPARATOR) if text else []
    if len(states) != NUMBERS * len(rels):
        raise SnapshotDamaged("sizes")
    return Snapshot(rels, states)
