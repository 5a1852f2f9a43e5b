"""The snapshot of the files' states beside the article store: what changed is found from it,
and a damaged or missing one never makes a build different."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from feedgen_app.stages.discover import FileState, Found
from feedgen_app.state.snapshot import (
    SnapshotDamaged,
    decode,
    differences,
    encode,
    snapshot_of,
)
from tests.conftest import Site


def _files(*specs: tuple[str, int]) -> list[Found]:
    """Files by relative path with a state made of one number (the size; the rest fixed)."""
    return [Found(f"items/{rel}", rel, FileState(size, 1, 2, 3)) for rel, size in specs]


BEFORE = _files(("a.md", 10), ("b.md", 20), ("c/d.md", 30))


def test_the_same_files_with_one_changed_state() -> None:
    now = _files(("a.md", 10), ("b.md", 21), ("c/d.md", 30))
    found = differences(now, decode(encode(snapshot_of(BEFORE) or pytest.fail())))
    assert [f.rel for f in found.changed] == ["b.md"]
    assert found.with_rows == {"b.md"}
    assert found.gone == []


def test_added_removed_and_changed_files() -> None:
    now = _files(("a.md", 11), ("b2.md", 20), ("c/d.md", 30))
    found = differences(now, snapshot_of(BEFORE) or pytest.fail())
    assert [f.rel for f in found.changed] == ["a.md", "b2.md"]
    assert found.with_rows == {"a.md"}
    assert found.gone == ["b.md"]


def test_nothing_changed_and_no_files() -> None:
    assert differences(BEFORE, snapshot_of(BEFORE) or pytest.fail()).changed == []
    empty = snapshot_of([]) or pytest.fail()
    assert decode(encode(empty)) == empty
    found = differences([], snapshot_of(BEFORE) or pytest.fail())
    assert (found.changed, found.gone) == ([], ["a.md", "b.md", "c/d.md"])


def test_a_state_beyond_64_bits_has_no_snapshot() -> None:
    late = [Found("items/a.md", "a.md", FileState(1, 2**64, 2, 3))]  # a file dated after 2262
    assert snapshot_of(late) is None
    found = differences(late, snapshot_of(BEFORE) or pytest.fail())
    assert [f.rel for f in found.changed] == ["a.md"]


def test_a_damaged_snapshot_is_refused() -> None:
    blob = bytearray(encode(snapshot_of(BEFORE) or pytest.fail()))
    blob[5] ^= 1
    with pytest.raises(SnapshotDamaged):
        decode(bytes(blob))


def _store(site: Site) -> sqlite3.Connection:
    [path] = (site.root / ".feedgen-cache").glob("articles-*.sqlite")
    return sqlite3.connect(path)


@pytest.mark.parametrize("damage", ["zeroblob(40)", "NULL"])
def test_a_damaged_or_missing_snapshot_gives_the_same_feeds(site: Site, damage: str) -> None:
    for day in (1, 2, 3):
        site.write(f"day-{day}.md", f"---\ntitle: Day {day}\ndate: 2024-05-0{day}\n---\nText.\n")
    assert site.build().code == 0
    site.write("day-2.md", "---\ntitle: Day 2 edited\ndate: 2024-05-02\n---\nText.\n")
    (site.items / "day-3.md").unlink()
    with _store(site) as db:
        db.execute(f"UPDATE snapshot SET value = {damage}")
    db.close()
    result = site.build()
    assert result.code == 0
    assert ("the cache could not be read (a damaged row)" in result.err) == (damage != "NULL")
    warm = site.feed()
    shutil.rmtree(site.root / ".feedgen-cache")
    shutil.rmtree(site.out)
    assert site.build().code == 0
    assert site.feed() == warm
    assert b"Day 2 edited" in warm
    assert b"Day 3" not in warm
