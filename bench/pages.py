"""Saved web pages for the benchmark: N pages of about 100 KB, and a timed cold build of them.

    .venv/bin/python bench/pages.py                  # 1,000 pages: generate, build cold 3 times
    .venv/bin/python bench/pages.py --count 200 --runs 1 --profile 30

The pages are written (once, deterministically) to bench/.corpus/pages-N/items (git-ignored) in
the shapes of news sites and blogs: a news article with JSON-LD, Open Graph, a cookie banner and
an advertisement; a blog post with Open Graph only; a bare page with `<title>` and paragraphs.
Each carries what makes real saved pages heavy: inline styles and scripts (state and analytics),
a navigation menu of a few hundred links, related articles, comments and a footer, around an
article of 3 to 8 KB of text. `--profile K` also builds once in this process under cProfile and
prints the K functions with the most cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from subprocess import DEVNULL

from corpus import WORDS, sentence

BENCH = Path(__file__).resolve().parent
SETTINGS = 'title = "Pages"\nsite_url = "https://bench.example.org/"\n'
TARGET_SIZE = 100_000
START = datetime(2020, 1, 1, tzinfo=UTC)


def paragraphs(rng: random.Random, size: int) -> list[str]:
    found: list[str] = []
    while sum(map(len, found)) < size:
        words = " ".join(sentence(rng, rng.randint(10, 24)) for _ in range(rng.randint(3, 6)))
        found.append(f"<p>{words} See <a href='/story/{rng.randint(1, 9999)}'>more</a>.</p>")
    return found


def chrome_links(rng: random.Random, count: int, prefix: str) -> str:
    items = (
        f"<li><a href='/{prefix}/{rng.randint(1, 99999)}'>{sentence(rng, rng.randint(2, 7))}</a>"
        "</li>"
        for _ in range(count)
    )
    return f"<ul class='{prefix}'>{''.join(items)}</ul>"


def inline_state(rng: random.Random, size: int) -> str:
    """A `window.__STATE__ = {...}` script, as single-page sites embed."""
    state = {
        f"item{n}": {"id": rng.randint(1, 10**9), "label": sentence(rng, 5), "ok": n % 2 == 0}
        for n in range(size // 80)
    }
    return f"<script>window.__STATE__ = {json.dumps(state)};</script>"


def head(number: int, rng: random.Random, title: str, date: datetime) -> str:
    url = f"https://site{number % 7}.example.com/{date:%Y/%m}/story-{number}"
    shape = number % 3
    meta = [f"<title>{title} | Site {number % 7}</title>", f"<link rel='canonical' href='{url}'>"]
    if shape in (0, 1):
        meta += [
            f"<meta property='og:title' content='{title}'>",
            f"<meta property='og:site_name' content='Site {number % 7}'>",
            f"<meta property='og:image' content='/img/{number}.jpg'>",
            f"<meta property='article:published_time' content='{date.isoformat()}'>",
        ]
    if shape == 0:
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": title,
            "datePublished": date.isoformat(),
            "author": {"@type": "Person", "name": f"Writer {number % 23}"},
            "keywords": rng.sample(WORDS, 3),
        }
        meta.append(f"<script type='application/ld+json'>{json.dumps(ld)}</script>")
    style = "<style>" + "".join(f".c{n}{{margin:{n}px}}" for n in range(900)) + "</style>"
    return f"<head><meta charset='utf-8'>{''.join(meta)}{style}</head>"


def page(number: int) -> str:
    rng = random.Random(number)
    date = START + timedelta(hours=number * 7 + rng.randint(0, 5))
    title = sentence(rng, rng.randint(5, 10))[:-1]
    article = "".join(paragraphs(rng, rng.randint(3000, 8000)))
    comments = "".join(
        f"<div class='comment'><p>{sentence(rng, rng.randint(8, 30))}</p></div>" for _ in range(25)
    )
    body = (
        "<div id='cookie-banner'><p>We use cookies to improve your experience.</p>"
        "<button>Accept all</button></div>"
        f"<header><nav>{chrome_links(rng, 250, 'menu')}</nav></header>"
        f"<main><article><h1>{title}</h1>{article}</article>"
        f"<aside class='related'><h2>Related</h2>{chrome_links(rng, 30, 'related')}</aside>"
        f"<div class='advertisement'><p>{sentence(rng, 12)}</p></div>"
        f"<section id='comments'>{comments}</section></main>"
        f"<footer>{chrome_links(rng, 60, 'footer')}</footer>"
    )
    text = f"<!DOCTYPE html><html lang='en'>{head(number, rng, title, date)}<body>{body}"
    padding = TARGET_SIZE - len(text) - len("</body></html>")
    return text + (inline_state(rng, padding) if padding > 200 else "") + "</body></html>"


def generate(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (folder / f"{number:05d}-page.html").write_text(page(number), encoding="utf-8")


def cold_build(site: Path) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds of the build and its workers) of a cold build."""
    shutil.rmtree(site / ".feedgen-cache", ignore_errors=True)
    shutil.rmtree(site / "build", ignore_errors=True)
    command = [sys.executable, "-m", "feedgen_app", "build", "--config", "site.toml"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, cwd=site, check=True, stdout=subprocess.DEVNULL, stderr=DEVNULL)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return elapsed, cpu


def profile(site: Path, top: int) -> None:
    from feedgen_app.cli import main  # noqa: PLC0415 - after the corpus exists

    shutil.rmtree(site / ".feedgen-cache", ignore_errors=True)
    shutil.rmtree(site / "build", ignore_errors=True)
    profiler = cProfile.Profile()
    profiler.runcall(main, ["build", "--config", str(site / "site.toml")])
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", type=int, default=0, metavar="K")
    args = parser.parse_args()
    site = BENCH / ".corpus" / f"pages-{args.count}"
    if not (site / "items").is_dir():
        generate(site / "items", args.count)
    (site / "site.toml").write_text(SETTINGS, encoding="utf-8")
    sizes = [path.stat().st_size for path in (site / "items").glob("*.html")]
    print(f"{len(sizes):,} pages, {statistics.mean(sizes) / 1000:.0f} KB on average")
    runs = [cold_build(site) for _ in range(args.runs)]
    if runs:
        wall = statistics.median(seconds for seconds, _ in runs)
        cpu = statistics.median(seconds for _, seconds in runs)
        print(f"cold build: median {wall:.2f} s wall clock, {cpu:.2f} s CPU, of {len(runs)} runs")
    if args.profile:
        profile(site, args.profile)


if __name__ == "__main__":
    main()
