"""What rendering template syntax needs from this build: the settings and every article's URL.

An article's HTML can depend, through `{% link %}`, `{% post_url %}` or `ref`, on other articles'
URLs: those are taken from this build's decisions, never from a cache.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from feedgen_app.config import SiteConfig
from feedgen_app.sites.detect import includes_folder
from feedgen_app.templates import Templating
from feedgen_app.templates.targets import LinkTargets


def templating_for(
    config: SiteConfig, folders: Iterable[str], urls: Callable[[], Iterable[tuple[str, str]]]
) -> Templating:
    """The template settings of this build; `folders` are those of the articles (relative to
    the items folder), `urls()` the (relative path, URL) of every article, asked for only if
    some article can link to others."""
    name = Path(config.items_dir).resolve().name
    templating = Templating(
        generator=config.generator,
        items_name=name,
        site=site_variables(config),
        targets=LinkTargets.of([], name, jekyll_includes(config)),
        excerpt_separator=config.excerpt_separator,
    )
    if not any(templating.syntax_in(folder) in ("jekyll", "hugo") for folder in folders):
        return templating  # nothing links: no index of every article's URL to build
    targets = LinkTargets.of(list(urls()), name, templating.targets.includes)
    return replace(templating, targets=targets, linking=True)


def site_variables(config: SiteConfig) -> dict[str, object]:
    """`site.*` as Jekyll has it (`url` + `baseurl` make `site_url`), then the `[site]` table."""
    parts = urlsplit(config.site_url)
    author = config.authors[0].name if config.authors else None
    return {
        "url": f"{parts.scheme}://{parts.netloc}",
        "baseurl": parts.path.rstrip("/"),
        "title": config.title,
        "description": config.description,
        "author": author,
        "lang": config.language,
        **config.site_variables,
    }


def jekyll_includes(config: SiteConfig) -> dict[str, str]:
    """The `_includes` files of the Jekyll site around a `_posts` folder, by name."""
    folder = includes_folder(config)
    if folder is None:
        return {}
    files = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            try:
                files[path.relative_to(folder).as_posix()] = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue  # not a text include: `{% include %}` of it says it is missing
    return files
