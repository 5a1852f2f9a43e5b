"""Same input, same bytes: ids and dates that never move, rebuilds that change nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime

import pytest

from tests.conftest import REPO, Site
from tests.feeds import ATOM, atom_entries, parse_xml

ARTICLE = """\
---
title: First title
date: 2024-03-01T10:00:00+01:00
tags: [one]
---
First body.
"""


def _inodes(site: Site) -> dict[str, int]:
    return {path.name: path.stat().st_ino for path in site.out.iterdir()}


def test_rebuild_with_nothing_changed_rewrites_nothing(site: Site) -> None:
    shutil.copytree(REPO / "items", site.items, dirs_exist_ok=True)
    assert site.build().code == 0
    before, inodes = site.snapshot(), _inodes(site)
    result = site.build()
    assert site.snapshot() == before  # same bytes and same modification times
    assert "unchanged" in result.out and "wrote" not in result.out
    # Without the last build's manifest there is no shortcut: everything is read, rendered
    # and handed to publish, which must still leave every file alone (not even a rename).
    manifests = list((site.root / ".feedgen-cache").glob("last-build-*.marshal"))
    assert len(manifests) == 1
    manifests[0].unlink()
    result = site.build()
    assert "unchanged" in result.out and "wrote" not in result.out
    assert site.snapshot() == before
    assert _inodes(site) == inodes
    assert manifests[0].exists()  # the full build did run, and remembered itself


def test_fresh_clone_builds_the_same_bytes(
    site: Site, tmp_path_factory: pytest.TempPathFactory
) -> None:
    shutil.copytree(REPO / "items", site.items, dirs_exist_ok=True)
    site.build()
    clone = Site(tmp_path_factory.mktemp("clone"), site.capsys, site.settings)
    shutil.copytree(site.items, clone.items)
    for path in clone.items.rglob("*"):
        os.utime(path, (0, 0))  # a clone has new modification times
    clone.build()
    assert {k: v[0] for k, v in clone.snapshot().items()} == {
        k: v[0] for k, v in site.snapshot().items()
    }


def test_editing_title_and_body_keeps_the_id_and_published_date(site: Site) -> None:
    path = site.write("2024-03-01-story.md", ARTICLE)
    site.build()
    [before] = atom_entries(site.feed())
    path.write_text(ARTICLE.replace("First title", "New title").replace("First body", "New"))
    site.build()
    [after] = atom_entries(site.feed())
    assert after.findtext(f"{ATOM}title") == "New title"
    for field in ("id", "published", "updated"):
        assert after.findtext(f"{ATOM}{field}") == before.findtext(f"{ATOM}{field}")


def test_same_article_has_the_same_id_in_atom_and_rss(site: Site) -> None:
    site.write("story.md", ARTICLE)
    site.build()
    [entry] = atom_entries(site.feed())
    assert entry.findtext(f"{ATOM}id") == "https://example.org/blog/posts/story/"
    guid = parse_xml(site.feed("rss.xml")).find("channel/item/guid")
    assert guid is not None and guid.text == "https://example.org/blog/posts/story/"
    assert guid.get("isPermaLink") == "true"


def test_feed_updated_time_comes_from_the_newest_article_not_the_clock(site: Site) -> None:
    site.write("old.md", ARTICLE)
    site.write("new.md", ARTICLE.replace("2024-03-01T10:00:00+01:00", "2024-04-02T08:00:00Z"))
    site.build()
    assert parse_xml(site.feed()).findtext(f"{ATOM}updated") == "2024-04-02T08:00:00+00:00"
    channel = parse_xml(site.feed("rss.xml")).find("channel")
    assert channel is not None
    assert channel.findtext("lastBuildDate") == "Tue, 02 Apr 2024 08:00:00 +0000"


def test_undated_article_date_is_recorded_and_reused(site: Site) -> None:
    path = site.write("undated.txt", "An undated article\n\nBody.\n")
    os.utime(path, (1_700_000_000, 1_700_000_000))
    result = site.build()
    record = site.items / ".feedgen-dates.toml"
    assert '"undated.txt" = 2023-11-14T22:13:20+00:00' in record.read_text()
    assert (
        f"{path}: warning: no date in the file; using 2023-11-14T22:13:20+00:00 from the file's "
        f"modification time; recorded in {record}: commit it so clones keep this date"
    ) in result.err
    os.utime(path, (1_800_000_000, 1_800_000_000))  # e.g. a fresh clone
    result = site.build()
    assert f"using 2023-11-14T22:13:20+00:00 recorded in {record} on an earlier build" in result.err
    [entry] = atom_entries(site.feed())
    assert entry.findtext(f"{ATOM}published") == "2023-11-14T22:13:20+00:00"


def test_undated_article_uses_source_date_epoch_when_set(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    site.write("undated.txt", "An undated article\n\nBody.\n")
    site.build()
    [entry] = atom_entries(site.feed())
    expected = datetime.fromtimestamp(1_600_000_000, UTC).isoformat()
    assert entry.findtext(f"{ATOM}published") == expected


def test_undated_article_in_git_gets_the_date_of_the_commit_that_added_it(site: Site) -> None:
    site.write("undated.txt", "An undated article\n\nBody.\n")
    # Without the caller's GIT_* variables: under `git rebase --exec` GIT_DIR names the
    # project's own repository, and `git init` would re-initialise that one.
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith("GIT_")},
        "GIT_AUTHOR_DATE": "2021-06-01T12:00:00+02:00",
        "GIT_COMMITTER_DATE": "2021-06-01T12:00:00+02:00",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    for command in (["init", "-q"], ["add", "undated.txt"], ["commit", "-qm", "add"]):
        subprocess.run(["git", *command], cwd=site.items, env=env, check=True)
    site.build()
    [entry] = atom_entries(site.feed())
    assert entry.findtext(f"{ATOM}published") == "2021-06-01T12:00:00+02:00"


def test_date_record_forgets_articles_that_got_a_date_or_were_removed(site: Site) -> None:
    undated = site.write("undated.txt", "An undated article\n\nBody.\n")
    site.build()
    record = site.items / ".feedgen-dates.toml"
    assert '"undated.txt"' in record.read_text()
    undated.write_text("Date: 2024-01-01\n\nAn undated article\n\nBody.\n")
    site.build()
    assert '"undated.txt"' not in record.read_text()
    assert record.read_text().startswith("# Dates that feedgen_app chose")
