"""The sample items' feeds, byte for byte. Regenerate with `make golden` and review the diff."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.golden import GOLDEN, build_into


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build")
    build_into(out, tmp_path_factory.mktemp("cache"))
    return out


@pytest.mark.parametrize("name", ["atom.xml", "rss.xml", "feed.json"])
def test_sample_feed_matches_golden_file_byte_for_byte(built: Path, name: str) -> None:
    assert (built / name).read_bytes() == (GOLDEN / name).read_bytes(), (
        f"{name} differs from tests/golden/{name}; if the change is intended, run `make golden`"
    )


def test_golden_files_are_exactly_the_configured_feeds(built: Path) -> None:
    assert sorted(p.name for p in built.iterdir()) == sorted(p.name for p in GOLDEN.iterdir())
