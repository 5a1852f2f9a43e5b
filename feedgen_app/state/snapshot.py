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

from feedgen_app.stages.discover import Discovered, Found

_REL = operator.attrgetter("rel")
_STATE = operator.attrgetter("state")
_SEPARATOR = "\0"  # no file name holds it
NUMBERS = 4
"""A file's state is four numbers: size, modification and change times, inode."""


class SnapshotDamaged(ValueError):
    """The snapshot fails its checksum."""


@dataclass(frozen=True)
class Snapshot:
    rels: tuple[str, ...]
    """Relative paths, in the order the walk listed them (or of the rows)."""
    states: Sequence[int]
    """`NUMBERS` a file, in the order of `rels` (an array of 64-bit numbers, but for one made
    from rows with a state beyond 64 bits)."""


@dataclass(frozen=True)
class Differences:
    changed: list[Found]
    """Files new or with another state than their row's, in path order."""
    with_rows: frozenset[str]
    """Those of `changed` that have a row."""
    gone: list[str]
    """Rows of files that are no longer there."""
    now: Snapshot | None
    """The snapshot of the files found now."""


def snapshot_of(rels: Sequence[str], states: Sequence[int]) -> Snapshot | None:
    """The snapshot of files at `rels` with `states` (`NUMBERS` a file); None for a state
    beyond 64 bits (a file dated after 2262): the store then gives it from its rows."""
    try:
        return Snapshot(tuple(rels), array("q", states))
    except OverflowError:
        return None


def listed(found: Discovered) -> Snapshot | None:
    """The snapshot of the files found, in the order the walk listed them."""
    if found.listing is not None:
        return snapshot_of(found.listing.rels, found.listing.states)
    return in_order(found.files)


def in_order(files: Sequence[Found]) -> Snapshot | None:
    """The snapshot of `files`, in their order."""
    return snapshot_of(list(map(_REL, files)), list(chain.from_iterable(map(_STATE, files))))


def differences(found: Discovered, old: Snapshot) -> Differences:
    """What differs between the files found now and the snapshot of the rows. When the walk
    listed the same files as last time, the numbers are compared in C; else each file's state
    is looked up."""
    now = listed(found)
    if now is not None and now.rels == old.rels:
        numbers = () if now.states == old.states else map(operator.ne, now.states, old.states)
        rels = sorted({now.rels[n // NUMBERS] for n in compress(count(), numbers)})
        changed = [file for file in map(found.file_at, rels) if file is not None]
        return Differences(changed, frozenset(rels), [], now)
    states = iter(old.states)
    known = dict(zip(old.rels, zip(*[states] * NUMBERS, strict=True), strict=True))
    files = found.files
    differs = map(operator.ne, map(known.get, map(_REL, files)), map(_STATE, files))
    changed = list(compress(files, differs))
    with_rows = frozenset(file.rel for file in changed if file.rel in known)
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
    rels = tuple(text.split(_SEPARATOR)) if text else ()
    if len(states) != NUMBERS * len(rels):
        raise SnapshotDamaged("sizes")
    return Snapshot(rels, states)
