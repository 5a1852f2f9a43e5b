"""The walk itself (`discover`), called directly: which entries of a folder become articles,
which become warnings, in which order, and with which `stat` states."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

from feedgen_app.errors import ConfigError
from feedgen_app.stages.discover import (
    ARTICLE_SUFFIXES,
    FileState,
    Found,
    Walk,
    discover,
    suffix_count,
    walk,
)
from feedgen_app.state.manifest import walk_digest

NOT_AN_ARTICLE = (
    "warning: skipped: not an article file type (accepted: .htm, .html, .markdown, .md, .txt)"
)
NOT_REGULAR = "warning: skipped: not a regular file (a named pipe, socket or device is never read)"


def _touch(folder: Path, *names: str) -> None:
    for name in names:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(b"x")


def _rels(items: Path) -> list[str]:
    return [found.rel for found in discover(items, ARTICLE_SUFFIXES).files]


def test_every_kind_of_name_lands_where_it_belongs(tmp_path: Path) -> None:
    items = tmp_path / "items"
    articles = ["a.md", "B.MD", "c.Markdown", "d.txt", "e.html", "f.HTM", "café.md", "x..md"]
    section_pages = ["_index.md", "_index.markdown", "sub/_index.md"]
    quiet = [".hidden.md", "#draft.md", "a.md~", "a.md.swp", "logo.PNG", "x.tmp", "data.json"]
    warned = ["README", "notes.rst", "x.", "x.md.orig", "ünï.rst"]
    _touch(items, *articles, *section_pages, *quiet, *warned, "sub/g.md", ".git/h.md")
    (items / "folder.md").mkdir()
    (items / "folder.md" / "i.md").write_bytes(b"x")
    os.mkfifo(items / "pipe.md")
    os.symlink("a.md", items / "link.md")
    os.symlink("#draft.md", items / "link.tmp")  # an ignored name: not followed, no warning
    found = discover(items, ARTICLE_SUFFIXES)
    # Code point order of the whole relative path: "." < "/" < "0" < "B" < "_" < "a" < "é".
    assert [f.rel for f in found.files] == [
        "B.MD",
        "a.md",
        "c.Markdown",
        "café.md",
        "d.txt",
        "e.html",
        "f.HTM",
        "folder.md/i.md",
        "link.md",
        "sub/g.md",
        "x..md",
    ]
    assert [f.path for f in found.files][:2] == [f"{items}/B.MD", f"{items}/a.md"]
    assert [str(problem) for problem in found.skipped] == [
        f"{items}/README: {NOT_AN_ARTICLE}",
        f"{items}/notes.rst: {NOT_AN_ARTICLE}",
        f"{items}/pipe.md: {NOT_REGULAR}",
        f"{items}/x.: {NOT_AN_ARTICLE}",
        f"{items}/x.md.orig: {NOT_AN_ARTICLE}",
        f"{items}/ünï.rst: {NOT_AN_ARTICLE}",
    ]
    assert found.problems == ()


def test_files_come_sorted_by_relative_path_whatever_the_folder_order(tmp_path: Path) -> None:
    items = tmp_path / "items"
    names = [f"{n:04d}.md" for n in range(300)] + ["a/z.md", "a.md", "a0.md", "a/b/c.md", "Z.md"]
    for name in reversed(names):  # created in reverse: many file systems list in that order
        _touch(items, name)
    assert _rels(items) == sorted(names)
    assert _rels(items)[-5:] == ["Z.md", "a.md", "a/b/c.md", "a/z.md", "a0.md"]


def test_each_file_carries_its_own_lstat_state(tmp_path: Path) -> None:
    items = tmp_path / "items"
    _touch(items, "one.md", "deep/er/two.txt")
    (items / "one.md").write_bytes(b"twelve bytes")
    os.utime(items / "one.md", ns=(1, 1_700_000_000_123_456_789))
    files = discover(items, ARTICLE_SUFFIXES).files
    assert [type(f) for f in files] == [Found, Found]
    assert [type(f.state) for f in files] == [FileState, FileState]
    for found, name in zip(files, ["deep/er/two.txt", "one.md"], strict=True):
        status = os.lstat(items / name)
        assert found == (str(items / name), name, found.state)
        assert found.state == FileState(
            status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino
        )
    assert files[1].state.size == 12
    assert files[1].state.mtime_ns == 1_700_000_000_123_456_789


def test_a_link_to_an_article_inside_has_the_state_of_its_target(tmp_path: Path) -> None:
    items = tmp_path / "items"
    _touch(items, "real.md")
    os.symlink("real.md", items / "alias.md")
    target = os.stat(items / "real.md")
    [alias, real] = discover(items, ARTICLE_SUFFIXES).files
    assert (alias.rel, real.rel) == ("alias.md", "real.md")
    assert alias.state.inode == real.state.inode == target.st_ino


def test_own_folders_are_passed_over_quietly(tmp_path: Path) -> None:
    items = tmp_path / "items"
    _touch(items, "a.md", "build/atom.md", "cache/x.md")
    found = discover(items, ARTICLE_SUFFIXES, (items / "build", tmp_path / "items/./cache"))
    assert [f.rel for f in found.files] == ["a.md"]
    assert found.skipped == ()


@pytest.mark.usefixtures("collector_on")
def test_the_collector_is_on_again_after_the_walk_even_a_failed_one(tmp_path: Path) -> None:
    _touch(tmp_path / "items", "a.md")
    assert _rels(tmp_path / "items") == ["a.md"]
    assert gc.isenabled()
    with pytest.raises(ConfigError, match="cannot read the items folder"):
        discover(tmp_path / "missing", ARTICLE_SUFFIXES)
    assert gc.isenabled()
    gc.disable()  # and off after it if it was off before
    assert _rels(tmp_path / "items") == ["a.md"]
    assert not gc.isenabled()


def test_a_suffix_that_is_also_an_ignored_ending_stays_ignored(tmp_path: Path) -> None:
    items = tmp_path / "items"
    _touch(items, "a.md", "data.json", "b.tmp")
    found = discover(items, frozenset({".md", ".json", ".tmp"}))
    assert [f.rel for f in found.files] == ["a.md"]
    assert found.skipped == ()


def test_the_suffix_is_what_follows_the_last_dot_in_lower_case(tmp_path: Path) -> None:
    items = tmp_path / "items"
    _touch(items, "a.d", "bad", "x.tar.gz", "y.MD", "z.md")
    found = discover(items, frozenset({".d", "d", ".tar.gz", ".MD"}))
    assert [f.rel for f in found.files] == ["a.d"]
    accepted = "(accepted: .MD, .d, .tar.gz, d)"
    assert [str(problem) for problem in found.skipped] == [
        f"{items}/{name}: warning: skipped: not an article file type {accepted}"
        for name in ["bad", "x.tar.gz", "y.MD", "z.md"]
    ]


def test_a_walk_becomes_records_sorted_by_relative_path() -> None:
    walked = Walk("items/", ("b.md", "a/c.md"), (1, 2, 3, 4, 5, 6, 7, 8), (), ())
    assert walked.discovered().files == (
        Found("items/a/c.md", "a/c.md", FileState(5, 6, 7, 8)),
        Found("items/b.md", "b.md", FileState(1, 2, 3, 4)),
    )
    assert [type(f.state) for f in walked.discovered().files] == [FileState, FileState]
    for numbers in (7, 9):  # four numbers a file, no fewer, no more (records made on demand)
        with pytest.raises(ValueError, match="zip"):
            _ = Walk("items/", ("b.md", "a/c.md"), tuple(range(numbers)), (), ()).discovered().files


def test_the_digest_of_an_unchanged_folder_stays_the_same(tmp_path: Path) -> None:
    items = tmp_path / "items"
    _touch(items, *(f"{n:03d}.md" for n in range(200)), "sub/a.md", "notes.rst")
    first = walk_digest(walk(items, ARTICLE_SUFFIXES))
    assert walk_digest(walk(items, ARTICLE_SUFFIXES)) == first
    (items / "sub" / "a.md").write_bytes(b"y")  # same size, new times
    assert walk_digest(walk(items, ARTICLE_SUFFIXES)) != first


def test_a_walk_lists_the_hidden_names_of_the_items_folder_itself(tmp_path: Path) -> None:
    items = tmp_path / "items"
    _touch(items, "a.md", ".b", ".a.tmp", "sub/.c", ".git/d.md")
    walked = walk(items, ARTICLE_SUFFIXES)
    assert walked.hidden == (".a.tmp", ".b", ".git")
    assert walked.rels == ("a.md",)


def test_suffixes_are_counted_in_any_case_and_folders_listed(tmp_path: Path) -> None:
    for rel in ("a.md", "news/b.HTML", "news/deep/c.htm", "d.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    found = discover(tmp_path, ARTICLE_SUFFIXES)
    assert suffix_count(found.rels, (".html", ".htm")) == 2
    assert suffix_count(found.rels, (".md",)) == 1
    assert found.folders() == {"", "news", "news/deep"}
