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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, compress, count

from feedgen_app.stages.discover import SEPARATOR, Discovered, Found, pack

_REL = operator.attrgetter("rel")
_STATE = operator.attrgetter("state")
NUMBERS = 4
"""A file's state is four numbers: size, modification and change times, inode."""


class SnapshotDamaged(ValueError):
    """The snapshot fails its checksum."""


@dataclass(frozen=True)
class Snapshot:
    """Files' paths and states as bytes: compared as they are while the walk lists the same
    files in the same order, decoded only when it does not."""

    rels: bytes
    """Relative paths, in the order the walk listed them (or of the rows), UTF-8, NUL-joined."""
    states: bytes
    """`NUMBERS` 64-bit numbers a file, in the order of `rels`."""

    def paths(self) -> list[str]:
        text = self.rels.decode("utf-8", "surrogateescape")
        return text.split(SEPARATOR) if text else []

    def numbers(self) -> array[int]:
        numbers = array("q")
        numbers.frombytes(self.states)
        return numbers


@dataclass(frozen=True)
class Differences:
    changed: list[Found]
    """Files new or with another state than their row's, in path order."""
    with_rows: frozenset[str]
    """Those of `changed` that have a row."""
    gone: list[str]
    """Rows of files that are no longer there."""
    now: Snapshot
    """The snapshot of the files found now."""


def snapshot_of(rels: Sequence[str], states: Sequence[int]) -> Snapshot:
    """The snapshot of files at `rels` with `states` (`NUMBERS` a file)."""
    return Snapshot(*pack(rels, states))


def listed(found: Discovered) -> Snapshot:
    """The snapshot of the files found, in the order the walk listed them (the walk's own
    bytes, which its digest is made of too)."""
    return Snapshot(*found.listing.packed)


def in_order(files: Sequence[Found]) -> Snapshot:
    """The snapshot of `files`, in their order."""
    return snapshot_of(list(map(_REL, files)), list(chain.from_iterable(map(_STATE, files))))


def differences(found: Discovered, old: Snapshot) -> Differences:
    """What differs between the files found now and the snapshot of the rows. While the walk
    lists the same files as last time, the states are compared as bytes, then as numbers where
    they differ (in C); else each file's state is looked up."""
    now = listed(found)
    if now.rels == old.rels:
        if now.states == old.states:
            return Differences([], frozenset(), [], now)
        changed = sorted(map(found.listed_at, _changed(now.states, old.states)), key=_REL)
        return Differences(changed, frozenset(map(_REL, changed)), [], now)
    if not old.rels:  # no rows (a first build): every file is new
        return Differences(list(found.files), frozenset(), [], now)
    # Files added or removed (or listed in another order): each state looked up, still in C.
    old_states = iter(old.numbers())
    known = dict(zip(old.paths(), zip(*[old_states] * NUMBERS, strict=True), strict=True))
    states = iter(found.listing.states)
    now_states = zip(*[states] * NUMBERS, strict=True)
    differs = map(operator.ne, map(known.get, found.rels), now_states)
    changed_rels = sorted(compress(found.rels, differs))
    changed = [file for file in map(found.file_at, changed_rels) if file is not None]
    with_rows = frozenset(rel for rel in changed_rels if rel in known)
    gone = sorted(known.keys() - set(found.rels))
    return Differences(changed, with_rows, gone, now)


_CHUNK = 8 * NUMBERS * 1024
"""Bytes of the states of 1,024 files: `_changed` compares chunks of this size first."""


def _changed(now: bytes, old: bytes) -> Iterator[int]:
    """The positions of the files whose states differ between `now` and `old` (of one length),
    in order: chunks compared as bytes (memcmp), the numbers only in chunks that differ. An edit
    at 100,000 files costs a millisecond, where comparing every number cost thirty."""
    for start in range(0, len(now), _CHUNK):
        if now[start : start + _CHUNK] != old[start : start + _CHUNK]:
            ours, theirs = (
                array("q", now[start : start + _CHUNK]),
                array("q", old[start : start + _CHUNK]),
            )
            numbers = compress(count(), map(operator.ne, ours, theirs))
            first = start // (8 * NUMBERS)
            yield from sorted({first + n // NUMBERS for n in numbers})


def encode(snapshot: Snapshot) -> bytes:
    """A head with the sizes, the paths, the numbers, then a CRC-32 of all that."""
    body = b"%d %d\n" % (len(snapshot.rels), len(snapshot.states)) + snapshot.rels + snapshot.states
    return body + zlib.crc32(body).to_bytes(4, "big")


def decode(blob: bytes) -> Snapshot:
    """The snapshot `encode` made; raises SnapshotDamaged."""
    body, checksum = blob[:-4], blob[-4:]
    if zlib.crc32(body).to_bytes(4, "big") != checksum:
        raise SnapshotDamaged("checksum")
    head, _, rest = body.partition(b"\n")
    rels_size, states_size = map(int, head.split())
    snapshot = Snapshot(rest[:rels_size], rest[rels_size : rels_size + states_size])
    files = snapshot.rels.count(SEPARATOR.encode()) + 1 if snapshot.rels else 0
    if len(rest) != rels_size + states_size or states_size != 8 * NUMBERS * files:
        raise SnapshotDamaged("sizes")
    return snapshot
