"""The states of the files the article store has rows for, kept beside the rows in a few parts
(`encode`): a rebuild reads them at once and compares them with what the walk saw in C, instead
of reading a row per file (100,000 rows cost a rebuild a tenth of a second; the snapshot a
hundredth).

It is written in the same transaction as the rows, from the states the rows were written with,
so it always says what they say; a store with rows and no snapshot is damaged.
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
    changed: Sequence[Found]
    """Files new or with another state than their row's, in path order (for a first build,
    every file, its record made when asked for: `InPathOrder`)."""
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
    """What differs between the files found now and the snapshot of the rows. The files the
    walk lists as last time at the start and at the end of its listing (all of them while no
    file was added or removed) have their states compared as bytes, and as numbers only where
    they differ, in C; the files between (an added file, a removed one) are looked up by path."""
    now = listed(found)
    if now == old:
        return Differences([], frozenset(), [], now)
    if not old.rels:  # no rows (a first build): every file is new
        return Differences(found.in_path_order(), frozenset(), [], now)
    if now.rels == old.rels:
        changed = sorted(map(found.listed_at, _changed(now.states, old.states)), key=_REL)
        return Differences(changed, frozenset(map(_REL, changed)), [], now)
    ends = _Ends.of(now.rels, old.rels)
    total = len(found.rels)
    positions = list(_changed(now.states[: RECORD * ends.head], old.states[: RECORD * ends.head]))
    if ends.tail:
        tails = now.states[-RECORD * ends.tail :], old.states[-RECORD * ends.tail :]
        positions += [total - ends.tail + n for n in _changed(*tails)]
    changed = list(map(found.listed_at, positions))
    with_rows = set(map(_REL, changed))
    # Between: what was added, removed, or listed elsewhere (each looked up, still in C).
    between = ends.old_between(old.rels)
    numbers = iter(old.numbers()[NUMBERS * ends.head : NUMBERS * (ends.head + len(between))])
    known = dict(zip(between, zip(*[numbers] * NUMBERS, strict=True), strict=True))
    middle = range(ends.head, total - ends.tail)
    now_between = found.rels[ends.head : total - ends.tail]
    states = iter(found.listing.states[NUMBERS * ends.head : NUMBERS * (total - ends.tail)])
    now_states = zip(*[states] * NUMBERS, strict=True)
    differs = map(operator.ne, map(known.get, now_between), now_states)
    for file in map(found.listed_at, compress(middle, differs)):
        changed.append(file)
        if file.rel in known:
            with_rows.add(file.rel)
    gone = sorted(known.keys() - set(now_between))
    return Differences(sorted(changed, key=_REL), frozenset(with_rows), gone, now)


RECORD = 8 * NUMBERS
"""Bytes of a file's state in a snapshot."""
PART = RECORD * 1024
"""Bytes of the states of 1,024 files: compared first as a whole (`_changed`), and kept as one
part of the stored snapshot (`encode`), so that an edit rewrites one part, not all of it (5.8 MB
at 100,000 files)."""


@dataclass(frozen=True)
class _Ends:
    """The paths two listings (NUL-joined) have alike at their start (`head` of them) and at
    their end (`tail`), and where, in the bytes of the old one, the paths between them are."""

    head: int
    tail: int
    start: int
    """Where the first path after the head begins (alike in both)."""
    after: int
    """How many bytes of the old listing follow the paths between (its tail and the NUL
    before it)."""

    @classmethod
    def of(cls, now: bytes, old: bytes) -> _Ends:
        alike = _alike(now, old)
        head = now.count(_NUL, 0, alike)  # every path ended by a NUL in the bytes alike
        start = now.rfind(_NUL, 0, alike) + 1
        alike_end = min(_alike(now[::-1], old[::-1]), len(now) - start, len(old) - start)
        tail = now.count(_NUL, len(now) - alike_end)  # every path after a NUL in them
        after = len(now) - now.find(_NUL, len(now) - alike_end) if tail else 0
        return cls(head, tail, start, after)

    def old_between(self, old: bytes) -> list[str]:
        """The old listing's paths between its head and its tail."""
        end = len(old) - self.after if self.tail else len(old)
        if end <= self.start:  # none: paths are never empty
            return []
        return old[self.start : end].decode("utf-8", "surrogateescape").split(SEPARATOR)


_NUL = SEPARATOR.encode()
_BLOCK = 1 << 16


def _alike(one: bytes, other: bytes) -> int:
    """The length of the longest start the two have alike: blocks compared as bytes, then
    halves of the block where they differ."""
    low, size = 0, min(len(one), len(other))
    while low + _BLOCK <= size and one[low : low + _BLOCK] == other[low : low + _BLOCK]:
        low += _BLOCK
    high = min(low + _BLOCK, size)
    while low < high:  # one[:low] == other[:low]; no longer start beyond high
        middle = (low + high + 1) // 2
        if one[low:middle] == other[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _changed(now: bytes, old: bytes) -> Iterator[int]:
    """The positions of the files whose states differ between `now` and `old` (of one length),
    in order: parts compared as bytes (memcmp), the numbers only in parts that differ. An edit
    at 100,000 files costs a millisecond, where comparing every number cost thirty."""
    for start in range(0, len(now), PART):
        if now[start : start + PART] != old[start : start + PART]:
            ours, theirs = (
                array("q", now[start : start + PART]),
                array("q", old[start : start + PART]),
            )
            numbers = compress(count(), map(operator.ne, ours, theirs))
            first = start // RECORD
            yield from sorted({first + n // NUMBERS for n in numbers})


def encode(snapshot: Snapshot) -> list[bytes]:
    """The parts a snapshot is kept in: a head with the sizes and the paths, then the states
    `PART` bytes a part; each ends with a CRC-32 of itself."""
    states = snapshot.states
    head = b"%d %d\n" % (len(snapshot.rels), len(states)) + snapshot.rels
    parts = [head, *(states[start : start + PART] for start in range(0, len(states), PART))]
    return [part + _crc(part) for part in parts]


def decode(parts: Sequence[bytes]) -> Snapshot:
    """The snapshot `encode` made; raises SnapshotDamaged."""
    bodies = [part[:-4] for part in parts]
    if not parts or any(_crc(body) != part[-4:] for body, part in zip(bodies, parts, strict=True)):
        raise SnapshotDamaged("checksum")
    head, _, rels = bodies[0].partition(b"\n")
    try:
        rels_size, states_size = map(int, head.split())
    except ValueError as exc:  # not the head: a part is missing
        raise SnapshotDamaged("head") from exc
    snapshot = Snapshot(rels, b"".join(bodies[1:]))
    files = rels.count(SEPARATOR.encode()) + 1 if rels else 0
    sizes = (len(rels), len(snapshot.states), len(parts) - 1)
    if sizes != (rels_size, RECORD * files, -(-states_size // PART)) or states_size != sizes[1]:
        raise SnapshotDamaged("sizes")
    return snapshot


def _crc(data: bytes) -> bytes:
    return zlib.crc32(data).to_bytes(4, "big")
