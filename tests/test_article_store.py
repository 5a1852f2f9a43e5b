"""The article store answers from its indexes what the feeds need: the newest articles in the
order of their instants, the ids and URLs two files share, the drafts and future ones. A rebuild
that reads only what changed must publish what a build from nothing publishes."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime

import pytest

from feedgen_app.config import load_config
from feedgen_app.rebuild import read_options
from feedgen_app.stages.decide import Decided
from feedgen_app.state.rows import Row, checked_with_key, decision_columns, row_key, sealed
from feedgen_app.state.store_file import store_path
from feedgen_app.state.store_schema import open_store
from tests.conftest import Site
from tests.feeds import read_with_feedparser

SKIPPED = 3
"""The exit status of a build that left invalid files out (README)."""
LIMITED = 'item_limit = 3\nfeeds = { atom = "atom.xml" }\n'


def _article(site: Site, name: str, date: str, *extra: str) -> None:
    lines = [f"title: {name}", f"date: {date}", *extra]
    site.write(f"{name}.md", "---\n" + "\n".join(lines) + f"\n---\nThe text of {name}.\n")


def _titles(site: Site) -> list[str]:
    return [entry.title for entry in read_with_feedparser(site.feed()).entries]


def _cold_titles(site: Site) -> list[str]:
    """What a build from nothing publishes for the same files."""
    shutil.rmtree(site.root / ".feedgen-cache")
    shutil.rmtree(site.out)
    assert site.build("--skip-invalid").code in (0, SKIPPED)
    return _titles(site)


@pytest.fixture
def limited(site: Site) -> Site:
    site.settings += LIMITED
    return site


def test_the_newest_are_chosen_by_instant_whatever_the_offset(limited: Site) -> None:
    # 08:00Z twice (ties go by id, here the URL: /posts/a-tie/ before /posts/b-tie/), 08:30Z,
    # and 07:59Z, which is the oldest and falls past the limit of 3.
    _article(limited, "b-tie", "2024-05-01T10:00:00+02:00")
    _article(limited, "a-tie", "2024-05-01T08:00:00Z")
    _article(limited, "late", "2024-05-01T07:30:00-01:00")
    _article(limited, "early", "2024-05-01T09:59:00+02:00")
    _article(limited, "draft", "2024-06-01T00:00:00Z", "draft: true")
    _article(limited, "future", "2999-01-01T00:00:00Z")
    result = limited.build()
    assert result.code == 0
    assert _titles(limited) == ["late", "a-tie", "b-tie"]
    assert "read 6 articles; left out 1 draft (--drafts) and 1 future (--future)" in result.out


def test_drafts_and_future_articles_are_chosen_when_asked(limited: Site) -> None:
    _article(limited, "old", "2024-01-01T00:00:00Z")
    _article(limited, "draft", "2024-06-01T00:00:00Z", "draft: true")
    _article(limited, "future", "2999-01-01T00:00:00Z")
    assert limited.build("--drafts", "--future").code == 0
    assert _titles(limited) == ["future", "draft", "old"]


def test_a_refused_duplicate_is_published_once_the_first_is_gone(limited: Site) -> None:
    _article(limited, "first", "2024-01-01T00:00:00Z", "id: tag:example.org,2024:same")
    _article(limited, "second", "2024-02-01T00:00:00Z", "id: tag:example.org,2024:same")
    _article(limited, "third", "2024-03-01T00:00:00Z", "permalink: /posts/second/")
    result = limited.build("--skip-invalid")
    assert result.code == SKIPPED
    # second shares first's id; third shares second's URL, but second was refused, so third
    # is not: the check goes in path order and remembers only what it accepted.
    assert _titles(limited) == ["third", "first"]
    assert "id 'tag:example.org,2024:same' is also the id of" in result.err
    assert "read 2 articles" in result.out
    (limited.items / "first.md").unlink()
    result = limited.build("--skip-invalid")
    assert _titles(limited) == ["second"]  # now third's URL is second's
    assert "URL 'https://example.org/blog/posts/second/' is also the URL of" in result.err
    assert _titles(limited) == _cold_titles(limited)
    # An edit that ends the clash, then one that makes a new one with a file that shared
    # nothing before: each found by the rebuild as by a build from nothing.
    _article(limited, "third", "2024-03-01T00:00:00Z", "permalink: /posts/other/")
    assert limited.build().code == 0
    assert _titles(limited) == ["third", "second"] == _cold_titles(limited)
    _article(limited, "fourth", "2024-04-01T00:00:00Z", "permalink: /posts/other/")
    result = limited.build("--skip-invalid")
    assert result.code == SKIPPED
    # fourth.md comes before third.md in path order: third is refused now. (Its id is its URL,
    # and the id is looked at first.)
    assert "third.md: error: id 'https://example.org/blog/posts/other/' is also the id of" in (
        result.err
    )
    assert _titles(limited) == ["fourth", "second"] == _cold_titles(limited)


def test_rebuilds_after_each_change_publish_what_a_cold_build_does(limited: Site) -> None:
    for day in range(1, 8):
        _article(limited, f"day-{day}", f"2024-05-0{day}T12:00:00Z")
    assert limited.build().code == 0
    assert _titles(limited) == ["day-7", "day-6", "day-5"]
    steps = [
        (limited.items / "day-7.md").unlink,
        lambda: _article(limited, "day-1", "2024-06-01T00:00:00Z"),  # an old one moves up
        lambda: _article(limited, "day-6", "2024-06-02T00:00:00Z", "draft: true"),
        lambda: _article(limited, "new", "2024-05-04T12:00:00+01:00"),
        lambda: (limited.items / "day-5.md").write_text("---\ntitle: [broken\n---\n"),
    ]
    expected = [
        ["day-6", "day-5", "day-4"],
        ["day-1", "day-6", "day-5"],
        ["day-1", "day-5", "day-4"],
        ["day-1", "day-5", "day-4"],
        ["day-1", "day-4", "new"],
    ]
    for step, titles in zip(steps, expected, strict=True):
        step()
        assert limited.build("--skip-invalid").code in (0, SKIPPED)
        assert _titles(limited) == titles
        assert _cold_titles(limited) == titles


def test_an_undecidable_file_is_reported_by_every_rebuild(limited: Site) -> None:
    _article(limited, "good", "2024-01-01T00:00:00Z")
    _article(limited, "elsewhere", "2024-01-02T00:00:00Z", "permalink: https://other.example/x/")
    for edit in range(3):  # the first build, then rebuilds that decide only what changed
        _article(limited, "good", "2024-01-01T00:00:00Z", f"summary: edit {edit}")
        result = limited.build("--skip-invalid")
        assert result.code == SKIPPED
        assert "elsewhere.md:4: error: permalink: 'https://other.example/x/' is on another" in (
            result.err
        )
        assert _titles(limited) == ["good"]


def test_decisions_read_back_share_their_names_and_zones(site: Site) -> None:
    # A family build holds the decision of every published article: names and zones that
    # repeat across articles are one object each, and the values are those written.
    site.settings += "tag_feeds = true\n"
    _article(site, "one", "2024-05-01T10:00:00+02:00", "tags: [python, web]", "author: Ann")
    _article(site, "two", "2024-05-02T10:00:00+02:00", "tags: [web, python]", "author: Ann")
    _article(site, "three", "2024-05-03T10:00:00-05:00", "tags: [web]", "author: Bo")
    assert site.build().code == 0
    config = load_config(site.root / "site.toml").config
    store = open_store(
        store_path(config.cache_dir, config.items_dir), config.items_dir, read_options(config)
    )
    try:
        rows = store.newest(datetime.now(UTC), [], drafts=False, future=False, limit=-1)
    finally:
        store.close()
    decided = {rel: decision for rel, decision in rows}
    one, two, three = decided["one.md"], decided["two.md"], decided["three.md"]
    assert (one.tags, two.tags, three.tags) == (("python", "web"), ("web", "python"), ("web",))
    assert (one.authors, two.authors, three.authors) == (("Ann",), ("Ann",), ("Bo",))
    assert one.tags[0] is two.tags[1] and one.tags[1] is two.tags[0] is three.tags[0]
    assert one.authors[0] is two.authors[0]
    assert one.published.isoformat() == "2024-05-01T10:00:00+02:00"
    assert three.published.isoformat() == "2024-05-03T10:00:00-05:00"
    assert one.published.tzinfo is two.published.tzinfo
    assert one.id is one.url == "https://example.org/blog/posts/one/"


ROW = Row(
    "a.md", "d1", None, b"record", "k1", "https://example.org/a/", "https://example.org/a/",
    "2024-05-01T10:00:00+02:00", 1714550400000000, 0, None, None, b"members", 12345,
)  # fmt: skip


def test_an_articles_key_changes_with_every_value_of_its_row_but_the_checksum() -> None:
    """The key documents carry of an article (`row_key`) covers its row: the file's digest and
    chrome, its record and every column its decision is read back from."""
    assert row_key(ROW) == row_key(Row(*ROW))
    assert row_key(ROW._replace(checksum=54321)) == row_key(ROW)
    changed = {
        "rel": "b.md", "digest": "d2", "chrome": '[["Menu"],[]]', "record": b"other",
        "key": "k2", "id": "urn:a", "url": "https://example.org/b/",
        "published": "2024-05-01T10:00:00+03:00", "stamp": 1, "draft": 1, "notes": b"n",
        "chosen": "2024-05-01T00:00:00+00:00", "members": b"other members",
    }  # fmt: skip
    assert set(changed) == set(Row._fields) - {"checksum"}
    keys = {row_key(ROW._replace(**{field: value})) for field, value in changed.items()}
    assert row_key(ROW) not in keys and len(keys) == len(changed)
    # As a family build reads the rows: checked, and keyed from the same bytes.
    row, key = checked_with_key(sealed(*ROW[:-1]))
    assert row == ROW._replace(checksum=row.checksum) and key == row_key(ROW)


def test_a_decision_gives_the_same_columns_wherever_its_names_are_shared() -> None:
    """A row decided again in the build's process holds the bytes the reading worker wrote:
    a tag's name that other articles share (one object) is written as a name alone."""

    def decided(tag: str, author: str) -> Decided:
        url = "https://example.org/a/"
        moment = datetime(2024, 5, 1, tzinfo=UTC)
        return Decided(url, url, moment, False, (), None, (tag,), (author,), None)

    names = ["".join(["Caf", "é"]), "".join(["A", "nn"])]  # held by other articles too
    alone = decision_columns(decided("".join(["Caf", "é"]), "".join(["A", "nn"])))
    assert decision_columns(decided(*names)) == alone


def test_a_family_reads_its_placements_from_one_index(site: Site) -> None:
    """The published articles' paths, chrome and digests in their order, for the kept plan,
    are read from an index that holds every column the query needs (not from the rows, whose
    columns past their records lie on overflow pages)."""
    site.settings += "tag_feeds = true\n"
    _article(site, "one", "2024-05-01T08:00:00Z", "tags: [a]")
    assert site.build().code == 0
    config = load_config(site.root / "site.toml").config
    path = store_path(config.cache_dir, config.items_dir)
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    query = (  # `ArticleStore.placements`' query
        "EXPLAIN QUERY PLAN SELECT rel, chrome, digest FROM articles WHERE key IS NOT NULL"
        " AND NOT draft AND stamp <= 0 ORDER BY stamp, id DESC"
    )
    steps = [row[-1] for row in db.execute(query)]
    db.close()
    assert len(steps) == 1 and "COVERING INDEX" in steps[0]
