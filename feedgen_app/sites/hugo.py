"""What a Hugo site's `hugo.toml` (or `config.toml`, `hugo.yaml`) says, as our settings."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

from feedgen_app.errors import ConfigError, Problem, SourceRef
from feedgen_app.sites.common import SiteSettings, author_of, join_url, load_yaml

_TOKENS = {
    ":year": "{year}",
    ":month": "{month}",
    ":day": "{day}",
    ":slug": "{slug}",
    ":filename": "{slug}",
    ":contentbasename": "{slug}",
}


def read_hugo(root: Path, config_file: Path) -> SiteSettings:
    config = _load(config_file)
    params = config.get("params") if isinstance(config.get("params"), dict) else {}
    assert isinstance(params, dict)
    table: dict[str, Any] = {
        "items": str(root / str(config.get("contentDir") or "content")),
        "generator": "hugo",
        "permalink": "/{path}/",
        "site": params,
    }
    url = join_url(config.get("baseURL") or config.get("baseurl"))
    if url:
        table["site_url"] = url
    if isinstance(config.get("title"), str):
        table["title"] = config["title"]
    description = params.get("description")
    if isinstance(description, str):
        table["description"] = description
    language = config.get("languageCode") or config.get("defaultContentLanguage")
    if isinstance(language, str):
        table["language"] = language
    if isinstance(config.get("timeZone"), str):
        table["timezone"] = config["timeZone"]
    author = author_of(params.get("author") or config.get("author"))
    if author is not None:
        table["author"] = author
    _feeds(config, table)
    notes = _permalink(config, table)
    return SiteSettings("Hugo", config_file, table, notes)


def _feeds(config: dict[str, Any], table: dict[str, Any]) -> None:
    """Hugo's RSS: `index.xml` for the site, each section and each term of a taxonomy (tags by
    default), as many items as `services.rss.limit` (default -1: all)."""
    table["feeds"] = {"rss": "index.xml"}
    table["section_feeds"] = True
    taxonomies = config.get("taxonomies")
    table["tag_feeds"] = not isinstance(taxonomies, dict) or "tags" in taxonomies.values()
    services = config.get("services") if isinstance(config.get("services"), dict) else {}
    rss = services.get("rss") if isinstance(services, dict) else None
    limit = rss.get("limit") if isinstance(rss, dict) else config.get("rssLimit")
    is_count = isinstance(limit, int) and not isinstance(limit, bool) and limit > 0
    table["item_limit"] = limit if is_count else 0


def _permalink(config: dict[str, Any], table: dict[str, Any]) -> tuple[str, ...]:
    """One `[permalinks]` rule can be taken over: ours is one pattern for every article."""
    rules = config.get("permalinks")
    if not isinstance(rules, dict) or not rules:
        return ()
    rules = rules.get("page", rules)  # Hugo 0.120+: [permalinks.page]
    patterns = {str(value) for value in rules.values() if isinstance(value, str)}
    if len(patterns) != 1:
        return (f"[permalinks] has {len(patterns)} patterns; using /{{path}}/ (set permalink)",)
    [hugo] = patterns
    unknown = [t for t in re.findall(r":\w+", hugo) if t not in _TOKENS]
    if unknown:
        return (f"permalink tokens {unknown} are not supported; using /{{path}}/",)
    pattern = hugo
    for token, ours in sorted(_TOKENS.items(), key=lambda item: -len(item[0])):
        pattern = pattern.replace(token, ours)
    table["permalink"] = pattern if pattern.startswith("/") else "/" + pattern
    return ()


def _load(path: Path) -> dict[str, Any]:
    if path.suffix in (".yaml", ".yml"):
        return load_yaml(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ConfigError(
            [Problem(SourceRef(str(path)), f"cannot read the site config: {exc}")]
        ) from exc
    return data if isinstance(data, dict) else {}
