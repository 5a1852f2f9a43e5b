"""The baseline: what a straightforward python-feedgen script does with the same folder.

It parses every file (YAML/TOML front matter, or the plain-text headers), renders every body
with the same Markdown renderer (cmark-gfm, through cmarkgfm), sorts, and writes one Atom feed of
the newest 50 with python-feedgen. No cache, no laziness, one core.

    python bench/baseline.py ITEMS_DIR OUT_FILE
"""

from __future__ import annotations

import html
import sys
import tomllib
from datetime import datetime
from pathlib import Path

import yaml
from cmarkgfm import markdown_to_html
from feedgen.feed import FeedGenerator


def read(path: Path) -> tuple[datetime, str, str, str]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".txt":
        head, _, body = text.partition("\n\n")
        meta = dict(line.split(": ", 1) for line in head.splitlines())
        paragraphs = [p for p in body.split("\n\n") if p.strip()]
        content = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        return datetime.fromisoformat(meta["Date"]), meta["Title"], path.stem, content
    fence = text[:3]
    _, front, body = text.split(f"{fence}\n", 2)
    meta = yaml.safe_load(front) if fence == "---" else tomllib.loads(front)
    date = (
        meta["date"] if isinstance(meta["date"], datetime) else datetime.fromisoformat(meta["date"])
    )
    return date, meta["title"], path.stem, str(markdown_to_html(body))


def main(items: Path, out: Path) -> None:
    articles = [read(path) for path in sorted(items.iterdir())]
    articles.sort(reverse=True)
    feed = FeedGenerator()
    feed.id("https://bench.example.org/")
    feed.title("Baseline")
    feed.author(name="Bench")
    feed.link(href="https://bench.example.org/", rel="alternate")
    for date, title, slug, content in articles[:50]:
        entry = feed.add_entry(order="append")
        entry.id(f"https://bench.example.org/{slug}/")
        entry.title(title)
        entry.updated(date)
        entry.content(content, type="html")
    feed.atom_file(str(out))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
