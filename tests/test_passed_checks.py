"""Entries that passed their checks are not checked again by the next build (`state.passed_checks`),
unless the check would run at an earlier time; the documents and their findings stay those of a
check of the whole documents."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Mapping, Sequence
from datetime import timedelta
from pathlib import Path

import pytest

from feedgen_app.config import SiteConfig
from feedgen_app.formats.parts import Shell
from feedgen_app.model import Entry
from feedgen_app.stages import entry_checks
from feedgen_app.stages.check import DocumentCheck
from feedgen_app.stages.entry_checks import BATCH
from feedgen_app.stages.plan import Document
from feedgen_app.stages.write import write_document
from feedgen_app.state.passed_checks import PassedChecks
from tests.forks import counted_forks
from tests.test_check_by_parts import ENTRIES, NOW, documents, entry, written

# The entries with a finding of their own (test_check_by_parts' DIRTY): an iframe, a relative
# URL, an update before publication (RSS has no update date: clean there), a date before 1990.
FAILING = {"iframe", "relative", "backwards", "ancient"}


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Every fragment `DocumentCheck.clean` is asked about."""
    asked: list[bytes] = []
    clean = DocumentCheck.clean

    def spy(self: DocumentCheck, doc: Document, shell: Shell, parts: Sequence[bytes]) -> list[bool]:
        asked.extend(parts)
        return clean(self, doc, shell, parts)

    monkeypatch.setattr(DocumentCheck, "clean", spy)
    return asked


def _expected(config: SiteConfig) -> dict[str, tuple[bytes, list[object]]]:
    whole_check = DocumentCheck([e.article for e in ENTRIES.values()], config, NOW)
    expected: dict[str, tuple[bytes, list[object]]] = {}
    for doc in documents():
        data = write_document(doc, [ENTRIES[found.rel] for found, _ in doc.members], config)
        expected[doc.path] = (data, list(whole_check(doc, data)))
    return expected


def _build(
    config: SiteConfig, now_offset: timedelta = timedelta(), entries: Mapping[str, Entry] = ENTRIES
) -> dict[str, object]:
    made = written(documents(), entries.items(), config, NOW + now_offset)
    return {doc.path: (data, list(found)) for doc, data, found in made}


def _carrying(asked: list[bytes], rel: str) -> bool:
    return any(f"posts/{rel}/".encode() in part for part in asked)


def test_a_second_build_checks_only_the_entries_that_did_not_pass(
    config: SiteConfig, checked: list[bytes]
) -> None:
    expected = _expected(config)
    assert _build(config) == expected
    assert all(_carrying(checked, rel) for rel in ENTRIES)
    checked.clear()

    assert _build(config, timedelta(days=1)) == expected  # a later check: the same findings
    assert {rel for rel in ENTRIES if _carrying(checked, rel)} == FAILING
    assert len(checked) == 3 * len(FAILING) - 1  # once in each format, "backwards" not in RSS


def test_a_build_of_other_documents_checks_only_the_entries_that_did_not_pass(
    config: SiteConfig, checked: list[bytes]
) -> None:
    """Entries are checked in the same shell whichever documents a build makes, and in
    whatever order (an edit makes the few that carry the article; the first of each format
    was the shell): the next build's documents find them passed."""
    expected = _expected(config)
    assert _build(config) == expected
    checked.clear()
    others = documents()[::-1]  # another document first in each format
    made = written(others, ENTRIES.items(), config, NOW + timedelta(days=1))
    assert {doc.path: (data, list(found)) for doc, data, found in made} == expected
    assert {rel for rel in ENTRIES if _carrying(checked, rel)} == FAILING


def test_an_entry_is_checked_in_the_same_shell_beside_entries_with_images_or_without(
    config: SiteConfig, checked: list[bytes]
) -> None:
    """RSS declares the Media namespace for entries with an image: they are checked apart, so
    the others' checks do not change with whether a build carries one."""
    expected = _expected(config)
    assert _build(config) == expected  # "pictured" among them
    checked.clear()
    others = [doc for doc in documents() if not doc.path.startswith("clean-archive-page/")]
    without = {rel: e for rel, e in ENTRIES.items() if rel != "pictured"}
    made = written(others, without.items(), config, NOW + timedelta(days=1))
    assert {doc.path: (data, list(found)) for doc, data, found in made} == {
        doc.path: expected[doc.path] for doc in others
    }
    assert {rel for rel in ENTRIES if _carrying(checked, rel)} == FAILING


def test_an_earlier_check_checks_every_entry_again(
    config: SiteConfig, checked: list[bytes]
) -> None:
    _build(config)
    checked.clear()
    _build(config, -timedelta(seconds=1))
    assert all(_carrying(checked, rel) for rel in ENTRIES)


def test_a_damaged_record_is_replaced(config: SiteConfig, checked: list[bytes]) -> None:
    expected = _expected(config)
    _build(config)
    [record] = Path(config.cache_dir).glob("checked-*.sqlite")
    record.write_bytes(b"not a database" * 100)
    checked.clear()
    assert _build(config) == expected
    assert all(_carrying(checked, rel) for rel in ENTRIES)
    checked.clear()
    _build(config)
    assert {rel for rel in ENTRIES if _carrying(checked, rel)} == FAILING


@pytest.mark.skipif(sys.platform != "linux", reason="forks on Linux only")
@pytest.mark.parametrize("child_fails", [False, True])
def test_formats_checked_in_forked_children_give_the_same_documents(
    config: SiteConfig, monkeypatch: pytest.MonkeyPatch, child_fails: bool
) -> None:
    expected = _expected(config)
    monkeypatch.setattr(entry_checks, "PARALLEL_CHECKS_FROM", 0)
    started = counted_forks(monkeypatch, cores=3)
    if child_fails:

        def fails(judge: object, share: object) -> bytes:
            raise RuntimeError(f"the child checking {share} fails")

        monkeypatch.setattr(entry_checks, "_pickled", fails)
    # Enough entries for three batches a format, the ones with findings in the first.
    more = {f"more{n}": entry(f"more{n}", 30 + n) for n in range(2 * BATCH)}
    assert _build(config, entries={**ENTRIES, **more}) == expected
    assert len(started) == 2 and all(started)  # three cores: this process and two children


def _rows(path: Path) -> list[tuple[str, float]]:
    db = sqlite3.connect(path)
    rows = db.execute("SELECT key, at FROM passed ORDER BY key").fetchall()
    # The key stays the table's primary key (a check passed again replaces its row).
    columns = [(name, pk) for _, name, _, _, _, pk in db.execute("PRAGMA table_info(passed)")]
    db.close()
    assert columns == [("key", 1), ("at", 0), ("build", 0)]
    return rows


@pytest.mark.parametrize("kept", [2, 9])  # fewer than it drops (the table copied), or more
def test_a_build_keeps_its_keys_then_the_most_recently_used_up_to_its_limit(
    tmp_path: Path, kept: int
) -> None:
    path = tmp_path / "checked.sqlite"
    keys = [f"key{n}" for n in range(10)]
    day = [(NOW + timedelta(days=n)).timestamp() for n in range(4)]
    first = PassedChecks(path)
    first.add(keys, NOW)
    first.save(keep=100)
    second = PassedChecks(path)
    assert second.passed(keys[:kept], NOW) == set(keys[:kept])
    second.add(["new"], NOW + timedelta(days=1))
    second.save(keep=100)  # under the limit: every key stays
    assert _rows(path) == sorted([(key, day[0]) for key in keys] + [("new", day[1])])
    third = PassedChecks(path)
    third.add(["newer"], NOW + timedelta(days=2))
    third.save(keep=kept + 2)  # its own, then those the second build used or added
    assert _rows(path) == sorted(
        [(key, day[0]) for key in keys[:kept]] + [("new", day[1]), ("newer", day[2])]
    )
    fourth = PassedChecks(path)
    fourth.add(["newest"], NOW + timedelta(days=3))
    fourth.save(keep=0)  # never fewer than its own
    assert _rows(path) == [("newest", day[3])]
