"""The benchmark: feedgen_app against the baseline script, for several archive sizes.

    .venv/bin/python bench/run.py                      # N = 1,000, 10,000, 100,000
    .venv/bin/python bench/run.py --sizes 1000 10000 --runs 5

For each N it generates (once, deterministically) a corpus under bench/.corpus/N, then times,
as the median of --runs runs after one warm-up, each in a fresh process:
  cold       a build with no cache and no output
  no change  a rebuild with nothing changed
  edit       a rebuild after the newest article was edited (so the feeds change)
  add        a rebuild after one article was added
and the baseline (bench/baseline.py) on the same corpus. Peak memory is the largest maximum
resident set size seen in a run (of the build process or one of its workers). Prints a
Markdown table; bench/README.md keeps the latest one.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from corpus import generate

BENCH = Path(__file__).resolve().parent
SETTINGS = 'title = "Bench"\nsite_url = "https://bench.example.org/"\n'


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    """(seconds, peak RSS in MB) of one run of `command`."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}")
    return elapsed, usage.ru_maxrss // 1024


def measure(
    runs: int, prepare: Callable[[int], None], command: list[str], cwd: Path, warm_up: bool = True
) -> tuple[float, int]:
    """Median seconds and peak MB over `runs` runs (after a warm-up run unless told otherwise);
    `prepare(i)` runs untimed before each."""
    results = []
    for run in range(runs + warm_up):
        prepare(run)
        results.append(timed(command, cwd))
    measured = results[1:] if warm_up else results
    return statistics.median(s for s, _ in measured), max(peak for _, peak in measured)


def corpus(size: int) -> Path:
    site = BENCH / ".corpus" / str(size)
    if not (site / "items").is_dir():
        generate(site / "items", size)
    (site / "site.toml").write_text(SETTINGS, encoding="utf-8")
    return site


def bench_size(size: int, runs: int, baseline_runs: int) -> list[tuple[str, float, int]]:
    site = corpus(size)
    build = [sys.executable, "-m", "feedgen_app", "build", "--config", "site.toml"]
    newest = sorted((site / "items").iterdir())[-1]
    original = newest.read_bytes()

    def clean(_run: int) -> None:
        shutil.rmtree(site / ".feedgen-cache", ignore_errors=True)
        shutil.rmtree(site / "build", ignore_errors=True)

    def nothing(_run: int) -> None:
        pass

    def edit(run: int) -> None:
        newest.write_bytes(original + f"\nEdit number {run}.\n".encode())

    def add(run: int) -> None:
        for old in (site / "items").glob("zz-added-*.md"):
            old.unlink()
        subprocess.run(build, cwd=site, stdout=subprocess.DEVNULL, check=True)  # settle
        (site / "items" / f"zz-added-{run}.md").write_text(
            f"---\ntitle: Added {run}\ndate: 2030-01-01T00:00:00Z\n---\nNew.\n"
        )

    rows = [("cold", *measure(runs, clean, build, site))]
    rows.append(("no change", *measure(runs, nothing, build, site)))
    rows.append(("edit", *measure(runs, edit, build, site)))
    newest.write_bytes(original)
    rows.append(("add", *measure(runs, add, build, site)))
    for old in (site / "items").glob("zz-added-*.md"):
        old.unlink()
    baseline = [sys.executable, str(BENCH / "baseline.py"), "items", "baseline.xml"]
    # Our runs have read every file already, so the page cache is warm for the baseline too.
    rows.append(("baseline", *measure(baseline_runs, nothing, baseline, site, warm_up=False)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline-runs", type=int, default=5)
    args = parser.parse_args()
    cores = os.cpu_count()
    print(f"machine: {platform.machine()}, {cores} cores, Python {platform.python_version()}")
    print("| N | run | feedgen_app (s) | baseline (s) | ratio | peak MB |")
    print("|---:|---|---:|---:|---:|---:|")
    for size in args.sizes:
        rows = bench_size(size, args.runs, args.baseline_runs)
        base = rows[-1][1]
        for name, seconds, peak in rows[:-1]:
            ratio = seconds / base
            print(f"| {size:,} | {name} | {seconds:.3f} | {base:.2f} | {ratio:.3f} | {peak} |")
        print(f"| {size:,} | baseline | | {base:.2f} | 1 | {rows[-1][2]} |", flush=True)


if __name__ == "__main__":
    main()
