"""The snapshot of the files' states beside the article store: what changed is found from it,
and a damaged or missing one never makes a build different."""

from __future__ import annotations

import random
import shutil
import sqlite3
from datetime import UTC
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import feedgen_app.state.snapshot as snapshot_module
from feedgen_app.readers import ReadOptions
from feedgen_app.stages.discover import Discovered, FileState, Found, Walk
from feedgen_app.state.snapshot import (
    Snapshot,
    SnapshotDamaged,
    decode,
    differences,
    encode,
    listed,
)
from feedgen_app.state.store_schema import open_store
from tests.conftest import Site


def _found(*specs: tuple[str, int], made: bool = False) -> Discovered:
    """Files by relative path with a state made of one number (the size; the rest fixed), as a
    walk finds them: listed in the order given; with `made`, their records made already."""
    states = tuple(number for _, size in specs for number in FileState(size, 1, 2, 3))
    found = Discovered(Walk("items/", tuple(rel for rel, _ in specs), states, (), ()))
    if made:
        assert [f.rel for f in found.files] == sorted(rel for rel, _ in specs)
    return found


BEFORE = _found(("b.md", 20), ("a.md", 10), ("c/d.md", 30))


def _snapshot(found: Discovered) -> Snapshot:
    return listed(found)


def test_the_same_files_with_one_changed_state() -> None:
    now = _found(("b.md", 21), ("a.md", 10), ("c/d.md", 31))
    changes = differences(now, decode(encode(_snapshot(BEFORE))))
    assert [f.rel for f in changes.changed] == ["b.md", "c/d.md"]
    assert changes.with_rows == {"b.md", "c/d.md"}
    assert changes.gone == []


def test_added_removed_and_changed_files() -> None:
    now = _found(("a.md", 11), ("b2.md", 20), ("c/d.md", 30))
    changes = differences(now, _snapshot(BEFORE))
    assert [f.rel for f in changes.changed] == ["a.md", "b2.md"]
    assert changes.with_rows == {"a.md"}
    assert changes.gone == ["b.md"]


def test_the_same_files_listed_in_another_order() -> None:
    now = _found(("a.md", 10), ("c/d.md", 30), ("b.md", 22))
    changes = differences(now, _snapshot(BEFORE))
    assert [f.rel for f in changes.changed] == ["b.md"]
    assert changes.gone == []


def test_changed_states_among_thousands_of_files_are_each_found() -> None:
    """Files listed in reverse path order, so that the changes must come back sorted; changes
    at the first and last file, side by side, and in each of the four numbers."""
    rels = [f"p{n:05}.md" for n in range(5000, 0, -1)]
    before = Discovered(
        Walk("items/", tuple(rels), tuple(n for _ in rels for n in (5, 6, 7, 8)), (), ())
    )
    states = [n for _ in rels for n in (5, 6, 7, 8)]
    edits = {0: 0, 1023: 1, 1024: 2, 1025: 3, 2047: 0, 4999: 3}  # position: which number
    for position, number in edits.items():
        states[position * 4 + number] += 1
    now = Discovered(Walk("items/", tuple(rels), tuple(states), (), ()))
    changes = differences(now, _snapshot(before))
    assert [f.rel for f in changes.changed] == sorted(rels[p] for p in edits)
    assert changes.changed[0] == Found("items/p00001.md", "p00001.md", FileState(5, 6, 7, 9))
    assert changes.with_rows == {rels[p] for p in edits}
    assert changes.gone == []


def _reference(now: Discovered, old: Discovered) -> tuple[list[str], set[str], list[str]]:
    """What changed, found the plain way: a dictionary of the old states by path."""

    def states(found: Discovered) -> dict[str, tuple[int, ...]]:
        numbers = found.listing.states
        return {rel: tuple(numbers[4 * n : 4 * n + 4]) for n, rel in enumerate(found.rels)}

    before, after = states(old), states(now)
    changed = sorted(rel for rel, state in after.items() if before.get(rel) != state)
    return changed, {rel for rel in changed if rel in before}, sorted(before.keys() - after.keys())


_NAMES = st.text(alphabet="ab.", min_size=1, max_size=5)
"""Paths from few letters: one is often the start or the end of another."""


@settings(max_examples=300, deadline=None)
@given(
    paths=st.lists(_NAMES, unique=True, max_size=60),
    edits=st.lists(st.tuples(st.sampled_from("acdm"), st.integers(0, 10**6), _NAMES), max_size=8),
    shuffled=st.booleans(),
    block=st.sampled_from([1, 3, 64, 1 << 16]),
)
def test_differences_agree_with_a_plain_comparison(
    paths: list[str], edits: list[tuple[str, int, str]], shuffled: bool, block: int
) -> None:
    """Listings with files added (a), changed (c), deleted (d) or moved in the listing (m),
    or listed in another order altogether; blocks small enough that paths straddle them."""
    files = [(rel, [n, 1, 2, 3]) for n, rel in enumerate(paths)]
    later = [(rel, list(state)) for rel, state in files]
    for what, at, name in edits:
        if what == "a" and name not in dict(later):
            later.insert(at % (len(later) + 1), (name, [at, 0, 0, 0]))
        elif later and what == "c":
            later[at % len(later)][1][at % 4] += 1
        elif later and what == "d":
            del later[at % len(later)]
        elif later and what == "m":
            later.insert(at % len(later), later.pop((at // 7) % len(later)))
    if shuffled:
        random.Random(len(paths)).shuffle(later)

    def walked(listing: list[tuple[str, list[int]]]) -> Discovered:
        states = tuple(number for _, state in listing for number in state)
        return Discovered(Walk("items/", tuple(rel for rel, _ in listing), states, (), ()))

    old, now = walked(files), walked(later)
    saved = snapshot_module._BLOCK
    snapshot_module._BLOCK = block
    try:
        changes = differences(now, decode(encode(_snapshot(old))))
    finally:
        snapshot_module._BLOCK = saved
    changed, with_rows, gone = _reference(now, old)
    assert [f.rel for f in changes.changed] == changed
    assert changes.with_rows == with_rows
    assert changes.gone == gone
    assert all(f == now.file_at(f.rel) for f in changes.changed)


@pytest.mark.parametrize("made", [False, True])
def test_a_changed_file_is_found_with_or_without_the_records(made: bool) -> None:
    now = _found(("b.md", 20), ("a.md", 12), ("c/d.md", 30), made=made)
    changes = differences(now, _snapshot(BEFORE))
    assert changes.changed == [Found("items/a.md", "a.md", FileState(12, 1, 2, 3))]


def test_nothing_changed_and_no_files() -> None:
    assert differences(BEFORE, decode(encode(_snapshot(BEFORE)))).changed == []
    empty = _snapshot(_found())
    assert decode(encode(empty)) == empty
    changes = differences(_found(), _snapshot(BEFORE))
    assert (changes.changed, changes.gone) == ([], ["a.md", "b.md", "c/d.md"])


def _late(mtime: int) -> Discovered:
    return Discovered(Walk("items/", ("a.md",), (1, mtime, 2, 3), (), ()))


def test_a_state_beyond_64_bits_is_compared_too() -> None:
    after_2262 = 2**64 + 5  # a file dated after the year 2262
    changes = differences(_late(after_2262), _snapshot(BEFORE))
    assert [f.rel for f in changes.changed] == ["a.md"]
    assert changes.gone == ["b.md", "c/d.md"]
    assert differences(_late(after_2262), _snapshot(_late(after_2262))).changed == []
    assert len(differences(_late(after_2262 + 1), _snapshot(_late(after_2262))).changed) == 1
    assert differences(_late(-5), decode(encode(_snapshot(_late(-5))))).changed == []


def _many(count: int) -> Discovered:
    rels = [f"p{n:05}.md" for n in range(count)]
    return Discovered(Walk("items/", tuple(rels), tuple(range(4 * count)), (), ()))


@pytest.mark.parametrize("part", [0, 1, 2])
def test_a_damaged_part_of_a_snapshot_is_refused(part: int) -> None:
    parts = encode(_snapshot(_many(1500)))
    assert len(parts) == 3  # the paths, then the states of 1,024 files and of 476
    assert decode(parts) == _snapshot(_many(1500))
    damaged = bytearray(parts[part])
    damaged[5] ^= 1
    with pytest.raises(SnapshotDamaged):
        decode([*parts[:part], bytes(damaged), *parts[part + 1 :]])


def test_a_snapshot_missing_a_part_is_refused() -> None:
    parts = encode(_snapshot(_many(2100)))
    for missing in range(len(parts)):
        with pytest.raises(SnapshotDamaged):
            decode(parts[:missing] + parts[missing + 1 :])
    with pytest.raises(SnapshotDamaged):
        decode([])


def test_remembering_a_snapshot_writes_only_the_parts_that_changed(tmp_path: Path) -> None:
    path = tmp_path / "articles.sqlite"
    options = ReadOptions(UTC, (), 1_000_000)
    store = open_store(path, tmp_path, options)
    store.snapshot()
    store.remember(_snapshot(_many(2100)))  # the paths and three parts of states
    store.save()
    store.close()
    states = list(_many(2100).listing.states)
    states[4 * 1500 + 1] += 1  # a file of the second part of states
    edited = Discovered(Walk("items/", _many(2100).rels, tuple(states), (), ()))
    store = open_store(path, tmp_path, options)
    assert store.snapshot() == _snapshot(_many(2100))
    written: list[str] = []
    store.db.set_trace_callback(written.append)
    store.remember(_snapshot(edited))
    store.db.set_trace_callback(None)
    store.save()
    inserted = [sql for sql in written if sql.startswith("INSERT")]
    assert len(inserted) == 1 and inserted[0].startswith(
        "INSERT OR REPLACE INTO snapshot VALUES (2,"
    )
    assert store.snapshot() == _snapshot(edited)
    store.close()
    store = open_store(path, tmp_path, options)
    assert store.snapshot() == _snapshot(edited)
    store.remember(_snapshot(_many(1000)))  # fewer files: the parts beyond are gone
    assert store.snapshot() == _snapshot(_many(1000))
    store.close()


def _store(site: Site) -> sqlite3.Connection:
    [path] = (site.root / ".feedgen-cache").glob("articles-*.sqlite")
    return sqlite3.connect(path)


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE snapshot SET value = zeroblob(40)",
        "UPDATE snapshot SET value = NULL",
        "UPDATE snapshot SET value = substr(value, 1, length(value) - 9)",
        "DELETE FROM snapshot WHERE part = 1",  # the states
        "DELETE FROM snapshot",
    ],
)
def test_a_damaged_or_missing_snapshot_is_rebuilt_with_a_warning(site: Site, damage: str) -> None:
    for day in (1, 2, 3):
        site.write(f"day-{day}.md", f"---\ntitle: Day {day}\ndate: 2024-05-0{day}\n---\nText.\n")
    assert site.build().code == 0
    site.write("day-2.md", "---\ntitle: Day 2 edited\ndate: 2024-05-02\n---\nText.\n")
    (site.items / "day-3.md").unlink()
    with _store(site) as db:
        db.execute(damage)
    db.close()
    result = site.build()
    assert result.code == 0
    # A missing snapshot is damage too: rows whose files' states are unknown.
    assert "the cache could not be read (a damaged row)" in result.err
    warm = site.feed()
    shutil.rmtree(site.root / ".feedgen-cache")
    shutil.rmtree(site.out)
    assert site.build().code == 0
    assert site.feed() == warm
    assert b"Day 2 edited" in warm
    assert b"Day 3" not in warm


def test_a_snapshot_naming_a_missing_row_gives_the_same_feeds(site: Site) -> None:
    for day in (1, 2):
        site.write(f"day-{day}.md", f"---\ntitle: Day {day}\ndate: 2024-05-0{day}\n---\nText.\n")
    assert site.build().code == 0
    with _store(site) as db:
        db.execute("DELETE FROM articles WHERE rel = 'day-2.md'")  # the snapshot still has it
    db.close()
    site.write("day-2.md", "---\ntitle: Day 2 edited\ndate: 2024-05-02\n---\nText.\n")
    result = site.build()
    assert result.code == 0
    assert "the cache could not be read (a damaged row)" in result.err
    assert b"Day 2 edited" in site.feed()
