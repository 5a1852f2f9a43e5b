"""An items folder without a single article is an error that says what was found, unless
--allow-empty asks for feeds without entries, dated 2000-01-01 (or SOURCE_DATE_EPOCH)."""

from __future__ import annotations

import pytest

from tests.conftest import Site
from tests.feeds import ATOM, parse_xml, read_with_feedparser

ADVICE = (
    "add articles (.htm, .html, .markdown, .md, .txt), or pass --allow-empty to publish feeds "
    "without entries"
)


def test_an_empty_items_folder_is_an_error(site: Site) -> None:
    result = site.build()
    assert (result.code, result.out) == (1, "")
    assert result.err.splitlines() == [
        f"{site.items}: error: nothing to publish: no article files in the folder; {ADVICE}",
        "build failed: 1 problem; nothing written",
    ]
    assert not site.out.exists()


def test_only_unknown_files_are_listed_as_what_was_found(site: Site) -> None:
    site.write("notes.rst", "Not an article type\n")
    site.write("notes.docx", "Nor this\n")
    site.write("photo.png", "an asset, ignored quietly\n")
    result = site.build()
    assert result.code == 1
    assert result.err.splitlines() == [
        f"{site.items}: error: nothing to publish: none of the 2 files found is an article "
        f"({site.items / 'notes.docx'}, {site.items / 'notes.rst'}); {ADVICE}",
        "build failed: 1 problem; nothing written",
    ]


def test_only_invalid_articles_with_skip_invalid_is_still_nothing_to_publish(site: Site) -> None:
    site.write("bad.md", "---\ntitle: [a list]\n---\n")
    result = site.build("--skip-invalid")
    assert result.code == 1
    assert result.err.splitlines()[-2:] == [
        f"{site.items}: error: nothing to publish: none of the 1 file found is an article "
        f"({site.items / 'bad.md'}); {ADVICE}",
        "build failed: 2 problems; nothing written",
    ]
    assert not site.out.exists()


def test_a_failed_empty_build_leaves_the_last_feeds_alone(site: Site) -> None:
    path = site.write("a.md", "---\ntitle: A\ndate: 2024-01-01\n---\nx\n")
    assert site.build().code == 0
    before = site.snapshot()
    path.unlink()
    assert site.build().code == 1
    assert site.snapshot() == before


@pytest.mark.parametrize(
    "epoch, atom_date, rss_date",
    [
        (None, "2000-01-01T00:00:00+00:00", "Sat, 01 Jan 2000 00:00:00 +0000"),
        ("1714557600", "2024-05-01T10:00:00+00:00", "Wed, 01 May 2024 10:00:00 +0000"),
    ],
)
def test_allow_empty_publishes_feeds_without_entries_dated_deterministically(
    site: Site, monkeypatch: pytest.MonkeyPatch, epoch: str | None, atom_date: str, rss_date: str
) -> None:
    if epoch is not None:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    result = site.build("--allow-empty")
    assert (result.code, result.err) == (0, "")
    assert result.out.splitlines()[:2] == [
        f"wrote     {site.out / 'atom.xml'} (0 articles)",
        f"wrote     {site.out / 'rss.xml'} (0 articles)",
    ]
    atom = parse_xml(site.feed())
    assert atom.findtext(f"{ATOM}updated") == atom_date
    assert atom.findall(f"{ATOM}entry") == []
    rss = read_with_feedparser(site.feed("rss.xml"))
    assert rss.entries == []
    assert rss.feed.updated == rss_date
    first = site.snapshot()
    assert site.build("--allow-empty").code == 0
    assert site.snapshot() == first
