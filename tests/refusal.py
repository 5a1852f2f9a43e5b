"""One check for every refused input: the exact messages, exit status 1, the output folder
untouched; then with --skip-invalid, exit status 3, the valid article published and the bad
file named."""

from __future__ import annotations

from tests.conftest import Site
from tests.feeds import read_with_feedparser

GOOD = """\
---
title: A good article
date: 2024-01-01T00:00:00Z
---
Fine.
"""
GOOD_TITLES = ["A good article"]


def published_titles(site: Site) -> list[str]:
    return [entry.title for entry in read_with_feedparser(site.feed()).entries]


def assert_refused_then_skipped(site: Site, bad: dict[str, str], expected: list[str]) -> None:
    """`expected`: the error lines without the items folder in front (`name:line: error: …`)."""
    site.write("good.md", GOOD)
    assert site.build().code == 0
    before = site.snapshot()
    for name, text in bad.items():
        site.write(name, text)
    lines = [f"{site.items}/{line}" for line in expected]
    failed = site.build()
    count = f"{len(lines)} problem{'' if len(lines) == 1 else 's'}"
    assert (failed.code, failed.out) == (1, "")
    assert failed.err.splitlines() == [*lines, f"build failed: {count}; nothing written"]
    assert site.snapshot() == before
    skipped = site.build("--skip-invalid")
    files = len({line.split(":")[0] for line in expected})
    noun = "invalid file" if files == 1 else "invalid files"
    assert skipped.code == 3
    assert skipped.err.splitlines() == [*lines, f"skipped {files} {noun} (--skip-invalid)"]
    assert published_titles(site) == GOOD_TITLES
