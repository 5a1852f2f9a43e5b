"""Timing one command in a fresh process: wall clock, CPU time and peak memory from `os.wait4`."""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    seconds: float
    """Wall clock."""
    cpu: float
    """User + system CPU seconds of the process and the workers it waited for."""
    peak_mb: int
    """Largest maximum resident set size of the process or one of its workers."""
    wrote: int
    """`wrote ...` lines it printed: the feed files it rewrote."""


@dataclass(frozen=True)
class Row:
    seconds: float
    """Median wall clock."""
    cpu: float
    """Median CPU seconds."""
    peak_mb: int
    """Largest peak over the runs."""
    wrote: int
    """Files written in the last run."""
    runs: int


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run `command` once in `cwd` (with the environment `env`, else this one's); exit with its
    messages if it fails."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{err.read().decode()}")
        wrote = sum(line.startswith(b"wrote ") for line in out)
    cpu = usage.ru_utime + usage.ru_stime
    return Run(elapsed, cpu, usage.ru_maxrss // 1024, wrote)


def measure(
    runs: int, prepare: Callable[[int], None], command: list[str], cwd: Path, warm_up: bool = True
) -> Row:
    """Medians over `runs` runs (after one warm-up run unless told otherwise); `prepare(i)` runs
    untimed before each."""
    results = []
    for run in range(runs + warm_up):
        prepare(run)
        results.append(timed(command, cwd))
    kept = results[1:] if warm_up else results
    return Row(
        statistics.median(r.seconds for r in kept),
        statistics.median(r.cpu for r in kept),
        max(r.peak_mb for r in kept),
        kept[-1].wrote,
        len(kept),
    )
