"""A first build with no article store leaves the files' states to its readers, which take each
from the `fstat` they make as they open it (`Walk.stated`): the walk makes no `lstat` of them,
and the next build finds exactly the states a walk would have taken (its no-change shortcut,
and an edit that reads one file)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from feedgen_app.errors import ExitCode
from feedgen_app.forked import may_fork
from feedgen_app.stages import discover, read_files, walk_beside
from tests.conftest import Site
from tests.test_no_change import _took_the_shortcut

ARTICLE = "---\ntitle: {title}\ndate: 2024-01-0{day}T10:00:00Z\n---\nBody of {title}.\n"


@pytest.fixture
def stated(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names whose states the walk took (`file_states`), the walk made in this process."""
    monkeypatch.setattr(walk_beside, "may_fork", lambda: False)
    names: list[str] = []
    real = discover.file_states

    def counted(base: str, found: Sequence[str]) -> list[int]:
        names.extend(found)
        return real(base, found)

    monkeypatch.setattr(discover, "file_states", counted)
    return names


@pytest.fixture
def read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files read (`_parse_one`), by path."""
    paths: list[str] = []
    real = read_files._parse_one

    def noted(found: discover.Found, *args: object) -> object:
        paths.append(found.rel)
        return real(found, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(read_files, "_parse_one", noted)
    return paths


def _articles(site: Site) -> None:
    for day, title in enumerate(("One", "Two", "Three"), start=1):
        site.write(f"{title.lower()}.md", ARTICLE.format(title=title, day=day))


def test_a_first_build_takes_the_states_as_it_reads_and_the_next_builds_find_them(
    site: Site, stated: list[str], read: list[str]
) -> None:
    _articles(site)
    assert not _took_the_shortcut(site)
    assert stated == []  # no `lstat` in the walk
    assert sorted(read) == ["one.md", "three.md", "two.md"]
    assert _took_the_shortcut(site)  # the fingerprint holds the states a walk takes
    assert sorted(stated) == ["one.md", "three.md", "two.md"]  # that build's walk took them
    read.clear()
    two = site.items / "two.md"
    two.write_text(ARTICLE.format(title="Two again", day=2), encoding="utf-8")
    assert not _took_the_shortcut(site)
    assert read == ["two.md"]  # the store's snapshot holds them too


def test_with_a_store_and_no_manifest_the_walk_takes_the_states(
    site: Site, stated: list[str], read: list[str]
) -> None:
    """Another output folder for the same items: a first build there, but the article store
    has rows, whose states the walk's are compared with."""
    _articles(site)
    assert site.build().code == 0
    for manifest in (site.root / ".feedgen-cache").glob("last-build-*.marshal"):
        manifest.unlink()
    stated.clear()
    read.clear()
    assert not _took_the_shortcut(site)
    assert sorted(stated) == ["one.md", "three.md", "two.md"]
    assert read == []  # every row still holds
    assert _took_the_shortcut(site)


def test_a_file_that_cannot_be_read_keeps_its_state_as_a_walk_takes_it(
    site: Site, stated: list[str]
) -> None:
    """Over `max_file_size`, refused before it is read: its state is taken all the same, so
    the next build takes the shortcut."""
    site.settings += "max_file_size = 200\n"
    site.extra_args = ["--skip-invalid"]
    _articles(site)
    site.write("long.md", ARTICLE.format(title="Long", day=4) + "word " * 100)
    first = site.build()
    assert first.code == ExitCode.SKIPPED_INVALID and "long.md" in first.err and stated == []
    manifests = sorted((site.root / ".feedgen-cache").glob("last-build-*.marshal"))
    written = [path.stat().st_mtime_ns for path in manifests]
    second = site.build()
    assert second.code == ExitCode.SKIPPED_INVALID and "unchanged" in second.out
    assert [path.stat().st_mtime_ns for path in manifests] == written  # the shortcut


@pytest.mark.skipif(not may_fork(), reason="a walk in a forked process: Linux, two cores")
def test_a_first_walk_made_in_a_forked_process_leaves_the_states_too(
    site: Site, read: list[str]
) -> None:
    _articles(site)
    assert not _took_the_shortcut(site)
    assert _took_the_shortcut(site)
    read.clear()
    (site.items / "one.md").write_text(ARTICLE.format(title="One again", day=1), encoding="utf-8")
    assert not _took_the_shortcut(site)
    assert read == ["one.md"]
