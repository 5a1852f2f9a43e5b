"""Every feed we write validates against the specs: the RFC 4287 schema and rules for Atom,
the RSS 2.0 specification's rules for RSS. One corpus, every writer."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from feedgen_app import pipeline
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
    assert VALIDATORS[name](site.feed(name), self_url=self_url) == []


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
    monkeypatch.setitem(pipeline.WRITERS, "atom", lambda feed: b"<feed/>")
    result = site.build()
    assert result.code == 1
    assert f"{site.out / 'atom.xml'}:1: error: " in result.err
    assert not site.out.exists()
