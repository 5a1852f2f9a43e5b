"""Where a build's time goes: one build of a benchmark corpus under cProfile, in one process.

    .venv/bin/python bench/hotspots.py markdown 10000 cold
    .venv/bin/python bench/hotspots.py family 10000 cold --settings family.toml
    .venv/bin/python bench/hotspots.py markdown 10000 edit

The corpus is run.py's (bench/.corpus/KIND-N, generated when missing). `cold` removes the cache
and the output first; `edit` builds untimed after an edit of the newest article, then edits it
again. The build runs in this process with the worker pools off (os.cpu_count() is 1 during
it), so that cProfile sees the parsing and rendering too. Its clock is CPU time
(time.process_time), not the wall clock, which other work on the machine inflates: the shares
are those of a build's CPU time, not of its wall clock on two cores. Prints the functions with
the most cumulative and the most own time, and saves the profile to bench/.corpus/KIND-N.prof
(for snakeviz or pstats); with --stages, the CPU time of each stage instead (stages.py).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import subprocess
import sys
import time
from collections.abc import Callable

import stages
from run import BUILD, Site, corpus


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("kind", choices=["markdown", "family", "mixed"])
    parser.add_argument("size", type=int)
    parser.add_argument("run", choices=["cold", "edit"])
    parser.add_argument("--settings", default="site.toml")
    parser.add_argument("--top", type=int, default=35)
    parser.add_argument(
        "--stages", action="store_true", help="CPU time per stage (stages.py) instead of cProfile"
    )
    args = parser.parse_args()
    site = Site(corpus(args.kind, args.size), args.settings)
    if args.run == "cold":
        site.clean(0)
    else:  # as in run.py's edit runs: the build before was an edit's too
        site.restore()
        site.settle()
        site.edit(1)
        site.settle()
        site.edit(2)
    os.chdir(site.site)
    os.cpu_count = lambda: 1
    from feedgen_app.cli import main as cli  # noqa: PLC0415 - imports are part of the profile

    if args.stages:
        timed_stages(site, cli, [*BUILD[3:], args.settings])
        return
    profile = cProfile.Profile(time.process_time)
    started = time.process_time()
    with open(os.devnull, "w") as sys.stdout:
        profile.runcall(cli, [*BUILD[3:], args.settings])
    sys.stdout = sys.__stdout__
    print(f"CPU {time.process_time() - started:.2f} s (under cProfile)")
    site.restore()
    subprocess.run([*BUILD, args.settings], cwd=site.site, stdout=subprocess.DEVNULL, check=True)
    saved = site.site.with_suffix(".prof")
    profile.dump_stats(saved)
    stats = pstats.Stats(profile).strip_dirs()
    stats.sort_stats("cumulative").print_stats(args.top)
    stats.sort_stats("tottime").print_stats(args.top)
    print(f"saved {saved}")


def timed_stages(site: Site, cli: Callable[[list[str]], int], argv: list[str]) -> None:
    for name in stages.install():
        print(f"not timed (the package has no {name})")
    with open(os.devnull, "w") as sys.stdout:
        cli(argv)
    sys.stdout = sys.__stdout__
    stages.report(time.process_time())
    site.restore()
    subprocess.run([*BUILD, argv[-1]], cwd=site.site, stdout=subprocess.DEVNULL, check=True)


if __name__ == "__main__":
    main()
