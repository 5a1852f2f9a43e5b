"""Read our feeds back with feedparser, a real client, and compare field by field with what
the sample items say, as written down by hand in tests/fixtures/roundtrip/sample_items.toml."""

from __future__ import annotations

import html
import re
import shutil
import tomllib
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.conftest import REPO, Site
from tests.feeds import parse_xml, read_with_feedparser

DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"

EXPECTED = REPO / "tests" / "fixtures" / "roundtrip" / "sample_items.toml"


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


def _expected() -> list[dict[str, Any]]:
    """The entries, written by hand from the article files (not computed by our code)."""
    with EXPECTED.open("rb") as stream:
        entries: list[dict[str, Any]] = tomllib.load(stream)["entry"]
    return entries


@pytest.mark.parametrize("feed_name", ["atom.xml", "rss.xml"])
def test_every_article_comes_back_field_by_field(sample_site: Site, feed_name: str) -> None:
    parsed = read_with_feedparser(sample_site.feed(feed_name))
    rss_authors = _rss_authors(sample_site.feed("rss.xml"))
    expected = _expected()
    assert [entry.id for entry in parsed.entries] == [want["id"] for want in expected]
    for index, (entry, want) in enumerate(zip(parsed.entries, expected, strict=True)):
        assert entry.title == want["title"], want["file"]
        assert entry.link == want["link"]
        assert _instant(entry.published_parsed) == _utc(want["published"])
        if feed_name == "atom.xml":
            assert _instant(entry.updated_parsed) == _utc(want["updated"])
        assert [tag.term for tag in entry.get("tags", [])] == want["tags"]
        names = rss_authors[index] if feed_name == "rss.xml" else _atom_authors(entry)
        assert names == want["authors"], want["file"]
        if "summary" in want:
            assert html.unescape(entry.summary) == want["summary"]
        content = entry.content[0].value
        for fragment in want["content"]:
            assert fragment in content, (want["file"], fragment)
        for fragment in want["absent"]:
            assert fragment not in content, (want["file"], fragment)


def _instant(parsed: Any) -> datetime:
    return datetime(*parsed[:6])


def _atom_authors(entry: Any) -> list[str]:
    names = [author.get("name") for author in entry.get("authors", [])]
    return [name for name in names if name]


def _rss_authors(data: bytes) -> list[list[str]]:
    """Per item: the names of `<author>email (Name)</author>` and `<dc:creator>` (feedparser
    keeps only one author per RSS item)."""
    return [
        [re.sub(r"^.*\((.*)\)$", r"\1", author.text or "") for author in item.findall("author")]
        + [creator.text or "" for creator in item.findall(DC_CREATOR)]
        for item in parse_xml(data).findall("channel/item")
    ]


def _utc(moment: str | datetime) -> datetime:
    """feedparser reports instants as naive UTC."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
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
