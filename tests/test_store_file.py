"""A new article store is made whole in a temporary file and put in place (`state/store_file.py`):
a first build killed half-way leaves no half-written store, only a temporary file the next
build removes; a failed read leaves nothing; a store put in place by another build meanwhile
stops this one instead of mixing the two."""

from __future__ import annotations

import fcntl
import os
import sqlite3
import subprocess
import sys
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest

from feedgen_app.readers import ReadOptions
from feedgen_app.state.store_file import remove_abandoned
from feedgen_app.state.store_schema import open_store
from tests.conftest import Site
from tests.refusal import GOOD, published_titles

OPTIONS = ReadOptions(UTC, (), 1_000_000)


def _cache(site: Site) -> list[str]:
    return sorted(os.listdir(site.root / ".feedgen-cache"))


def _journal_mode(path: Path) -> str:
    db = sqlite3.connect(path)
    try:
        return str(db.execute("PRAGMA journal_mode").fetchone()[0])
    finally:
        db.close()


def test_a_first_build_puts_a_whole_store_in_place_in_wal_mode(site: Site) -> None:
    site.write("good.md", GOOD)
    assert site.build().code == 0
    [store] = [name for name in _cache(site) if name.startswith("articles-")]
    assert store.endswith(".sqlite")  # and no temporary file beside it
    path = site.root / ".feedgen-cache" / store
    assert _journal_mode(path) == "wal"  # later builds read while another one writes
    db = sqlite3.connect(path)
    assert db.execute("SELECT rel FROM articles").fetchall() == [("good.md",)]
    assert db.execute("SELECT COUNT(*) FROM header").fetchone() == (1,)
    db.close()


def test_a_first_build_killed_after_writing_rows_leaves_no_store(site: Site) -> None:
    """A real kill (SIGKILL) once every row is written, before the store is put in place."""
    site.write("good.md", GOOD)
    script = (
        "import os, signal\n"
        "from feedgen_app.state.article_store import ArticleStore\n"
        "ArticleStore.index = lambda self: os.kill(os.getpid(), signal.SIGKILL)\n"
        "from feedgen_app.cli import main\n"
        f"main(['build', '--config', {str(site.root / 'site.toml')!r}])\n"
    )
    (site.root / "site.toml").write_text(site.settings, encoding="utf-8")
    killed = subprocess.run([sys.executable, "-c", script], capture_output=True, check=False)
    assert killed.returncode == -9, killed.stderr
    [left] = _cache(site)
    assert left.startswith("articles-") and left.endswith(".making")
    result = site.build()
    assert (result.code, result.err) == (0, "")
    assert published_titles(site) == ["A good article"]
    assert not [name for name in _cache(site) if name.endswith(".making")]


def test_a_failed_read_leaves_no_store(tmp_path: Path) -> None:
    path = tmp_path / "articles.sqlite"
    store = open_store(path, tmp_path, OPTIONS)
    store.db.execute("INSERT INTO shared VALUES ('a.md')")
    store.close()  # without save: as when reading fails
    assert os.listdir(tmp_path) == []


def test_a_store_another_build_put_in_place_meanwhile_stops_this_one(tmp_path: Path) -> None:
    path = tmp_path / "articles.sqlite"
    store = open_store(path, tmp_path, OPTIONS)
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE theirs (x)")
    other.close()
    with pytest.raises(sqlite3.OperationalError, match="another build made it at the same time"):
        store.save()
    store.close()
    assert os.listdir(tmp_path) == ["articles.sqlite"]  # theirs, untouched
    db = sqlite3.connect(path)
    assert db.execute("SELECT name FROM sqlite_master").fetchall() == [("theirs",)]
    db.close()


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return int(done.stdout)


def test_only_the_temporary_files_of_killed_builds_are_removed(tmp_path: Path) -> None:
    path = tmp_path / "articles-x.sqlite"
    dead = tmp_path / f"articles-x.sqlite.{_dead_pid()}.making"
    locked = tmp_path / f"articles-x.sqlite.{_dead_pid()}.making"  # its lock is held
    alive = tmp_path / f"articles-x.sqlite.{os.getpid()}.making"  # a live process's
    others = [tmp_path / "articles-y.sqlite.1.making", tmp_path / "articles-x.sqlite.making"]
    for file in (dead, locked, alive, *others):
        file.write_bytes(b"x")
    holder = os.open(locked, os.O_RDWR)
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        remove_abandoned(path)
    finally:
        os.close(holder)
    assert sorted(os.listdir(tmp_path)) == sorted(f.name for f in (locked, alive, *others))


def test_without_hard_links_the_new_store_is_renamed_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(*_: object) -> None:
        raise PermissionError("operation not permitted")  # as on FAT or an SMB share

    monkeypatch.setattr(os, "link", no_links)
    path = tmp_path / "articles.sqlite"
    store = open_store(path, tmp_path, OPTIONS)
    store.db.execute("INSERT INTO shared VALUES ('a.md')")
    store.save()
    assert store.db.execute("SELECT rel FROM shared").fetchall() == [("a.md",)]
    store.close()
    assert os.listdir(tmp_path) == ["articles.sqlite"]
    assert _journal_mode(path) == "wal"


def test_a_cache_folder_where_no_file_can_be_made_is_the_cache_error(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.open

    def refused(path: str, *args: Any) -> int:
        if str(path).endswith(".making"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args)

    monkeypatch.setattr(os, "open", refused)
    site.write("good.md", GOOD)
    result = site.build()
    assert result.code == 1
    [line, summary] = result.err.splitlines()
    cache = site.root / ".feedgen-cache"
    assert line.startswith(f"{cache}/articles-") and ": error: the cache cannot be used (" in line
    assert "Permission denied" in line and summary == "build failed: 1 problem; nothing written"
    assert not site.out.exists()
