"""`build --site DIR`: settings from the site's own config, ours (when present) overriding.

Folders the site's config names (the content folder) are the site's; the output and cache
folders are ours (beside our settings file, else the current folder), so nothing is written into
the site unless a date had to be inferred (the date record, in the items folder).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from feedgen_app.config import LoadedConfig, read_settings_table, settings_from_table
from feedgen_app.errors import ConfigError, Problem, SourceRef, warning
from feedgen_app.sites.common import SiteSettings
from feedgen_app.sites.detect import generator_of
from feedgen_app.sites.hugo import read_hugo
from feedgen_app.sites.jekyll import read_jekyll
from feedgen_app.sites.zola import read_zola

READERS: dict[str, Callable[[Path, Path], SiteSettings]] = {
    "jekyll": read_jekyll,
    "hugo": read_hugo,
    "zola": read_zola,
}


def load_site(root: Path, given: Path | None) -> tuple[LoadedConfig, str]:
    """The settings for the site at `root`, and a line saying what was detected. Ours: `given`
    (--config), else a `feedgen.toml` here or at the site's root, if any."""
    candidates = [Path("feedgen.toml"), root / "feedgen.toml"]
    ours = given or next((path for path in candidates if path.is_file()), None)
    generator, config_file = generator_of(root)
    if generator == "none" or config_file is None:
        message = (
            "not a Jekyll (_config.yml), Hugo (hugo.toml, or config.toml with baseURL) or "
            "Zola (config.toml with base_url) site"
        )
        raise ConfigError([Problem(SourceRef(str(root)), message)])
    site = READERS[generator](root, config_file)
    table: dict[str, Any] = {**FOR_EXISTING_SITES, **site.table}
    text, ref, base = "", SourceRef(str(config_file)), Path()
    if ours is not None:
        our_table, text = read_settings_table(ours)
        ref, base = SourceRef(str(ours)), ours.parent
        variables = {**table.get("site", {}), **our_table.get("site", {})}
        table = {**table, **our_table, "site": variables}
    loaded = settings_from_table(table, text, ref, base)
    notes = tuple(warning(SourceRef(str(config_file)), note) for note in site.notes)
    return LoadedConfig(loaded.config, notes + loaded.warnings), _summary(site, ours, table)


FOR_EXISTING_SITES = {"subscribe_page": "", "feed_stylesheet": ""}
"""An existing site has its own pages and styles, and its feeds go beside them: no `index.html`
or `feed.css` of ours unless its feedgen.toml asks for them."""

_SAID = ("title", "site_url", "description", "author", "language", "timezone", "permalink", "feeds")
"""The settings the summary says were taken from the site."""


def _summary(site: SiteSettings, ours: Path | None, table: dict[str, Any]) -> str:
    taken = [key for key in _SAID if key in site.table]
    line = f"detected a {site.generator} site: {site.config_file} gives {', '.join(taken)}"
    line += f"; articles from {table['items']}"
    if ours is not None:
        line += f"; {ours} overrides"
    return line
