"""What the site readers share: their result, and reading values the generators' way."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from feedgen_app.errors import ConfigError, Problem, SourceRef


@dataclass(frozen=True)
class SiteSettings:
    """Our settings as a site's own config gives them."""

    generator: str
    """`Jekyll`, `Hugo` or `Zola`, for the summary."""
    config_file: Path
    table: dict[str, Any]
    """Keys of our settings (`title`, `site_url`, `items`, …)."""
    notes: tuple[str, ...] = ()
    """What could not be taken over (a warning each)."""


def load_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(
            [Problem(SourceRef(str(path)), f"cannot read the site config: {exc}")]
        ) from exc
    return data if isinstance(data, dict) else {}


def join_url(url: object, base: object = "") -> str | None:
    """`url` + `baseurl` as one site URL ending in `/`, or None."""
    if not isinstance(url, str) or not url.strip():
        return None
    path = base.strip("/") if isinstance(base, str) else ""
    return url.rstrip("/") + "/" + (path + "/" if path else "")


def author_of(value: object) -> str | dict[str, str] | None:
    """A config `author` as our `author` setting: a name, or {name, email, uri}."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        fields = {"name": value["name"], "email": value.get("email"), "uri": value.get("uri")}
        return {key: item for key, item in fields.items() if isinstance(item, str)}
    return None
