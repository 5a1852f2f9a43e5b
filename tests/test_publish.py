"""Publishing is all or nothing and survives being killed at any moment; one build at a time."""

from __future__ import annotations

import json
import os
import signal
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from feedgen_app.config import BuildOptions, load_config
from feedgen_app.pipeline import build
from feedgen_app.state.lock import build_lock
from tests.conftest import Site

ARTICLES = 150
KILLS = 50
FEEDS = ("atom.xml", "rss.xml", "feed.json")


def _write_version(items: Path, version: str) -> None:
    for number in range(ARTICLES):
        body = f"Paragraph {number} of version {version}. " * 40
        (items / f"a{number:03}.md").write_text(
            f"---\ntitle: Article {number} {version}\ndate: 2024-01-01T00:{number % 60:02}:00Z\n"
            f"---\n{body}\n",
            encoding="utf-8",
        )


def _build_in_child(options: BuildOptions, kill_at_step: int | None) -> int:
    """Fork a build. With `kill_at_step`, the child SIGKILLs itself just before its n-th file
    system step (create a temporary file, flush it or everything, rename it), so every step is
    hit whatever the machine's speed; without, the parent kills it after a delay."""
    pid = os.fork()
    if pid != 0:
        return pid
    try:  # the child: build, and never return into pytest
        if kill_at_step is not None:
            steps = [0]
            steps_taken = ((tempfile, "mkstemp"), (os, "fsync"), (os, "sync"), (os, "replace"))
            for module, name in steps_taken:
                setattr(module, name, _dying_before(getattr(module, name), steps, kill_at_step))
        build(options)
    finally:
        os._exit(0)


def _dying_before(function: Any, steps: list[int], kill_at_step: int) -> Any:
    def step(*args: Any, **kwargs: Any) -> Any:
        steps[0] += 1
        if steps[0] == kill_at_step:
            os.kill(os.getpid(), signal.SIGKILL)
        return function(*args, **kwargs)

    return step


def test_a_build_killed_at_any_moment_leaves_complete_feeds(site: Site) -> None:
    site.settings += 'item_limit = 0\nsubscribe_page = ""\nfeed_stylesheet = ""\n'
    site.build()  # writes the settings file
    options = BuildOptions(replace(load_config(site.root / "site.toml").config))
    versions: dict[str, dict[str, bytes]] = {}
    for version in ("one", "two"):
        _write_version(site.items, version)
        started = time.monotonic()
        build(options)
        duration = time.monotonic() - started
        versions[version] = {name: (site.out / name).read_bytes() for name in FEEDS}
    # The feeds: 3 x create, one flush, 3 x rename, one flush; then the manifest's steps, and
    # some past the end (the article store is SQLite: its transactions are not among them).
    runs = [("step", step) for step in range(1, 15)] + [("time", n) for n in range(KILLS)]
    outcomes = set()
    for number, (how, value) in enumerate(runs):
        version = ("one", "two")[number % 2]
        _write_version(site.items, version)
        pid = _build_in_child(options, value if how == "step" else None)
        if how == "time":
            time.sleep(duration * 1.2 * value / KILLS)
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        for name in FEEDS:
            data = (site.out / name).read_bytes()
            assert data in (versions["one"][name], versions["two"][name]), (how, value, name)
            if name.endswith(".json"):
                json.loads(data)
            else:
                etree.fromstring(data)
            if how == "step":
                outcomes.add((name, data == versions[version][name]))
    assert outcomes == {(name, new) for name in FEEDS for new in (False, True)}
    build(options)
    assert sorted(path.name for path in site.out.iterdir()) == sorted(FEEDS)


def test_a_second_build_at_the_same_time_is_refused_with_a_clear_message(site: Site) -> None:
    site.write("a.md", "---\ntitle: A\ndate: 2024-01-01\n---\n")
    with build_lock(site.out):
        result = site.build()
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        f"{site.out}: error: another build is writing to {site.out} right now "
        f"(it holds {site.root / '.build.lock'}); run this one again when it has finished"
    )
    assert not site.out.exists()
    assert site.build().code == 0


def test_temporary_files_of_a_killed_build_are_cleaned_up(site: Site) -> None:
    site.write("a.md", "---\ntitle: A\ndate: 2024-01-01\n---\n")
    site.build()
    (site.out / ".atom.xml.k2j3.tmp").write_bytes(b"<half")
    site.write("a.md", "---\ntitle: B\ndate: 2024-01-01\n---\n")
    site.build()
    files = sorted(path.name for path in site.out.iterdir())
    assert files == ["atom.xml", "feed.css", "feed.json", "index.html", "rss.xml"]


def test_a_failure_while_staging_changes_no_file(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.write("a.md", "---\ntitle: A\ndate: 2024-01-01\n---\n")
    site.build()
    before = site.snapshot()
    site.write("a.md", "---\ntitle: B\ndate: 2024-01-01\n---\n")
    real_mkstemp = tempfile.mkstemp

    def disk_full_for_rss(*args: Any, **kwargs: Any) -> Any:
        if str(kwargs.get("prefix", "")).startswith(".rss.xml."):
            raise OSError(28, "No space left on device")
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", disk_full_for_rss)
    result = site.build()
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        f"{site.out / 'rss.xml'}: error: cannot write: No space left on device; no file was changed"
    )
    assert site.snapshot() == before
    files = sorted(path.name for path in site.out.iterdir())
    assert files == ["atom.xml", "feed.css", "feed.json", "index.html", "rss.xml"]
