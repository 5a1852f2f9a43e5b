"""A/B in the same minutes: another commit's code against this checkout's, each on its own copy
of a corpus, the same change made in both before each pair of builds.

    .venv/bin/python bench/ab.py 534eb36                     # the family at 100,000, every move
    .venv/bin/python bench/ab.py HEAD~3 --kind markdown --size 10000 --moves edit add --pairs 8

A, the other commit: its `feedgen_app` exported (`git archive`) to bench/.corpus/ab-code-SHA,
run on a twin of the corpus (bench/.corpus/ab-KIND-N: every article hard-linked, its own cache
and output; the first build there is a first build). B, this checkout: on the corpus itself, as
run.py uses it. Both run with their bytecode compiled (`run.with_bytecode`). Each side is built
once untimed, then for each move, PAIRS pairs: the move made in A's folder and A's build timed,
the same move in B's and B's build timed (wall clock, CPU time and peak memory, `measure.timed`).
A changed file is written anew, never through its hard link, so the twins stay apart.

Moves (`--moves`):
  cold     a first build: the output folder and the cache removed first
  nothing  nothing changed
  edit     a numbered line appended to the newest article
  retag    the newest article's first tag changed to one of the second newest's, and back
  add      an article newer than all (dated in the last two hours), with two of the newest's
           tags

Afterwards every output file either side wrote during the runs is compared byte for byte with
the other side's (the same moves were made in both: equal code paths give equal files), and the
moved article is put back and the added ones removed in both folders (the next build of either
settles them).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from corpus import markdown_article
from measure import Run, timed
from run import BENCH, BUILD, corpus, load, with_bytecode

ADDED = "zz-ab-"


@dataclass(frozen=True)
class Side:
    """One side of the comparison: a site folder and the code that builds it."""

    name: str
    site: Path
    code: Path
    settings: str

    def build(self) -> Run:
        env = dict(os.environ, PYTHONPATH=str(self.code))
        return timed([*BUILD, self.settings], self.site, env)


class Moves:
    """The changes made before each build, the same bytes on both sides."""

    def __init__(self, size: int, family: bool) -> None:
        name, self.original = markdown_article(size - 1, random.Random(size - 1), family)
        self.newest = Path("items") / name
        second = markdown_article(size - 2, random.Random(size - 2), family)[1]
        self.tags = _tags(self.original)
        others = [tag for tag in _tags(second) if tag not in self.tags]
        self.other_tag = others[0] if others else "ab moved"
        # newer than every article of the corpus and than earlier runs', not in the future
        self.added_from = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(hours=2)
        self.moved = self.original.replace(f"tags: [{self.tags[0]}", f"tags: [{self.other_tag}", 1)

    def cold(self, site: Path, _run: int) -> None:
        for made in (site / "build", site / ".feedgen-cache"):
            shutil.rmtree(made, ignore_errors=True)

    def nothing(self, _site: Path, _run: int) -> None:
        pass

    def edit(self, site: Path, run: int) -> None:
        _write(site / self.newest, self.original + f"\nEdit number {run}.\n")

    def retag(self, site: Path, _run: int) -> None:
        was = (site / self.newest).read_text(encoding="utf-8")
        _write(site / self.newest, self.original if was == self.moved else self.moved)

    def add(self, site: Path, run: int) -> None:
        date = (self.added_from + timedelta(minutes=run)).isoformat()
        front = f"title: Added {run}\ndate: {date}\nauthor: Writer 1\n"
        tags = f"tags: [{', '.join(self.tags[:2])}]\n"
        _write(site / "items" / f"{ADDED}{run:04d}.md", f"---\n{front}{tags}---\nAdded.\n")

    def put_back(self, site: Path) -> None:
        _write(site / self.newest, self.original)
        for added in (site / "items").glob(f"{ADDED}*.md"):
            added.unlink()


def _tags(text: str) -> list[str]:
    line = next(line for line in text.splitlines() if line.startswith("tags: ["))
    return line.removeprefix("tags: [").removesuffix("]").split(", ")


def _write(path: Path, text: str) -> None:
    """`text` into a new file at `path` (a hard link to the other side's file is replaced)."""
    temporary = path.with_name(f".{path.name}.ab")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def exported(revision: str) -> Path:
    """The folder holding `revision`'s `feedgen_app`, exported once, its bytecode compiled."""
    repository = BENCH.parent
    sha = subprocess.run(
        ["git", "rev-parse", "--short", revision],
        cwd=repository,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    folder = BENCH / ".corpus" / f"ab-code-{sha}"
    if not (folder / "feedgen_app").is_dir():
        folder.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "archive", sha, "feedgen_app"], cwd=repository, capture_output=True, check=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(folder)], check=True)
    return folder


def twin(site: Path, kind: str, size: int) -> Path:
    """A folder holding `site`'s articles, hard-linked (made once, linked again where they
    differ: the comparison of outputs means something only if the inputs are the same), and
    its settings."""
    folder = BENCH / ".corpus" / f"ab-{kind}-{size}"
    items = folder / "items"
    items.mkdir(parents=True, exist_ok=True)
    names = set(os.listdir(site / "items"))
    for name in names:
        source, copy = site / "items" / name, items / name
        if not copy.exists() or not os.path.samefile(source, copy):
            temporary = items / f".{name}.ab"
            temporary.unlink(missing_ok=True)
            os.link(source, temporary)
            os.replace(temporary, copy)
    for name in set(os.listdir(items)) - names:
        (items / name).unlink()
    for settings in ("site.toml", "family.toml"):
        (folder / settings).write_bytes((site / settings).read_bytes())
    return folder


def written_since(site: Path, since: float) -> set[str]:
    """The output files modified at or after `since` (seconds since the epoch)."""
    out = site / "build"
    return {
        os.path.relpath(os.path.join(folder, name), out)
        for folder, _, names in os.walk(out)
        for name in names
        if os.stat(os.path.join(folder, name)).st_mtime >= since
    }


def differing(a: Side, b: Side, since: float) -> tuple[int, list[str]]:
    """How many files either side wrote since `since`, and those that are not the same bytes
    on both sides."""
    written = written_since(a.site, since) | written_since(b.site, since)
    unequal = []
    for rel in sorted(written):
        try:
            same = (a.site / "build" / rel).read_bytes() == (b.site / "build" / rel).read_bytes()
        except FileNotFoundError:
            same = False
        if not same:
            unequal.append(rel)
    return len(written), unequal


def summary(runs: list[Run], value: Callable[[Run], float]) -> str:
    values = sorted(value(run) for run in runs)
    return f"{values[0]:.3f} to {values[-1]:.3f} ({statistics.median(values):.3f})"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("revision", help="the commit to compare this checkout with (A)")
    parser.add_argument("--kind", choices=["family", "markdown"], default="family")
    parser.add_argument("--size", type=int, default=100_000)
    moves_wanted = ["nothing", "edit", "retag", "add"]
    choices = [*moves_wanted, "cold"]
    parser.add_argument("--moves", nargs="+", choices=choices, default=moves_wanted)
    parser.add_argument("--pairs", type=int, default=5)
    args = parser.parse_args()
    with_bytecode()
    settings = "family.toml" if args.kind == "family" else "site.toml"
    site = corpus(args.kind, args.size)
    moves = Moves(args.size, args.kind == "family")
    moves.put_back(site)  # then the twin links the corpus's articles as they are
    a = Side("A", twin(site, args.kind, args.size), exported(args.revision), settings)
    b = Side("B", site, BENCH.parent, settings)
    for side in (a, b):
        side.build()  # untimed: settles the side (a first build in a new twin)
    print(f"A: {args.revision} ({a.code.name}) on {a.site.name}; B: this checkout on {site.name}")
    print(f"<!-- before, {load()} -->")
    print("| move | A wall s | B wall s | A CPU s | B CPU s | A / B peak MB |")
    print("|---|---|---|---|---|---|")
    since, number = time.time() - 1, 0  # (file times can lag the clock by a tick)
    for name in args.moves:
        runs: dict[str, list[Run]] = {"A": [], "B": []}
        for _ in range(args.pairs):
            number += 1
            for side in (a, b):
                getattr(moves, name)(side.site, number)
                runs[side.name].append(side.build())
        wall = [summary(runs[s], lambda run: run.seconds) for s in "AB"]
        cpu = [summary(runs[s], lambda run: run.cpu) for s in "AB"]
        peaks = "/".join(str(max(run.peak_mb for run in runs[s])) for s in "AB")
        print(f"| {name} ({args.pairs}) | {wall[0]} | {wall[1]} | {cpu[0]} | {cpu[1]} | {peaks} |")
    print(f"<!-- after, {load()} -->")
    count, unequal = differing(a, b, since)
    shown = ", ".join(unequal[:5]) + (", …" if len(unequal) > 5 else "")
    print(
        f"files written during the runs: {count:,}; not the same bytes on both sides: "
        f"{len(unequal):,}{' (' + shown + ')' if unequal else ''}"
    )
    for side in (a, b):
        moves.put_back(side.site)


if __name__ == "__main__":
    main()
