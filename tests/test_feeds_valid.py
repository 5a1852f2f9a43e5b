"""Every feed we write validates against the specs: the RFC 4287 schema and rules for Atom,
the RSS 2.0 specification's rules for RSS. One corpus, every writer."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Collection
from datetime import UTC, datetime
from pathlib import Path

import pytest

from feedgen_app.formats.parts import Shell
from feedgen_app.model import Entry, Feed, Podcast
from feedgen_app.stages import write
from feedgen_app.validate import Finding, validate_atom, validate_rss
from tests.conftest import REPO, Site
from tests.feeds import read_with_feedparser

CORPUS = Path(__file__).parent / "fixtures" / "items"
VALIDATORS: dict[str, Callable[..., list[Finding]]] = {
    "atom.xml": validate_atom,
    "rss.xml": validate_rss,
}


# (folder, number of articles in it, drafts and future ones included)
CORPORA = {"sample items": (REPO / "items", 10), "fixture corpus": (CORPUS, 8)}


@pytest.fixture(params=sorted(CORPORA))
def built(request: pytest.FixtureRequest, site: Site) -> tuple[Site, int]:
    source, count = CORPORA[request.param]
    shutil.copytree(source, site.items, dirs_exist_ok=True)
    assert site.build("--drafts", "--future").code == 0
    return site, count


@pytest.mark.parametrize("name", sorted(VALIDATORS))
def test_output_has_no_findings_at_all(built: tuple[Site, int], name: str) -> None:
    site, _ = built
    self_url = f"https://example.org/blog/{name}"
    after_the_last_article = datetime(2100, 1, 1, tzinfo=UTC)  # built with --future
    assert VALIDATORS[name](site.feed(name), self_url=self_url, now=after_the_last_article) == []


@pytest.mark.parametrize("name", sorted(VALIDATORS))
def test_every_article_reads_cleanly_in_feedparser(built: tuple[Site, int], name: str) -> None:
    site, count = built
    parsed = read_with_feedparser(site.feed(name))
    assert parsed.version == ("atom10" if name == "atom.xml" else "rss20")
    assert len(parsed.entries) == count


def test_markup_in_a_title_stays_text(site: Site) -> None:
    shutil.copy(CORPUS / "markup_in_title.md", site.items)
    site.build()
    for name in VALIDATORS:
        [entry] = read_with_feedparser(site.feed(name)).entries
        assert entry.title == "Markup in a title: </title><script>alert(1)</script>"
        assert b"<script>" not in site.feed(name)


def test_build_refuses_output_that_fails_its_own_check(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.write("a.md", "---\ntitle: A\ndate: 2024-01-01\n---\n")
    shell = write.shell

    def not_atom(feed: Feed, fmt: str, *, media: bool) -> Shell:
        made = shell(feed, fmt, media=media)
        return Shell(b"<feed>\n", b"</feed>\n") if fmt == "atom" else made

    monkeypatch.setattr(write, "shell", not_atom)
    result = site.build()
    assert result.code == 1
    assert f"{site.out / 'atom.xml'}:1: error: " in result.err
    assert not site.out.exists()


def test_build_refusal_names_the_article_that_caused_it(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = site.write("a.md", "---\ntitle: A\ndate: 2024-01-01T00:00:00Z\n---\n")
    fragments_of = write.fragments_of

    def broken_dates(
        entries: list[Entry], formats: Collection[str], podcast: Podcast | None
    ) -> list[dict[str, bytes]]:
        old, new = b"<published>2024-01-01T00:00:00+00:00", b"<published>2024"
        made = fragments_of(entries, formats, podcast)
        return [{fmt: data.replace(old, new) for fmt, data in each.items()} for each in made]

    monkeypatch.setattr(write, "fragments_of", broken_dates)
    result = site.build()
    assert result.code == 1
    *errors, summary = result.err.splitlines()
    assert all(line.startswith(f"{path}: error: in atom.xml: ") for line in errors)
    assert any(line.endswith("[atom-date-format]") for line in errors)
    assert summary == f"build failed: {len(errors)} problems; nothing written"


def test_check_warnings_on_our_output_are_reported_at_the_article(site: Site) -> None:
    path = site.write("old.md", "---\ntitle: Old\ndate: 1985-06-01T00:00:00Z\n---\nText.\n")
    result = site.build()
    assert result.code == 0
    lines = result.err.splitlines()
    assert all(line.endswith("[feed-date-before-1990]") for line in lines)
    at_article = [line for line in lines if line.startswith(f"{path}: warning: in ")]
    assert len(at_article) == 5  # Atom published and updated, RSS pubDate, JSON both dates
    feed_level = sorted(set(lines) - set(at_article))  # the feeds' own updated dates
    assert [line.split(":", 1)[0] for line in feed_level] == [
        str(site.out / "atom.xml"),
        str(site.out / "rss.xml"),
    ]
    assert site.build("--strict").code == 1


def test_sample_build_is_clean_at_strict_but_for_the_undated_seed(site: Site) -> None:
    shutil.copytree(REPO / "items", site.items, dirs_exist_ok=True)
    result = site.build()
    assert result.code == 0
    [warning] = result.err.splitlines()
    assert "000_5def1f95143b3ebc.txt: warning: no date in the file" in warning
