"""Read our feeds back with feedparser, a real client, and compare field by field with the
articles as the pipeline decided them from the sample items."""

from __future__ import annotations

import html
import shutil
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from feedgen_app.config import load_config
from feedgen_app.errors import SourceRef
from feedgen_app.model import Article
from feedgen_app.pipeline import current_time
from feedgen_app.readers import read_article
from feedgen_app.rebuild import read_options
from feedgen_app.stages.decide import Source, decide
from feedgen_app.stages.decide import article as full_article
from feedgen_app.stages.discover import ARTICLE_SUFFIXES, discover
from feedgen_app.stages.render import render_entry
from feedgen_app.state.date_record import load_record
from tests.conftest import REPO, Site
from tests.feeds import read_with_feedparser


@pytest.fixture
def sample_site(site: Site) -> Site:
    shutil.copytree(REPO / "items", site.items, dirs_exist_ok=True)
    site.settings = _repo_settings()
    assert site.build().code == 0
    return site


def _repo_settings() -> str:
    """The repo's own [tool.feedgen_app] table as a standalone settings file."""
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    table = text.split("[tool.feedgen_app]\n", 1)[1].split("\n[tool.pytest", 1)[0]
    return table.replace("[tool.feedgen_app.feeds]", "[feeds]")


def _expected_articles(items: Path) -> list[Article]:
    """The articles the feeds must hold, worked out file by file without the cache."""
    config = replace(load_config(REPO / "pyproject.toml").config, items_dir=items)
    recorded = load_record(items)
    articles = []
    for found in discover(items, ARTICLE_SUFFIXES).files:
        raw = read_article(Path(found.path), SourceRef(found.path), read_options(config))
        decision = decide(found, raw, config, recorded)
        articles.append(full_article(Source(found, None, lambda raw=raw: raw), decision, config))
    now = current_time()
    published = [a for a in articles if not a.draft and a.published <= now]
    published.sort(key=lambda article: article.id)
    published.sort(key=lambda article: article.published, reverse=True)
    return published[:50]


def _instant(parsed: Any) -> datetime:
    return datetime(*parsed[:6])


@pytest.mark.parametrize("feed_name", ["atom.xml", "rss.xml"])
def test_every_article_comes_back_field_by_field(sample_site: Site, feed_name: str) -> None:
    parsed = read_with_feedparser(sample_site.feed(feed_name))
    expected = _expected_articles(sample_site.items)
    assert len(expected) == 7
    assert [entry.id for entry in parsed.entries] == [article.id for article in expected]
    for entry, article in zip(parsed.entries, expected, strict=True):
        assert entry.title == article.title
        assert entry.link == article.url
        assert _instant(entry.published_parsed) == _utc(article.published)
        if feed_name == "atom.xml":
            assert _instant(entry.updated_parsed) == _utc(article.updated)
        assert [tag.term for tag in entry.get("tags", [])] == list(article.tags)
        assert _author_names(entry) == [author.name for author in article.authors]
        # feedparser trims the white space around content; nothing else may differ.
        assert entry.content[0].value == render_entry(article).content_html.strip()


def _author_names(entry: Any) -> list[str]:
    names = [author.get("name") for author in entry.get("authors", [])]
    return [name for name in names if name]


def _utc(moment: datetime) -> datetime:
    """feedparser reports instants as naive UTC."""
    return moment.astimezone(UTC).replace(tzinfo=None)


def test_summaries_come_back_as_plain_text(sample_site: Site) -> None:
    atom = read_with_feedparser(sample_site.feed("atom.xml"))
    rss = read_with_feedparser(sample_site.feed("rss.xml"))
    for atom_entry, rss_entry in zip(atom.entries, rss.entries, strict=True):
        assert atom_entry.summary_detail.type == "text/plain"
        assert html.unescape(rss_entry.summary) == atom_entry.summary


def test_feed_metadata_comes_back(sample_site: Site) -> None:
    for name, mime in (("atom.xml", "application/atom+xml"), ("rss.xml", "application/rss+xml")):
        feed = read_with_feedparser(sample_site.feed(name)).feed
        assert feed.title == "feedgen_app sample site"
        assert feed.link == "https://feeds.example.org/"
        self_links = [link for link in feed.links if link.rel == "self"]
        assert [(link.href, link.type) for link in self_links] == [
            (f"https://feeds.example.org/{name}", mime)
        ]
