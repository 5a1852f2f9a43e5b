"""Which generator a site folder belongs to, from the config file each one keeps at its root.

Jekyll: `_config.yml` (or `.yaml`). Hugo: `hugo.toml`/`.yaml`/`.json`, or a `config.toml` with
`baseURL`. Zola: a `config.toml` with `base_url`.
"""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Literal

from feedgen_app.config import SiteConfig

Generator = Literal["none", "jekyll", "hugo", "zola"]

JEKYLL_CONFIGS = ("_config.yml", "_config.yaml")
HUGO_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json")


def generator_of(root: Path) -> tuple[Generator, Path | None]:
    """(generator, its config file) of the site whose root is `root`; ("none", None) if none."""
    for name in JEKYLL_CONFIGS:
        if (root / name).is_file():
            return "jekyll", root / name
    for name in HUGO_CONFIGS:
        if (root / name).is_file():
            return "hugo", root / name
    config = root / "config.toml"
    if config.is_file():
        try:
            document = tomllib.loads(config.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return "none", None
        if "base_url" in document:
            return "zola", config
        if "baseURL" in document or "baseurl" in document:
            return "hugo", config
    return "none", None


def generator_around(items_dir: Path) -> Generator:
    """The generator of the site that holds the items folder (`_posts/`, `content/posts/`)."""
    folder = items_dir.resolve()
    for root in (folder.parent, folder.parent.parent):
        generator, _ = generator_of(root)
        if generator != "none":
            return generator
    return "none"


def includes_folder(config: SiteConfig) -> Path | None:
    """The `_includes` folder of the Jekyll site around a `_posts` folder, if there is one."""
    folder = Path(config.items_dir).resolve().parent / "_includes"
    usable = config.generator in ("auto", "jekyll") and folder.is_dir()
    return folder if usable else None


def includes_state(config: SiteConfig) -> str:
    """What `stat` says of every `_includes` file: part of a build's fingerprint, since posts
    render them."""
    folder = includes_folder(config)
    if folder is None:
        return ""
    files = sorted(path for path in folder.rglob("*") if path.is_file())
    return repr([(str(path), path.stat().st_size, path.stat().st_mtime_ns) for path in files])


def with_site_generator(config: SiteConfig) -> SiteConfig:
    """`generator = "auto"` made concrete for a Hugo or Zola site around the items folder
    (for Jekyll, `auto` already means Liquid in `_posts` and `_drafts`)."""
    if config.generator != "auto":
        return config
    detected = generator_around(config.items_dir)
    return replace(config, generator=detected) if detected in ("hugo", "zola") else config
