"""What a Jekyll site's `_config.yml` says, as our settings (jekyll-feed's ids and rules)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from feedgen_app.sites.common import SiteSettings, author_of, join_url, load_yaml

# Jekyll's named permalink styles.
_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "none": "/:categories/:title:output_ext",
}
_TOKENS = {
    ":year": "{year}",
    ":month": "{month}",
    ":day": "{day}",
    ":title": "{slug}",
    ":slug": "{slug}",
    ":output_ext": ".html",
    ":categories": "{categories}",
}


def read_jekyll(root: Path, config_file: Path) -> SiteSettings:
    config = load_yaml(config_file)
    table: dict[str, Any] = {
        "items": str(root / "_posts"),
        "generator": "jekyll",
        "id_style": "jekyll-feed",
        "site": {key: value for key, value in config.items() if _plain(value)},
    }
    url = join_url(config.get("url"), config.get("baseurl"))
    if url:
        table["site_url"] = url
    for ours, theirs in (("title", "title"), ("description", "description")):
        if isinstance(config.get(theirs), str):
            table[ours] = config[theirs]
    if isinstance(config.get("lang"), str):
        table["language"] = config["lang"]
    if isinstance(config.get("timezone"), str):
        table["timezone"] = config["timezone"]
    if isinstance(config.get("excerpt_separator"), str):
        table["excerpt_separator"] = config["excerpt_separator"]
    author = author_of(config.get("author"))
    if author is not None:
        table["author"] = author
    notes = list(_feed_plugin(config, table))
    permalink, unknown = permalink_pattern(_posts_permalink(config))
    table["permalink"] = permalink
    if unknown:
        notes.append(f"permalink tokens {unknown} are not supported; using {permalink}")
    return SiteSettings("Jekyll", config_file, table, tuple(notes))


def _feed_plugin(config: dict[str, Any], table: dict[str, Any]) -> list[str]:
    """jekyll-feed's file (`feed.path`, default `feed.xml`, Atom) and `posts_limit` (10)."""
    feed = config.get("feed") if isinstance(config.get("feed"), dict) else {}
    assert isinstance(feed, dict)
    path = feed.get("path")
    table["feeds"] = {"atom": path.lstrip("/") if isinstance(path, str) else "feed.xml"}
    limit = feed.get("posts_limit")
    table["item_limit"] = limit if isinstance(limit, int) and not isinstance(limit, bool) else 10
    return [
        f"jekyll-feed's feed.{key} feeds are not written (tag and section feeds: tag_feeds, …)"
        for key in ("categories", "tags", "collections")
        if feed.get(key)
    ]


def _posts_permalink(config: dict[str, Any]) -> str:
    collections = config.get("collections")
    if isinstance(collections, dict):
        posts = collections.get("posts")
        if isinstance(posts, dict) and isinstance(posts.get("permalink"), str):
            return str(posts["permalink"])
    permalink = config.get("permalink")
    return permalink if isinstance(permalink, str) else "date"


def permalink_pattern(jekyll: str) -> tuple[str, list[str]]:
    """Jekyll's permalink (a style name or a pattern with `:year`…) as our pattern, and the
    tokens we cannot fill."""
    pattern = _STYLES.get(jekyll, jekyll)
    unknown = [token for token in re.findall(r":\w+", pattern) if token not in _TOKENS]
    if unknown:
        return "/{categories}/{year}/{month}/{day}/{slug}.html", unknown
    for token, ours in sorted(_TOKENS.items(), key=lambda item: -len(item[0])):
        pattern = pattern.replace(token, ours)
    pattern = re.sub(r"/{2,}", "/", pattern)
    return pattern if pattern.startswith("/") else "/" + pattern, []


def _plain(value: object) -> bool:
    """Values fit for `site.*` in a TOML-like table (no dates or odd YAML types)."""
    if isinstance(value, dict):
        return all(_plain(item) for item in value.values())
    if isinstance(value, list):
        return all(_plain(item) for item in value)
    return isinstance(value, str | int | float | bool)
