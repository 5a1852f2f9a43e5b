"""Which of the last build's files are still as it left them (`stages.still_held`): asked by a
forked child while the plan is made, when there are many; here otherwise, or when the child
fails. The answers are the same either way."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import feedgen_app.stages.still_held as still_held_module
from feedgen_app.forked import Forked
from feedgen_app.stages.discover import FileState
from feedgen_app.stages.still_held import StillHeld
from feedgen_app.state.manifest import Output
from tests.forks import counted_forks

NAMES = ("kept.xml", "edited.xml", "gone.xml", "touched.xml", "replaced.xml", "sub/kept.json")
HELD = {
    "kept.xml": True,
    "edited.xml": False,
    "gone.xml": False,
    "touched.xml": False,
    "replaced.xml": False,
    "sub/kept.json": True,
}


def _written(out: Path) -> dict[str, Output]:
    """The files a build wrote, then changed behind its back, each its own way."""
    earlier = {}
    for name in NAMES:
        path = out / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"<{name}/>", encoding="utf-8")
        earlier[name] = Output("digest", FileState.of(path.stat()), "key", ())
    with (out / "edited.xml").open("a", encoding="utf-8") as stream:
        stream.write("more")
    (out / "gone.xml").unlink()
    state = (out / "touched.xml").stat()
    os.utime(out / "touched.xml", ns=(state.st_atime_ns, state.st_mtime_ns + 1_000_000))
    (out / "other").write_text("<replaced.xml/>", encoding="utf-8")  # same size, other inode
    (out / "other").replace(out / "replaced.xml")
    return earlier


def _answers(held: StillHeld) -> dict[str, bool]:
    return {name: held(name) for name in NAMES}


def test_many_files_are_asked_by_a_child(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    forked = counted_forks(monkeypatch, cores=2)
    monkeypatch.setattr(still_held_module, "FORK_FROM", len(NAMES))
    earlier = _written(tmp_path)
    with StillHeld(earlier, tmp_path) as held:
        assert len(forked) == 1
        assert _answers(held) == HELD
    assert held.held == HELD  # the child's answers, not asked again here


def test_few_files_are_asked_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    forked = counted_forks(monkeypatch, cores=2)
    earlier = _written(tmp_path)
    with StillHeld(earlier, tmp_path) as held:
        assert _answers(held) == HELD
    assert forked == []


def test_a_child_that_fails_leaves_the_asking_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(still_held_module, "FORK_FROM", 1)
    start = Forked.start

    def failing(work: object) -> Forked:
        def fail() -> bytes:
            raise OSError("no stat for you")

        return start(fail)

    monkeypatch.setattr(Forked, "start", failing)
    earlier = _written(tmp_path)
    with StillHeld(earlier, tmp_path) as held:
        assert _answers(held) == HELD
    assert held.held == {}


def test_most_files_held_when_more_than_half_of_those_asked_are(tmp_path: Path) -> None:
    earlier = _written(tmp_path)  # two held of six: the sample is all of them
    assert not StillHeld(earlier, tmp_path).mostly()
    kept = {name: earlier[name] for name in ("kept.xml", "sub/kept.json", "gone.xml")}
    assert StillHeld(kept, tmp_path).mostly()
    assert not StillHeld({}, tmp_path).mostly()


@pytest.mark.parametrize(("gone", "mostly"), [(40, True), (50, False)])
def test_most_files_held_is_asked_of_a_few_spread_over_them(
    tmp_path: Path, gone: int, mostly: bool
) -> None:
    """The first `gone` of 90 files deleted (not just the first few asked)."""
    written = {}
    for n in range(90):
        path = tmp_path / f"f{n:02d}.xml"
        path.write_text("<x/>", encoding="utf-8")
        written[path.name] = Output("digest", FileState.of(path.stat()), "key", ())
    for n in range(gone):
        (tmp_path / f"f{n:02d}.xml").unlink()
    assert StillHeld(written, tmp_path).mostly() == mostly


@pytest.mark.parametrize("planned", [set(), {"edited.xml", "kept.xml"}])
def test_the_files_gone_are_forgotten(tmp_path: Path, planned: set[str]) -> None:
    """Those planned again entirely; the others but for their digests."""
    earlier = _written(tmp_path)
    kept = dict(earlier)
    with StillHeld(earlier, tmp_path) as held:
        pass
    held.forget_gone(planned)
    gone = {name for name in NAMES if not HELD[name]}
    assert earlier.keys() == kept.keys() - (gone & planned)
    for name, output in earlier.items():
        if HELD[name]:
            assert output is kept[name]
        else:  # made again if planned (no key is ""), removed if it still holds its bytes
            assert output == Output(kept[name].digest, still_held_module.GONE, "", ())
            assert not output.still_holds(tmp_path / name)
    assert _answers(held) == HELD
