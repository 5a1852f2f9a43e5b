"""A site in a temporary folder, built in-process through the CLI's `main()`."""

from __future__ import annotations

import gc
import os
import tempfile
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

from feedgen_app.cli import main
from feedgen_app.config import SiteConfig

# Hypothesis: the same examples on every run and nothing written into the working tree (no
# example database; its other files in the temporary folder) with `ci`, the default;
# `FEEDGEN_FUZZ=long` for a longer random run by hand.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "feedgen-app-hypothesis")
settings.register_profile("ci", derandomize=True, database=None, deadline=None, max_examples=80)
settings.register_profile("long", database=None, deadline=None, max_examples=20_000)
settings.load_profile(os.environ.get("FEEDGEN_FUZZ", "ci"))

pytest_plugins = ["tests.serving"]

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "items" / "000_5def1f95143b3ebc.txt"

SETTINGS = """\
title = "Test site"
site_url = "https://example.org/blog/"
author = { name = "Site Owner", email = "owner@example.org" }
language = "en"
timezone = "UTC"
permalink = "/posts/{slug}/"
"""


@dataclass
class BuildResult:
    code: int
    out: str
    err: str


@dataclass
class Site:
    root: Path
    capsys: pytest.CaptureFixture[str]
    settings: str = SETTINGS
    extra_args: list[str] = field(default_factory=list)

    @property
    def items(self) -> Path:
        return self.root / "items"

    @property
    def out(self) -> Path:
        return self.root / "build"

    def write(self, name: str, text: str) -> Path:
        path = self.items / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def build(self, *args: str) -> BuildResult:
        config = self.root / "site.toml"
        config.write_text(self.settings, encoding="utf-8")
        self.capsys.readouterr()
        code = main(["build", "--config", str(config), *self.extra_args, *args])
        captured = self.capsys.readouterr()
        return BuildResult(code, captured.out, captured.err)

    def feed(self, name: str = "atom.xml") -> bytes:
        return (self.out / name).read_bytes()

    def snapshot(self) -> dict[str, tuple[bytes, int]]:
        """Every file under build/ with its bytes and modification time."""
        return {
            str(path.relative_to(self.out)): (path.read_bytes(), path.stat().st_mtime_ns)
            for path in sorted(self.out.rglob("*"))
            if path.is_file()
        }


@pytest.fixture
def collector_on() -> Iterator[None]:
    """The cyclic garbage collector on during the test, and as it was before afterwards."""
    was_enabled = gc.isenabled()
    gc.enable()
    yield
    if was_enabled:
        gc.enable()
    else:
        gc.disable()


@pytest.fixture
def site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Site:
    (tmp_path / "items").mkdir()
    return Site(tmp_path, capsys)


@pytest.fixture
def config(tmp_path: Path) -> SiteConfig:
    """Settings for a test that makes documents in its own process (`stages.write`): the output
    and the cache in its temporary folder."""
    return SiteConfig(
        title="Example",
        site_url="https://example.org/",
        output_dir=tmp_path / "build",
        cache_dir=tmp_path / "cache",
    )


def _tree_state(folder: Path) -> dict[str, tuple[int, int]]:
    if not folder.is_dir():
        return {}
    return {
        str(path): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="session", autouse=True)
def _the_repository_is_left_alone() -> Iterator[None]:
    """Tests run in tmp_path: the repo's cache, Hypothesis, items and build folders never change."""
    folders = [REPO / ".feedgen-cache", REPO / ".hypothesis", REPO / "items", REPO / "build"]
    before = [_tree_state(folder) for folder in folders]
    yield
    assert [_tree_state(folder) for folder in folders] == before, "a test wrote into the repo"


@pytest.fixture(autouse=True)
def _no_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    yield
