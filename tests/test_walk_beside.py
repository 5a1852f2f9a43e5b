"""Work given to forked children (`forked`): a first build's walk while the build imports
(`stages.walk_beside`), the same walk as one made here, to the bytes; many files' states
(`stages.file_states`), the same numbers in the same order; made here whenever a child cannot
give them, and never forked beside another thread."""

from __future__ import annotations

import importlib
import os
import sys
import threading
from dataclasses import replace
from pathlib import Path

import pytest

import feedgen_app.stages.file_states as file_states_module
import feedgen_app.stages.walk_beside as beside
from feedgen_app.errors import ConfigError
from feedgen_app.stages.discover import ARTICLE_SUFFIXES, Walk, walk
from feedgen_app.stages.file_states import file_states
from feedgen_app.stages.walk_beside import REBUILD_MODULES, walk_beside

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="forks a child on Linux only")


@pytest.fixture
def items(tmp_path: Path) -> Path:
    """Articles in folders, and every kind of entry the walk warns about or passes over."""
    items = tmp_path / "items"
    for name in ["a.md", "b/c.md", "b/d/e.txt", "f.html", "café.md", "README", "x.md~", ".hidden"]:
        (items / name).parent.mkdir(parents=True, exist_ok=True)
        (items / name).write_text(name, encoding="utf-8")
    os.symlink("/", items / "root.md")
    os.symlink("a.md", items / "g.md")
    os.mkfifo(items / "pipe.md")
    (items / os.fsdecode(b"bad-\xff.md")).write_bytes(b"x")
    (tmp_path / "build").mkdir()
    os.symlink("../build", items / "out")
    return items


def _same(ours: Walk, theirs: Walk) -> None:
    assert replace(ours, states=tuple(ours.states)) == theirs
    assert ours.packed == theirs.packed


def _forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The children forked (on a machine with two cores or one)."""
    forked: list[int] = []
    fork = os.fork

    def counted() -> int:
        pid = fork()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counted)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)  # whatever the machine has
    return forked


def test_the_childs_walk_is_the_walk(items: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    forked = _forks(monkeypatch)
    imported: list[str] = []
    monkeypatch.setattr(importlib, "import_module", imported.append)
    here = walk(items, ARTICLE_SUFFIXES, [items.parent / "build"])
    assert here.rels and here.skipped and here.hidden  # the fixture has something of each
    _same(walk_beside(items, ARTICLE_SUFFIXES, [items.parent / "build"]), here)
    [child] = forked
    with pytest.raises(ChildProcessError):  # waited for: no zombie left
        os.waitpid(child, os.WNOHANG)
    assert imported == list(REBUILD_MODULES)  # meanwhile


def test_beside_a_second_thread_the_walk_is_made_here(
    items: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    forked = _forks(monkeypatch)
    here = walk(items, ARTICLE_SUFFIXES)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        _same(walk_beside(items, ARTICLE_SUFFIXES, []), here)
    finally:
        stop.set()
        other.join()
    assert forked == []


def test_a_failed_child_leaves_the_walk_to_this_process(
    items: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    forked = _forks(monkeypatch)
    here = walk(items, ARTICLE_SUFFIXES)

    def fails(walked: Walk) -> bytes:
        raise OverflowError("a file dated after 2262")

    monkeypatch.setattr(beside, "_encode", fails)  # in the child, which is a fork of this
    _same(walk_beside(items, ARTICLE_SUFFIXES, []), here)
    assert len(forked) == 1


def test_an_unreadable_items_folder_is_reported_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _forks(monkeypatch)
    with pytest.raises(ConfigError, match="cannot read the items folder"):
        walk_beside(tmp_path / "missing", ARTICLE_SUFFIXES, [])


def test_the_rebuild_modules_exist_and_end_with_what_the_build_imports() -> None:
    for name in REBUILD_MODULES:
        importlib.import_module(name)
    assert REBUILD_MODULES[-1] == "feedgen_app.rebuild"


def test_many_files_states_are_shared_with_children_and_come_back_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    forked = _forks(monkeypatch)
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    monkeypatch.setattr(file_states_module, "SHARE_FROM", 10)
    names = [f"{n:03}.md" for n in range(95, 0, -1)]
    for n, name in enumerate(names):
        (tmp_path / name).write_bytes(b"x" * n)
    expected = []
    for name in names:
        status = os.lstat(tmp_path / name)
        expected += [status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino]
    assert file_states(f"{tmp_path}/", names) == expected
    assert len(forked) == 2  # three parts: this process and two children
    assert file_states(f"{tmp_path}/", names[:9]) == expected[: 4 * 9]
    assert len(forked) == 2  # too few to share


def test_a_vanished_file_is_an_error_here_whichever_part_it_is_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    forked = _forks(monkeypatch)
    monkeypatch.setattr(file_states_module, "SHARE_FROM", 10)
    names = [f"{n:03}.md" for n in range(40)]
    for name in names[:-1]:
        (tmp_path / name).write_bytes(b"x")
    with pytest.raises(FileNotFoundError) as raised:
        file_states(f"{tmp_path}/", names)  # the last name is in the child's part
    assert raised.value.filename == f"{tmp_path}/{names[-1]}"
    assert len(forked) == 1
