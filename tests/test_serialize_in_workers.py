"""Entries serialized in the rendering workers (`stages.render`, many articles to render) make
the same files, byte for byte, as entries serialized in the build's own process
(`stages.write`): after a build from nothing, and after edits that mix both in a file (the
edited entries from the workers, the others from the rendered cache)."""

from __future__ import annotations

import shutil
from collections.abc import Collection, Iterator
from contextlib import contextmanager

import pytest

from feedgen_app.model import Entry, Podcast
from feedgen_app.stages import render, write
from tests.conftest import Site
from tests.test_media import PODCAST

FAMILY = (
    """
tag_feeds = true
author_feeds = true
archive = true
archive_page_size = 3
"""
    + PODCAST
)  # a feed icon and logo, and iTunes tags on episodes
TAGS = ("python", "feeds", "ünïcode & more")
MEDIA = "image: cover.jpg\nenclosure: { path: ep.mp3, title: Part, duration: '4:05' }\n"


def _articles(site: Site, count: int) -> None:
    (site.items / "cover.jpg").write_bytes(b"\xff\xd8\xff")
    (site.items / "ep.mp3").write_bytes(bytes(range(256)) * 8)
    for n in range(count):
        tags = ", ".join(f'"{tag}"' for tag in TAGS[: 1 + n % len(TAGS)])
        media = MEDIA if n % 4 == 0 else ""  # RSS then declares Media, items get iTunes tags
        front = f"title: Post {n} <&>\ndate: 2024-01-{n + 1:02d}T08:00:00+02:00\n"
        front += f"author: Writer {n % 2}\ntags: [{tags}]\n{media}"
        body = f"Text of **post {n}**, [a link](https://example.org/{n}) & a line\u2028break.\n"
        site.write(f"post-{n:02d}.md", f"---\n{front}---\n{body}")


@contextmanager
def _counted(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The number of entries serialized in this process (`write.fragments_of`), per call."""
    serialize = write.fragments_of
    counts: list[int] = []

    def counting(
        entries: list[Entry], formats: Collection[str], podcast: Podcast | None
    ) -> list[dict[str, bytes]]:
        counts.append(len(entries))
        return serialize(entries, formats, podcast)

    with monkeypatch.context() as patch:
        patch.setattr(write, "fragments_of", counting)
        yield counts


def _from_nothing(site: Site) -> dict[str, bytes]:
    """Every output file of a build from nothing, its entries serialized in this process."""
    for made in (site.out, site.root / ".feedgen-cache"):
        shutil.rmtree(made, ignore_errors=True)
    assert site.build("--strict").code == 0
    return {name: data for name, (data, _) in site.snapshot().items()}


@pytest.mark.parametrize("window, chunk", [(render.WINDOW, render.CHUNK), (5, 2)])
def test_entries_serialized_in_workers_make_the_same_files(
    site: Site, monkeypatch: pytest.MonkeyPatch, window: int, chunk: int
) -> None:
    site.settings += FAMILY
    _articles(site, 14)
    with _counted(monkeypatch) as here:
        serial = _from_nothing(site)
    assert sum(here) == 14  # every entry serialized in this process: under PARALLEL_FROM
    monkeypatch.setattr(render, "PARALLEL_FROM", 2)
    monkeypatch.setattr(render, "WINDOW", window)  # 5: three windows, two in flight
    monkeypatch.setattr(render, "CHUNK", chunk)

    for made in (site.out, site.root / ".feedgen-cache"):
        shutil.rmtree(made)
    with _counted(monkeypatch) as here:
        assert site.build("--strict").code == 0
    assert sum(here) == 0  # every entry came with its fragments
    assert {name: data for name, (data, _) in site.snapshot().items()} == serial

    # Three articles edited: the files carrying them are made again, the three entries
    # serialized in the workers, the others' (from the rendered cache) in this process.
    for n in (2, 7, 13):
        post = site.items / f"post-{n:02d}.md"
        post.write_text(post.read_text(encoding="utf-8") + "One more line.\n", encoding="utf-8")
    with _counted(monkeypatch) as here:
        assert site.build("--strict").code == 0
    assert 0 < sum(here) <= 14 - 3
    edited = {name: data for name, (data, _) in site.snapshot().items()}
    monkeypatch.setattr(render, "PARALLEL_FROM", 10_000)
    assert edited == _from_nothing(site)
