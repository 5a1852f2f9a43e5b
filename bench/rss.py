"""One build in a fresh process, its resident size sampled: where in the build the memory goes.

    .venv/bin/python bench/rss.py SITE family.toml cold            # no cache, no output
    .venv/bin/python bench/rss.py SITE family.toml nothing         # nothing changed
    .venv/bin/python bench/rss.py SITE family.toml edit            # the newest article edited
    .venv/bin/python bench/rss.py SITE family.toml cold --code /tmp/export   # another commit

SITE holds `items/` and the settings file. `--code`: a folder holding the `feedgen_app` package
to run (`git archive COMMIT feedgen_app | tar -x -C DIR`), else this checkout's. An edit replaces
the newest article with a new file (its first bytes kept in SITE/newest.orig), so a corpus
hard-linked from bench/.corpus stays untouched. Prints the wall clock, the CPU time (user +
system of the build and its children), the largest resident size of the build process and of its
children (`/proc/PID/status` every 20 ms for 10 s, then every 200 ms) and of any of them
(`ru_maxrss`), the load average, and the build's progress lines with the resident size then.
"""

from __future__ import annotations

import argparse
import os
import pty
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("site", type=Path)
    parser.add_argument("settings")
    parser.add_argument("run", choices=["cold", "nothing", "edit"])
    parser.add_argument("--code", type=Path, default=HERE)
    args = parser.parse_args()
    prepare(args.site, args.run)
    load = os.getloadavg()
    started = time.monotonic()
    build = [sys.executable, "-m", "feedgen_app", "build", "--config", args.settings]
    terminal, stderr = pty.openpty()  # the progress lines are shown on a terminal only
    env = dict(os.environ, PYTHONPATH=str(args.code.resolve()))
    process = subprocess.Popen(
        build, cwd=args.site, env=env, stdout=subprocess.DEVNULL, stderr=stderr
    )
    os.close(stderr)
    lines: list[tuple[float, str]] = []
    reader = threading.Thread(target=read_lines, args=(terminal, started, lines))
    reader.start()
    main_rss, child_rss = sample(process, started)
    reader.join()
    wall = time.monotonic() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        f"{args.run}: exit {process.returncode}, wall {wall:.2f} s, "
        f"CPU {usage.ru_utime + usage.ru_stime:.2f} s, peak of any {usage.ru_maxrss // 1024} MB, "
        f"build process {max(main_rss, default=(0, 0))[0]} MB, "
        f"children {max(child_rss, default=(0, 0))[0]} MB, "
        f"load average {load[0]:.2f} → {os.getloadavg()[0]:.2f}"
    )
    for at, line in lines:
        resident = max((mb for mb, when in main_rss if when <= at), default=0)
        print(f"  {at:7.1f} s  {resident:4d} MB so far  {line[:90]}")


def prepare(site: Path, run: str) -> None:
    if run == "cold":
        shutil.rmtree(site / ".feedgen-cache", ignore_errors=True)
        shutil.rmtree(site / "build", ignore_errors=True)
    elif run == "edit":
        newest = sorted((site / "items").glob("*.md"))[-1]
        original = site / "newest.orig"
        if not original.exists():
            shutil.copyfile(newest, original)
        data = original.read_bytes() + f"\nEdit at {time.time()}.\n".encode()
        newest.unlink()  # a new file: a hard link to the corpus is not written through
        newest.write_bytes(data)


def sample(
    process: subprocess.Popen[bytes], started: float
) -> tuple[list[tuple[int, float]], list[tuple[int, float]]]:
    """(MB, seconds) of the build process and of its children, until it ends."""
    main_rss: list[tuple[int, float]] = []
    child_rss: list[tuple[int, float]] = []
    while process.poll() is None:
        at = time.monotonic() - started
        children = _read(f"/proc/{process.pid}/task/{process.pid}/children").split()
        child_rss += [(_resident(int(child)), at) for child in children]
        main_rss.append((_resident(process.pid), at))
        time.sleep(0.02 if at < 10 else 0.2)
    return main_rss, child_rss


def read_lines(terminal: int, started: float, lines: list[tuple[float, str]]) -> None:
    """The progress lines, each kind once (as it first shows), with the time it showed."""
    last = b""
    while True:
        try:
            chunk = os.read(terminal, 65536)
        except OSError:  # the build ended
            return
        if not chunk:
            return
        for part in re.split(rb"[\r\n]", chunk.replace(b"\x1b[K", b"")):
            kind = re.sub(rb"[0-9,]+", b"#", part.strip())
            if kind and kind != last:
                lines.append((time.monotonic() - started, part.strip().decode(errors="replace")))
                last = kind


def _resident(pid: int) -> int:
    found = re.search(r"VmRSS:\s+(\d+)", _read(f"/proc/{pid}/status"))
    return int(found.group(1)) // 1024 if found else 0


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as file:
            return file.read()
    except OSError:  # gone meanwhile
        return ""


if __name__ == "__main__":
    main()
