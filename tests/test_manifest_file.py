"""The last build's manifest is the JSON of every output it owns, written a part at a time
(`state.manifest.remember`): a family at 100,000 articles has 35,872 outputs."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from feedgen_app.errors import SourceRef, warning
from feedgen_app.report import BuildReport, FeedReport
from feedgen_app.stages.discover import FileState
from feedgen_app.state.manifest import Output, load_manifest, remember


def test_the_manifest_holds_every_output_as_one_json_document(tmp_path: Path) -> None:
    note = warning(SourceRef("items/café.md", 3), "a note with “quotes”")
    outputs = {
        f"tags/t{n}/feed.xml": Output(
            f"{n:032x}", FileState(n, 2, 3, 4), f"key {n}", (note,) if n % 7 == 0 else ()
        )
        for n in range(2_500)  # more than one part
    }
    report = BuildReport(3, (FeedReport("build/a.xml", 2, True),), (note,), 1, 0, ())
    path = tmp_path / "cache" / "last-build.json"
    remember(path, "the fingerprint", outputs, report, datetime(2030, 1, 2, tzinfo=UTC))
    listed = {
        rel: [f"{n:032x}", [n, 2, 3, 4], f"key {n}"]
        for n, rel in ((n, f"tags/t{n}/feed.xml") for n in range(2_500))
    }
    expected = {
        "fingerprint": "the fingerprint",
        "outputs": {
            rel: [*listed[rel], [["items/café.md", 3, "a note with “quotes”", "warning"]]]
            if int(rel.split("/")[1][1:]) % 7 == 0
            else [*listed[rel], []]
            for rel in sorted(listed)
        },
        "report": {
            "articles": 3,
            "feeds": [["build/a.xml", 2]],
            "warnings": [["items/café.md", 3, "a note with “quotes”", "warning"]],
            "left_out": [1, 0],
            "skipped": [],
            "not_articles": 0,
        },
        "due": "2030-01-02T00:00:00+00:00",
    }
    assert path.read_bytes() == json.dumps(expected, ensure_ascii=False).encode("utf-8")
    manifest = load_manifest(path)
    assert manifest is not None and manifest.outputs == outputs


def test_a_manifest_without_outputs_is_json_too(tmp_path: Path) -> None:
    path = tmp_path / "last-build.json"
    remember(path, "print", {}, BuildReport(0, (), (), 0, 0, ()), None)
    assert json.loads(path.read_text(encoding="utf-8"))["outputs"] == {}
    assert json.loads(path.read_text(encoding="utf-8"))["due"] is None
