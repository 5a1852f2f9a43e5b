"""Progress on a terminal for slow builds; nothing but the summary otherwise."""

from __future__ import annotations

import io
import re
import sys

import pytest

from feedgen_app import cli
from feedgen_app.config import BuildOptions, load_config
from feedgen_app.pipeline import build
from feedgen_app.progress import Progress
from tests.conftest import Site


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_progress_shows_only_after_a_second_and_clears_its_line() -> None:
    stream, clock = io.StringIO(), Clock()
    progress = Progress(stream, clock=clock)
    progress("found 10 article files")
    assert stream.getvalue() == ""
    clock.now = 1.5
    progress("read 1,000 of 10,000 changed article files")
    progress.close()
    assert stream.getvalue() == ("\r\x1b[Kread 1,000 of 10,000 changed article files" + "\r\x1b[K")


def test_a_quick_build_leaves_no_trace_of_progress() -> None:
    stream = io.StringIO()
    progress = Progress(stream, clock=Clock())
    progress("found 10 article files")
    progress.close()
    assert stream.getvalue() == ""


def test_the_build_reports_its_stages(site: Site) -> None:
    site.write("a.md", "---\ntitle: A\ndate: 2024-01-01\n---\n")
    site.build()  # writes the settings file
    site.write("a.md", "---\ntitle: B\ndate: 2024-01-01\n---\n")
    messages: list[str] = []
    build(BuildOptions(load_config(site.root / "site.toml").config), messages.append)
    # The page lists the article's title; the feed stylesheet does not change.
    stages = ["found 1 article file", "rendering 1 article", "writing 3 feed files"]
    assert messages == [*stages, "writing 1 page"]
    messages.clear()
    build(BuildOptions(load_config(site.root / "site.toml").config), messages.append)
    assert messages == ["found 1 article file"]  # nothing changed: nothing else to do


class SlowClock(Clock):
    """Each look at the clock finds ten more seconds gone: every build is over the threshold."""

    def __call__(self) -> float:
        self.now += 10.0
        return self.now


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _build_watched(site: Site, monkeypatch: pytest.MonkeyPatch, err: io.StringIO) -> str:
    monkeypatch.setattr(cli, "Progress", lambda stream: Progress(stream, clock=SlowClock()))
    monkeypatch.setattr(sys, "stderr", err)
    site.write("a.md", "---\ntitle: A\ndate: 2024-01-01\n---\n")
    assert site.build().code == 0
    return err.getvalue()


def test_output_that_is_not_a_terminal_gets_only_the_summary(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _build_watched(site, monkeypatch, io.StringIO()) == ""


def test_the_same_slow_build_on_a_terminal_shows_progress(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = _build_watched(site, monkeypatch, Terminal())
    assert shown.startswith("\r\x1b[Kfound 1 article file")
    assert re.search(r"\r\x1b\[Kwriting \d+ feed files\r\x1b\[Kwriting \d+ pages\r\x1b\[K$", shown)
