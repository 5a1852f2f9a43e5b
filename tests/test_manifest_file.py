"""The last build's manifest: every output it owns and its report, kept with `marshal` and sealed
with the digest of its bytes (`state.manifest.remember`, `load_manifest`): a family at 100,000
articles has 35,884 outputs, read and written by every rebuild."""

from __future__ import annotations

import marshal
from datetime import UTC, datetime
from pathlib import Path

import pytest

from feedgen_app.errors import SourceRef, warning
from feedgen_app.report import BuildReport, FeedReport
from feedgen_app.stages.discover import FileState
from feedgen_app.state import digest
from feedgen_app.state.manifest import (
    FORMAT,
    Output,
    load_manifest,
    remember,
    unchanged_report,
)

NOTE = warning(SourceRef("items/café.md", 3), "a note with “quotes”")


def _outputs(count: int) -> dict[str, Output]:
    return {
        f"tags/t{n}/feed.xml": Output(
            f"{n:032x}", FileState(n, 2, 3, 4), f"key {n}", (NOTE,) if n % 7 == 0 else ()
        )
        for n in range(count)
    }


def _remembered(tmp_path: Path) -> Path:
    report = BuildReport(3, (FeedReport("build/a.xml", 2, True),), (NOTE,), 1, 0, (), (), 4)
    path = tmp_path / "cache" / "last-build.marshal"
    remember(path, "the fingerprint", _outputs(2_500), report, datetime(2030, 1, 2, tzinfo=UTC))
    return path


def test_the_manifest_gives_back_every_output_and_the_report(tmp_path: Path) -> None:
    manifest = load_manifest(_remembered(tmp_path))
    assert manifest is not None
    assert manifest.fingerprint == "the fingerprint"
    assert manifest.due == "2030-01-02T00:00:00+00:00"
    assert manifest.outputs == _outputs(2_500)
    assert list(manifest.outputs) == sorted(_outputs(2_500))
    assert manifest.outputs["tags/t7/feed.xml"].warnings == (NOTE,)
    assert manifest.outputs["tags/t8/feed.xml"].warnings == ()


def test_an_unchanged_build_reports_the_last_ones_feeds_as_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "last-build.marshal"
    report = BuildReport(3, (FeedReport("build/a.xml", 2, True),), (NOTE,), 1, 5, (NOTE,), (), 4)
    remember(path, "print", {}, report, None)
    manifest = load_manifest(path)
    assert manifest is not None and manifest.due is None
    now = datetime(2026, 1, 1, tzinfo=UTC)
    again = unchanged_report(manifest, "print", tmp_path / "build", now)
    feeds = (FeedReport("build/a.xml", 2, False),)
    assert again == BuildReport(3, feeds, (NOTE,), 1, 5, (NOTE,), (), 4)
    assert unchanged_report(manifest, "another print", tmp_path / "build", now) is None


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda data: data[:-1], id="torn"),
        pytest.param(lambda data: data[: len(data) // 2], id="half"),
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: data.replace(b"key 2499", b"key 2490"), id="a key changed"),
        pytest.param(lambda data: b'{"fingerprint": "x", "outputs": {}}', id="json"),
    ],
)
def test_a_damaged_manifest_is_as_none(tmp_path: Path, spoil: object) -> None:
    path = _remembered(tmp_path)
    assert callable(spoil)
    path.write_bytes(spoil(path.read_bytes()))
    assert load_manifest(path) is None


REPORT = marshal.dumps(BuildReport(0, (), (), 0, 0, ()).kept())


@pytest.mark.parametrize(
    "body",
    [
        pytest.param((FORMAT + 1, "print", None, REPORT, [], [], [], [], []), id="another format"),
        pytest.param(
            (FORMAT, "print", None, REPORT, ["a"], ["d"], [1, 2, 3], ["k"], []), id="states"
        ),
        pytest.param(
            (FORMAT, "print", None, REPORT, ["a"], [], [1, 2, 3, 4], ["k"], []), id="digests"
        ),
        pytest.param(
            (FORMAT, "print", None, REPORT, ["a"], ["d"], [1, 2, 3, 4], ["k"], [(1, [])]), id="at"
        ),
        pytest.param((FORMAT, "print", None, REPORT), id="short"),
        pytest.param((FORMAT, "print", "soon", REPORT, [], [], [], [], []), id="due"),
        pytest.param((FORMAT, "print", 7, REPORT, [], [], [], [], []), id="due a number"),
        pytest.param((FORMAT, 7, None, REPORT, [], [], [], [], []), id="fingerprint"),
        pytest.param((FORMAT, "print", None, "report", [], [], [], [], []), id="report"),
    ],
)
def test_a_sealed_manifest_of_another_shape_is_as_none(tmp_path: Path, body: object) -> None:
    data = marshal.dumps(body)
    path = tmp_path / "last-build.marshal"
    path.write_bytes(data + digest(data).encode())
    assert load_manifest(path) is None


def test_the_json_manifest_of_earlier_versions_is_removed(tmp_path: Path) -> None:
    path = _remembered(tmp_path)
    old = path.with_suffix(".json")
    old.write_text('{"fingerprint": "x"}', encoding="utf-8")
    _remembered(tmp_path)
    assert path.exists() and not old.exists()


@pytest.mark.parametrize(
    "report",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"not marshal", id="not marshal"),
        pytest.param(marshal.dumps((1, 2)), id="too short"),
    ],
)
def test_a_report_of_another_shape_makes_no_shortcut(tmp_path: Path, report: bytes) -> None:
    data = marshal.dumps((FORMAT, "print", None, report, [], [], [], [], []))
    path = tmp_path / "last-build.marshal"
    path.write_bytes(data + digest(data).encode())
    manifest = load_manifest(path)
    assert manifest is not None and manifest.outputs == {}
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert unchanged_report(manifest, "print", tmp_path / "build", now) is None
