"""The parse cache and the last-build manifest make builds faster, never different."""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from feedgen_app import pipeline
from feedgen_app.config import BuildOptions, load_config
from feedgen_app.pipeline import build
from feedgen_app.state.rendered_cache import Rendered, RenderedCache
from tests.conftest import REPO, Site
from tests.feeds import read_with_feedparser


def _outputs(site: Site) -> dict[str, bytes]:
    return {name: site.feed(name) for name in ("atom.xml", "rss.xml", "feed.json")}


def _cache(site: Site) -> Path:
    return site.root / ".feedgen-cache"


def _forget_last_build(site: Site) -> None:
    """Make the next build a full one (it still uses the parse cache)."""
    for manifest in _cache(site).glob("last-build-*.marshal"):
        manifest.unlink()


def _cold_build(site: Site) -> dict[str, bytes]:
    shutil.rmtree(_cache(site), ignore_errors=True)
    assert site.build().code == 0
    return _outputs(site)


@pytest.fixture
def sample(site: Site) -> Site:
    shutil.copytree(REPO / "items", site.items, dirs_exist_ok=True)
    return site


def test_empty_warm_and_stale_caches_give_the_same_bytes(sample: Site, tmp_path: Path) -> None:
    cold = _cold_build(sample)
    assert sorted(p.name for p in _cache(sample).iterdir())[0].startswith("articles-")
    _forget_last_build(sample)
    assert sample.build().code == 0
    assert _outputs(sample) == cold  # warm cache
    before_edit = tmp_path / "cache-before-edit"
    shutil.copytree(_cache(sample), before_edit)
    welcome = sample.items / "2024-03-14-welcome.md"
    welcome.write_text(welcome.read_text().replace("Welcome to", "Hello from"))
    edited = _cold_build(sample)
    assert edited != cold
    shutil.rmtree(_cache(sample))
    shutil.copytree(before_edit, _cache(sample))
    _forget_last_build(sample)
    assert sample.build().code == 0
    assert _outputs(sample) == edited  # cache from before the edit


def test_a_touched_file_with_the_same_bytes_is_not_parsed_again(sample: Site) -> None:
    cold = _cold_build(sample)
    for path in sample.items.rglob("*.md"):
        path.write_bytes(path.read_bytes())  # new times, same bytes
    assert sample.build().code == 0
    assert _outputs(sample) == cold


def test_a_corrupt_cache_is_rebuilt_with_a_warning(sample: Site) -> None:
    cold = _cold_build(sample)
    [articles] = _cache(sample).glob("articles-*.sqlite")
    data = articles.read_bytes()
    articles.write_bytes(data[: len(data) // 2] + b"\0" * 100)  # a cut-off, damaged file
    _forget_last_build(sample)
    result = sample.build()
    assert result.code == 0
    assert (
        f"{articles}: warning: the cache could not be read (DatabaseError); "
        "rebuilt it from the articles"
    ) in result.err.splitlines()
    assert _outputs(sample) == cold
    _forget_last_build(sample)
    assert "could not be read" not in sample.build().err  # and it was rewritten whole


def test_a_cache_that_is_not_a_database_is_rebuilt_with_a_warning(sample: Site) -> None:
    cold = _cold_build(sample)
    [articles] = _cache(sample).glob("articles-*.sqlite")
    articles.write_bytes(b"not a database" * 100)
    _forget_last_build(sample)
    result = sample.build()
    assert result.code == 0
    assert "the cache could not be read (DatabaseError)" in result.err
    assert _outputs(sample) == cold


def test_a_cache_with_wrong_values_is_never_trusted(sample: Site) -> None:
    cold = _cold_build(sample)
    [articles] = _cache(sample).glob("articles-*.sqlite")
    original, forged = b"Welcome to the sample site", b"Welcomed at the sample hub"  # same size
    with sqlite3.connect(articles) as db:
        rows = db.execute("SELECT rel, record FROM articles").fetchall()
        edited = [
            (record.replace(original, forged), rel) for rel, record in rows if original in record
        ]
        db.executemany("UPDATE articles SET record = ? WHERE rel = ?", edited)
    db.close()
    assert len(edited) == 1  # a record that still decodes: only its checksum tells
    _forget_last_build(sample)
    result = sample.build()
    assert "the cache could not be read (a damaged row)" in result.err
    assert _outputs(sample) == cold


def test_a_changed_setting_is_not_served_from_the_cache(sample: Site) -> None:
    _cold_build(sample)
    sample.settings = sample.settings.replace('timezone = "UTC"', 'timezone = "Asia/Tokyo"')
    assert sample.build().code == 0
    published = [entry.published for entry in read_with_feedparser(sample.feed()).entries]
    assert "2024-06-01T00:00:00+09:00" in published


def test_the_cache_lives_beside_the_settings_not_in_the_output(sample: Site) -> None:
    _cold_build(sample)
    assert _cache(sample).is_dir()
    assert sorted(p.name for p in sample.out.iterdir()) == [
        "atom.xml",
        "feed.css",
        "feed.json",
        "index.html",
        "rss.xml",
    ]
    assert "/.feedgen-cache/" in (REPO / ".gitignore").read_text().split()


def test_a_deleted_output_is_written_again(sample: Site) -> None:
    cold = _cold_build(sample)
    (sample.out / "rss.xml").unlink()
    result = sample.build()
    assert result.out.splitlines()[1].startswith("wrote ")
    assert _outputs(sample) == cold


def test_a_future_article_is_published_when_it_comes_due(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = datetime(2030, 1, 1, tzinfo=UTC)
    monkeypatch.setattr(pipeline, "current_time", lambda: now)
    site.write("now.md", "---\ntitle: Now\ndate: 2029-12-31T00:00:00Z\n---\n")
    site.write("soon.md", "---\ntitle: Soon\ndate: 2030-01-01T01:00:00Z\n---\n")
    site.build()
    assert [e.title for e in read_with_feedparser(site.feed()).entries] == ["Now"]
    assert site.build().out.startswith("unchanged")  # nothing to do yet
    now += timedelta(hours=2)
    result = site.build()
    assert result.out.startswith("wrote")
    assert [e.title for e in read_with_feedparser(site.feed()).entries] == ["Soon", "Now"]


def test_a_changed_permalink_pattern_is_not_served_from_the_cache(sample: Site) -> None:
    _cold_build(sample)
    sample.settings = sample.settings.replace('"/posts/{slug}/"', '"/{year}/{slug}.html"')
    assert sample.build().code == 0
    links = [entry.link for entry in read_with_feedparser(sample.feed()).entries]
    assert "https://example.org/blog/2024/welcome.html" in links
    assert _outputs(sample) == _cold_build(sample)


def test_a_rebuild_that_makes_no_feed_keeps_the_rendered_articles(site: Site) -> None:
    for number in range(1, 4):
        site.write(f"a{number}.md", f"---\ntitle: A{number}\ndate: 2024-01-0{number}\n---\nText.\n")
    assert site.build().code == 0
    first = site.items / "a1.md"
    os.utime(first, ns=(1, 1))  # a new state, the same bytes: a rebuild that makes no feed again
    touched: list[str] = []
    build(BuildOptions(load_config(site.root / "site.toml").config), touched.append)
    assert touched == ["found 3 article files", "rendering 0 articles", "writing 0 feed files"]
    first.write_text("---\ntitle: A1\ndate: 2024-01-01\n---\nEdited.\n", encoding="utf-8")
    messages: list[str] = []
    build(BuildOptions(load_config(site.root / "site.toml").config), messages.append)
    assert "rendering 1 article" in messages


def test_a_cache_another_build_holds_stops_the_build_and_keeps_the_cache(
    sample: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    from feedgen_app.state import store_file  # noqa: PLC0415

    cold = _cold_build(sample)
    monkeypatch.setattr(store_file, "BUSY_TIMEOUT_MS", 50)
    welcome = sample.items / "2024-03-14-welcome.md"
    welcome.write_text(welcome.read_text().replace("Welcome to", "Hello from"))
    [articles] = _cache(sample).glob("articles-*.sqlite")
    other = sqlite3.connect(articles, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another build in the middle of writing it
    result = sample.build()
    other.execute("ROLLBACK")
    other.close()
    assert result.code == 1
    assert f"{articles}: error: the cache cannot be used (database is locked)" in result.err
    assert _outputs(sample) == cold  # nothing written
    assert articles.exists()  # and the cache kept: it was busy, not damaged
    assert sample.build().code == 0
    assert b"Hello from" in sample.feed()


def test_the_rendered_cache_keeps_the_rows_used_or_published_and_drops_the_others(
    tmp_path: Path,
) -> None:
    path = tmp_path / "rendered.sqlite"
    first = RenderedCache(path)
    for rel in ("a.md", "b.md", "c.md", "d.md"):
        first.put(rel, f"key of {rel}", Rendered(f"<p>{rel}</p>", None))
    first.save()
    second = RenderedCache(path)
    assert second.get("a.md", "key of a.md") == Rendered("<p>a.md</p>", None)
    second.save(published=["b.md", "gone.md"])  # c.md and d.md: neither used nor published
    third = RenderedCache(path)
    found = {rel: third.get(rel, f"key of {rel}") for rel in ("a.md", "b.md", "c.md", "d.md")}
    third.save(published=["a.md", "b.md", "c.md", "d.md"])
    assert found == {
        "a.md": Rendered("<p>a.md</p>", None),
        "b.md": Rendered("<p>b.md</p>", None),
        "c.md": None,
        "d.md": None,
    }
