"""Whatever the items folder holds (link loops, dangling links, named pipes, unreadable or very
deep folders, our own output), a build ends with one line per oddity and never hangs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import pytest

from feedgen_app.errors import ArticleError, SourceRef
from feedgen_app.readers import read_article
from feedgen_app.readers.fields import ReadOptions
from tests.conftest import Site
from tests.refusal import GOOD, GOOD_TITLES, published_titles

UNREADABLE = (
    "error: cannot read this folder (Permission denied); the articles in it would be left out "
    "(make it readable, or move it out of the items folder)"
)


def _build_with_good(site: Site, *args: str) -> tuple[int, list[str]]:
    site.write("good.md", GOOD)
    result = site.build(*args)
    return result.code, result.err.splitlines()


def test_symbolic_link_loops_and_dangling_links_are_warnings(site: Site) -> None:
    (site.items / "loop.md").symlink_to("loop.md")
    (site.items / "folder").symlink_to("folder")
    (site.items / "gone.md").symlink_to("nothing-here.md")
    code, err = _build_with_good(site)
    assert code == 0
    assert err == [
        f"{site.items / 'folder'}: warning: symbolic link loops back on itself: not followed",
        f"{site.items / 'gone.md'}: warning: symbolic link points at nothing (dangling): "
        "not followed",
        f"{site.items / 'loop.md'}: warning: symbolic link loops back on itself: not followed",
    ]
    assert published_titles(site) == GOOD_TITLES


def test_a_named_pipe_is_never_opened(site: Site) -> None:
    os.mkfifo(site.items / "pipe.txt")
    code, err = _build_with_good(site)
    assert code == 0
    assert err == [
        f"{site.items / 'pipe.txt'}: warning: skipped: not a regular file (a named pipe, "
        "socket or device is never read)"
    ]
    assert published_titles(site) == GOOD_TITLES


def test_a_named_pipe_put_where_an_article_was_is_refused_not_waited_on(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "late.md")  # nobody writes to it: reading it would block forever
    with pytest.raises(ArticleError) as caught:
        read_article(tmp_path / "late.md", SourceRef("late.md"), ReadOptions(UTC, (), 99))
    assert [str(p) for p in caught.value.problems] == [
        "late.md: error: not a regular file (a named pipe, socket or device is never read)"
    ]


@pytest.fixture
def deep_folder(site: Site) -> Iterator[Path]:
    """1,500 nested folders, removed bottom-up afterwards (shutil.rmtree, which pytest uses to
    clean its tmp folders, recurses and would hit the recursion limit)."""
    chain = [site.items / "d"]
    for _ in range(1499):
        chain.append(chain[-1] / "d")
    for folder in chain:
        folder.mkdir()
    yield chain[-1]
    for path in reversed(chain):
        for child in path.iterdir():
            child.unlink()
        path.rmdir()


def test_1500_nested_folders_are_walked(site: Site, deep_folder: Path) -> None:
    (deep_folder / "deep.md").write_text("---\ntitle: Deep\ndate: 2024-01-02\n---\nx\n")
    code, err = _build_with_good(site)
    assert (code, err) == (0, [])
    assert published_titles(site) == ["Deep", "A good article"]


def test_out_naming_a_regular_file_is_an_error(site: Site) -> None:
    target = site.root / "not-a-folder"
    target.write_bytes(b"keep me")
    code, err = _build_with_good(site, "--out", str(target))
    assert code == 1
    assert err == [
        f"{target}: error: is a file, not a folder: point --out (or the `output` setting) at a "
        "folder",
        "build failed: 1 problem; nothing written",
    ]
    assert target.read_bytes() == b"keep me"


def test_an_output_folder_inside_the_items_folder_is_not_read(site: Site) -> None:
    site.settings += 'items = "items"\noutput = "items/feeds"\n'
    site.write("good.md", GOOD)
    first = site.build()
    assert (first.code, first.err) == (0, "")
    site.write("other.md", GOOD.replace("A good article", "Another").replace("01T", "02T"))
    second = site.build()  # something changed: every file is walked and looked at again
    assert (second.code, second.err) == (0, "")
    assert sorted(p.name for p in (site.items / "feeds").iterdir()) == [
        "atom.xml",
        "feed.css",
        "feed.json",
        "index.html",
        "rss.xml",
    ]


@pytest.fixture
def unreadable(site: Site, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A sub-folder that cannot be listed (chmod 000 does not stop root, so scandir is told)."""
    folder = site.items / "private"
    folder.mkdir()
    (folder / "secret.md").write_text(GOOD.replace("A good article", "Secret"))
    real_scandir = os.scandir

    def scandir(path: str) -> object:
        if Path(path) == folder:
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    yield folder


def test_an_unreadable_sub_folder_is_an_error_skip_invalid_can_skip(
    site: Site, unreadable: Path
) -> None:
    site.write("good.md", GOOD)
    failed = site.build()
    assert (failed.code, failed.out) == (1, "")
    assert failed.err.splitlines() == [
        f"{unreadable}: {UNREADABLE}",
        "build failed: 1 problem; nothing written",
    ]
    assert not site.out.exists()
    skipped = site.build("--skip-invalid")
    assert skipped.code == 3
    assert skipped.err.splitlines() == [
        f"{unreadable}: {UNREADABLE}",
        "skipped 1 invalid file (--skip-invalid)",
    ]
    assert published_titles(site) == GOOD_TITLES


def test_a_name_that_is_not_utf8_is_skipped_with_a_warning(site: Site) -> None:
    bad = os.fsencode(site.items) + b"/caf\xe9.md"
    with open(bad, "wb") as stream:
        stream.write(GOOD.encode())
    code, err = _build_with_good(site)
    assert code == 0
    assert err == [
        f"{site.items}/caf\\xe9.md: warning: skipped: the name is not valid UTF-8 (rename it; "
        "URLs and ids need text)"
    ]
    assert published_titles(site) == GOOD_TITLES


def test_a_cache_setting_naming_a_file_is_an_error(site: Site) -> None:
    (site.root / "cache-file").write_bytes(b"keep me")
    site.settings += 'cache = "cache-file"\n'
    code, err = _build_with_good(site)
    assert code == 1
    assert err == [
        f"{site.root / 'cache-file'}: error: is a file, not a folder: point the `cache` setting "
        "at a folder",
        "build failed: 1 problem; nothing written",
    ]
    assert (site.root / "cache-file").read_bytes() == b"keep me"


def test_an_unforeseen_file_system_error_is_one_line(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(path: object, chunks: object) -> None:
        raise OSError(28, "No space left on device", "/cache/last-build.json")

    monkeypatch.setattr("feedgen_app.state.manifest.write_streamed", disk_full)
    code, err = _build_with_good(site)
    assert code == 1
    assert err == [
        "/cache/last-build.json: error: No space left on device (--debug shows where)",
        "stopped by a file-system error; every feed is complete, old or new",
    ]
    assert published_titles(site) == GOOD_TITLES
