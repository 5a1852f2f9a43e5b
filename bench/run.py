"""The benchmark: feedgen_app against Hugo (and the baseline script), for several archive sizes.

    .venv/bin/python bench/run.py                                  # every group, 1,000 to 100,000
    .venv/bin/python bench/run.py --sizes 1000 10000 --runs 3      # a quick run: minutes
    .venv/bin/python bench/run.py --groups family --sizes 100000 --runs 1 --no-warm-up

Groups (`--groups`), each on a deterministic corpus generated once under bench/.corpus/:
  markdown  issue 13: the all-Markdown corpus. Cold build (no cache, no output), rebuild with
            nothing changed, after the newest article was edited, after one was added, after
            the newest was deleted; and Hugo's full build of the same files.
  family    issue 8 section 7: all-Markdown with 1,000 tags and 100 authors. The site-only cold
            build, then with tag_feeds, author_feeds and archive on: cold, no change, one-article
            edit (with the count of files it wrote); Hugo without and with its taxonomies.
  mixed     the older corpus (one in five plain text) against bench/baseline.py.
The package's bytecode is compiled first, as an installed package has it (`with_bytecode`).
The reference (Hugo, the baseline) runs first, then each row is printed as soon as it is
measured. Every figure is the median of --runs runs after one warm-up, each in a fresh process: wall
clock, and CPU time (user + system of the build and its workers, from os.wait4), which is the
steadier figure on a shared machine. Peak memory is the largest maximum resident set size of the
build process or one of its workers over the runs. Prints one Markdown table per group with the
load average; bench/README.md keeps the latest ones.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import hugo
from corpus import generate
from measure import Row, measure

BENCH = Path(__file__).resolve().parent
SETTINGS = 'title = "Bench"\nsite_url = "https://bench.example.org/"\n'
FAMILY = SETTINGS + "tag_feeds = true\nauthor_feeds = true\narchive = true\n"
BUILD = [sys.executable, "-m", "feedgen_app", "build", "--config"]

Rows = Iterator[tuple[str, Row]]


def corpus(kind: str, size: int) -> Path:
    """The site folder of corpus `kind` (markdown, family, mixed) at `size` articles."""
    site = BENCH / ".corpus" / (str(size) if kind == "mixed" else f"{kind}-{size}")
    if not (site / "items").is_dir():
        generate(site / "items", size, family=kind == "family", markdown_only=kind != "mixed")
    (site / "site.toml").write_text(SETTINGS, encoding="utf-8")
    (site / "family.toml").write_text(FAMILY, encoding="utf-8")
    return site


class Site:
    """Untimed preparations between runs on one corpus."""

    def __init__(self, site: Path, settings: str) -> None:
        self.site = site
        self.build = [*BUILD, settings]
        self.newest = sorted((site / "items").glob("*.md"))[-1]
        self.original = self.newest.read_bytes()

    def clean(self, _run: int) -> None:
        shutil.rmtree(self.site / ".feedgen-cache", ignore_errors=True)
        shutil.rmtree(self.site / "build", ignore_errors=True)

    def nothing(self, _run: int) -> None:
        pass

    def edit(self, run: int) -> None:
        self.newest.write_bytes(self.original + f"\nEdit number {run}.\n".encode())

    def settle(self) -> None:
        subprocess.run(self.build, cwd=self.site, stdout=subprocess.DEVNULL, check=True)

    def add(self, run: int) -> None:
        self.restore()
        self.settle()
        text = f"---\ntitle: Added {run}\ndate: 2026-01-01T00:00:00+02:00\nauthor: Writer 1\n"
        (self.site / "items" / f"zz-added-{run}.md").write_text(text + "tags: [a, b]\n---\nNew.\n")

    def delete(self, _run: int) -> None:
        self.restore()
        self.settle()
        self.newest.unlink()

    def restore(self) -> None:
        for added in (self.site / "items").glob("zz-added-*.md"):
            added.unlink()
        self.newest.write_bytes(self.original)

    def row(
        self, name: str, runs: int, prepare: Callable[[int], None], warm_up: bool
    ) -> tuple[str, Row]:
        return name, measure(runs, prepare, self.build, self.site, warm_up)


def hugo_row(site: Path, runs: int, warm_up: bool, taxonomies: bool) -> tuple[str, Row]:
    folder = hugo.site(
        site / "items", site / ("hugo-taxonomies" if taxonomies else "hugo"), taxonomies
    )
    name = "Hugo, with tag and author feeds" if taxonomies else "Hugo"
    return name, measure(runs, lambda _run: None, hugo.command(folder), folder, warm_up)


def markdown_group(size: int, runs: int, warm_up: bool, with_hugo: bool) -> Rows:
    site = Site(corpus("markdown", size), "site.toml")
    if with_hugo:
        yield hugo_row(site.site, runs, warm_up, False)
    yield site.row("cold", runs, site.clean, warm_up)
    yield site.row("no change", runs, site.nothing, warm_up)
    yield site.row("edit", runs, site.edit, warm_up)
    yield site.row("add", runs, site.add, warm_up)
    yield site.row("delete", runs, site.delete, warm_up)
    site.restore()


def family_group(size: int, runs: int, warm_up: bool, with_hugo: bool) -> Rows:
    plain = Site(corpus("family", size), "site.toml")
    if with_hugo:
        yield hugo_row(plain.site, runs, warm_up, False)
        yield hugo_row(plain.site, runs, warm_up, True)
    yield plain.row("site-only cold", runs, plain.clean, warm_up)
    site = Site(plain.site, "family.toml")
    yield site.row("family cold", runs, site.clean, warm_up)
    yield site.row("family no change", runs, site.nothing, warm_up)
    yield site.row("family edit", runs, site.edit, warm_up)
    site.restore()


def mixed_group(size: int, runs: int, warm_up: bool, _with_hugo: bool) -> Rows:
    site = Site(corpus("mixed", size), "site.toml")
    baseline = [sys.executable, str(BENCH / "baseline.py"), "items", "baseline.xml"]
    yield "baseline", measure(runs, site.nothing, baseline, site.site, warm_up)
    yield site.row("cold", runs, site.clean, warm_up)
    yield site.row("no change", runs, site.nothing, warm_up)
    yield site.row("edit", runs, site.edit, warm_up)
    site.restore()


GROUPS = {"markdown": markdown_group, "family": family_group, "mixed": mixed_group}
REFERENCES = {"markdown": "Hugo", "family": "Hugo", "mixed": "baseline"}


def reference(group: str, name: str, done: dict[str, Row]) -> Row | None:
    """The row `name` is compared with: Hugo's (with taxonomies for the family's rows) or the
    baseline's; None when it was not measured (Hugo missing) or is the reference itself."""
    wanted = REFERENCES[group]
    if group == "family" and name.startswith("family"):
        wanted = "Hugo, with tag and author feeds"
    found = done.get(wanted)
    return None if found is None or name.startswith(("Hugo", "baseline")) else found


def print_row(group: str, size: int, name: str, row: Row, done: dict[str, Row]) -> None:
    """One row, as soon as it is measured (the references are measured first)."""
    ref = reference(group, name, done)
    ratios = f"{row.seconds / ref.seconds:.2f} | {row.cpu / ref.cpu:.2f}" if ref else " | "
    print(
        f"| {size:,} | {name} | {row.seconds:.3f} | {row.cpu:.3f} | {row.peak_mb} | "
        f"{row.wrote} | {ratios} | {row.runs} |",
        flush=True,
    )
    if name == "family cold":
        plain = done["site-only cold"]
        print(
            f"| {size:,} | family cold ÷ site-only cold | {row.seconds / plain.seconds:.2f} | "
            f"{row.cpu / plain.cpu:.2f} | | | | | |",
            flush=True,
        )


def with_bytecode() -> None:
    """Builds run as an installed package runs: its modules' bytecode compiled once (pip does it
    at install, Python at the first import, into `__pycache__`, which git ignores) and read by
    every later start. A machine that sets PYTHONDONTWRITEBYTECODE (the one of rounds one to
    seven did) makes every build compile the package's 137 modules from source again: 0.1 to
    0.2 s of each run, which no user's build pays."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    package = BENCH.parent / "feedgen_app"
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)


def load() -> str:
    return "load average " + ", ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--groups", nargs="+", choices=GROUPS, default=list(GROUPS))
    parser.add_argument("--runs", type=int, default=5, help="timed runs per row (median)")
    parser.add_argument("--no-warm-up", dest="warm_up", action="store_false")
    parser.add_argument(
        "--no-hugo", dest="hugo", action="store_false", help="skip Hugo's rows (no ratios then)"
    )
    args = parser.parse_args()
    with_bytecode()
    version = hugo.available() if args.hugo else None
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"hugo: {version or ('missing, skipped' if args.hugo else 'skipped (--no-hugo)')}")
    for group in args.groups:
        print(f"\n### {group}\n")
        print(
            f"| N | run | wall s | CPU s | peak MB | files written | ÷ {REFERENCES[group]} (wall) "
            "| ÷ (CPU) | runs |"
        )
        print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
        for size in args.sizes:
            print(f"<!-- {size:,}: before, {load()} -->", flush=True)
            done: dict[str, Row] = {}
            for name, row in GROUPS[group](size, args.runs, args.warm_up, version is not None):
                done[name] = row
                print_row(group, size, name, row, done)
            print(f"<!-- {size:,}: after, {load()} -->", flush=True)


if __name__ == "__main__":
    main()
