"""What a Zola site's `config.toml` says, as our settings."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from feedgen_app.errors import ConfigError, Problem, SourceRef
from feedgen_app.sites.common import SiteSettings, author_of, join_url


def read_zola(root: Path, config_file: Path) -> SiteSettings:
    try:
        config = tomllib.loads(config_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        where = SourceRef(str(config_file))
        raise ConfigError([Problem(where, f"cannot read the site config: {exc}")]) from exc
    extra = config.get("extra") if isinstance(config.get("extra"), dict) else {}
    table: dict[str, Any] = {
        "items": str(root / "content"),
        "generator": "zola",
        "permalink": "/{path}/",
        "site": extra,
    }
    url = join_url(config.get("base_url"))
    if url:
        table["site_url"] = url
    for ours, theirs in (("title", "title"), ("description", "description")):
        if isinstance(config.get(theirs), str):
            table[ours] = config[theirs]
    if isinstance(config.get("default_language"), str):
        table["language"] = config["default_language"]
    author = author_of(config.get("author"))
    if author is not None:
        table["author"] = author
    return SiteSettings("Zola", config_file, table, _feeds(config, table))


def _feeds(config: dict[str, Any], table: dict[str, Any]) -> tuple[str, ...]:
    """Zola's `feed_filenames` (`atom.xml`, `rss.xml`; older `feed_filename`), `feed_limit`
    (default: all) and taxonomy feeds (`{name = "tags", feed = true}`)."""
    names = config.get("feed_filenames") or [config.get("feed_filename") or "atom.xml"]
    formats = {"atom.xml": "atom", "rss.xml": "rss"}
    table["feeds"] = {formats[name]: name for name in names if name in formats} or {
        "atom": "atom.xml"
    }
    limit = config.get("feed_limit")
    table["item_limit"] = limit if isinstance(limit, int) and limit > 0 else 0
    taxonomies = config.get("taxonomies")
    table["tag_feeds"] = isinstance(taxonomies, list) and any(
        isinstance(t, dict) and t.get("name") == "tags" and t.get("feed") for t in taxonomies
    )
    if config.get("generate_feeds", config.get("generate_feed")):
        return ()
    return ("the site does not publish a feed (generate_feeds = false); writing one anyway",)
