"""Reading in worker processes gives what reading in one process gives: the same feeds, the
same errors and warnings in the same order, also when a batch of files mixes plain rows with
failures, plain-text files with edge lines, and pages that are not articles."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest

from feedgen_app import rebuild
from feedgen_app.stages import read_files as reading
from feedgen_app.stages.discover import Discovered, Found
from tests.conftest import Site
from tests.refusal import published_titles

COUNT = 64
"""Enough files that a worker's batch holds several (a batch is 1/16 of them for two workers)."""


def _files(site: Site) -> None:
    for n in range(COUNT):
        if n % 7 == 3:
            site.write(
                f"bad-{n:02d}.md", f"---\ntitle: [unclosed\ndate: 2024-01-{n % 28 + 1:02d}\n---\n"
            )
        elif n % 5 == 1:  # plain text with a line its folder repeats: chrome learned
            day = n % 28 + 1
            site.write(
                f"news/t{n:02d}.txt", f"Date: 2024-02-{day:02d}\n\nSite menu\n\nT{n}\n\nText {n}.\n"
            )
        elif n == 12:
            site.write("index.md", "---\nlayout: home\n---\n")  # neither title nor text: a page
        else:
            site.write(
                f"a{n:02d}.md",
                f"---\ntitle: A{n}\ndate: 2023-12-{n % 28 + 1:02d}\n---\nBody {n}.\n",
            )


def _plain_files(site: Site) -> None:
    for n in range(COUNT):
        site.write(
            f"a{n:02d}.md", f"---\ntitle: A{n}\ndate: 2023-12-{n % 28 + 1:02d}\n---\nBody.\n"
        )


def _in_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read in two worker processes whatever the number of files and of cores."""
    monkeypatch.setattr(reading, "PARALLEL_FROM", 2)
    monkeypatch.setattr(reading.os, "cpu_count", lambda: 2)


def _build(site: Site) -> tuple[int, str, str, bytes, list[str]]:
    result = site.build("--skip-invalid")
    return result.code, result.err, result.out, site.feed("feed.json"), published_titles(site)


def test_workers_read_as_one_process_does(
    site: Site, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    site.settings += "item_limit = 100\n"
    _files(site)
    serial = _build(site)
    assert serial[0] == 3 and serial[1].count(": error: ") == 9
    assert "passed over 1 page that is not articles" in serial[2]
    assert b"Site menu" not in serial[3]  # learned as its folder's chrome
    assert len(serial[4]) == COUNT - 9 - 1
    shutil.rmtree(site.root / ".feedgen-cache")
    shutil.rmtree(site.out)
    _in_workers(monkeypatch)
    readers = tmp_path / "readers"
    real = reading._parse_one

    def noted(*args: Any) -> Any:  # in whichever process reads the file
        with readers.open("a") as note:
            note.write(f"{os.getpid()}\n")
        return real(*args)

    monkeypatch.setattr(reading, "_parse_one", noted)
    assert _build(site) == serial
    pids = readers.read_text().split()
    texts = len(list((site.items / "news").glob("*.txt")))  # read again with what is learned
    assert len(pids) == COUNT + texts and str(os.getpid()) not in pids
    assert reading._JOB == []  # given to the workers as they started, not kept here


def test_a_first_build_makes_the_files_records_in_the_workers(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No record of every file in the process that starts the workers (100,000 took it 0.1 s
    before reading could start): each worker makes those of the files it reads."""
    _plain_files(site)
    _in_workers(monkeypatch)
    made: list[int] = []
    every = Discovered.files

    def counted(self: Discovered) -> tuple[Found, ...]:
        made.append(os.getpid())
        return every.func(self)

    monkeypatch.setattr(Discovered, "files", property(counted))
    assert site.build().code == 0
    assert len(published_titles(site)) == 50  # the newest of the 64
    assert made == []


def test_what_making_the_files_imports_is_loaded_while_the_workers_read(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    _plain_files(site)
    _in_workers(monkeypatch)
    seen: list[tuple[str, int]] = []
    real = rebuild._import_outputs

    def noted() -> None:
        seen.append((threading.current_thread().name, len(multiprocessing.active_children())))
        real()

    monkeypatch.setattr(rebuild, "_import_outputs", noted)
    assert site.build().code == 0
    assert seen == [("beside", 2)]  # in a thread, once both workers were forked


def test_work_beside_that_fails_is_done_again_where_it_is_needed(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    _plain_files(site)
    _in_workers(monkeypatch)

    def fails() -> None:
        raise ImportError("not now")

    monkeypatch.setattr(rebuild, "_import_outputs", fails)
    result = site.build()
    assert (result.code, result.err) == (0, "")
    assert len(published_titles(site)) == 50
