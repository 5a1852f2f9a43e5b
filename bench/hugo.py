"""Hugo on the same corpus: a site whose content/posts/ holds the benchmark's articles.

The site has no layouts of its own, so Hugo renders only its built-in RSS template (it warns
about the missing HTML layouts and writes no HTML pages): every file read and parsed, the pages
sorted, and an RSS feed of the newest 50 for the home page and the posts section, plus one per
taxonomy term when `taxonomies` is on (tags and authors, the feed family's counterpart).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

LIMIT = 50
"""Newest articles per feed, as in feedgen_app's default `item_limit`."""


def available() -> str | None:
    """Hugo's version line, or None (with a message) when it is not installed."""
    if shutil.which("hugo") is None:
        print("hugo is not installed: its rows are skipped (apt-get install -y hugo)")
        return None
    done = subprocess.run(["hugo", "version"], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def config(taxonomies: bool) -> str:
    """hugo.toml: `[services.rss] limit` is the setting since Hugo 0.114; `rssLimit` before it
    (Debian 12 ships 0.111). Without `taxonomies`, no taxonomy or term pages (nor their feeds)."""
    text = (
        'baseURL = "https://bench.example.org/"\ntitle = "Bench"\n'
        f"rssLimit = {LIMIT}\n"
        'disableKinds = ["sitemap", "robotsTXT", "404"'
        + ("]\n" if taxonomies else ', "taxonomy", "term"]\n')
        + f"[services.rss]\nlimit = {LIMIT}\n"
    )
    if taxonomies:
        text += '[taxonomies]\ntag = "tags"\nwriter = "author"\n'
    return text


def site(items: Path, folder: Path, taxonomies: bool) -> Path:
    """A Hugo site in `folder` whose content/posts/ holds hard links to the files of `items`
    (so an edit of an article is Hugo's edit too); made once per corpus."""
    posts = folder / "content" / "posts"
    if not posts.is_dir():
        posts.mkdir(parents=True)
        for path in sorted(items.iterdir()):
            os.link(path, posts / path.name)
    (folder / "hugo.toml").write_text(config(taxonomies), encoding="utf-8")
    return folder


def command(folder: Path) -> list[str]:
    """A full Hugo build of the site in `folder`, into its `public/`, emptied first."""
    return [
        "hugo",
        "--quiet",
        "--source",
        str(folder),
        "--cleanDestinationDir",
        "--config",
        "hugo.toml",
    ]
