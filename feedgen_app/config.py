"""Site settings: read once from TOML, validated at the boundary, passed down explicitly.

The same keys are read from `[tool.feedgen_app]` of a `pyproject.toml` or from the top level of a
standalone TOML file (`feedgen-app build --config site.toml`).
"""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from feedgen_app.errors import ConfigError, Problem, SourceRef, warning
from feedgen_app.formats import FORMATS
from feedgen_app.formats.podcast import read_podcast
from feedgen_app.model import Author, Podcast
from feedgen_app.toml_errors import toml_error_location
from feedgen_app.urls import DEFAULT_PORTS, http_url_problem, origin
from feedgen_app.values import author, language_tag_problem, text_problem

DEFAULT_CHROME_LINES = (
    "Latest news",
    "Top stories",
    "Breaking news",
    "See all",
    "See more",
    "Read more",
    "More news",
    "Related articles",
    "Related",
    "Share",
    "Share this article",
    "Advertisement",
    "Subscribe",
    "Back to top",
)

GENERATORS = ("auto", "none", "jekyll", "hugo", "zola")
ID_STYLES = ("url", "jekyll-feed")


def _default_feeds() -> dict[str, str]:
    return {name: fmt.default_file for name, fmt in FORMATS.items()}


@dataclass(frozen=True)
class SiteConfig:
    title: str
    """Feed title."""
    site_url: str
    """Public URL of the site, ending in `/`: the feeds' alternate link, the base of all URLs."""
    description: str = ""
    """Feed subtitle (Atom) and channel description (RSS); the title when empty."""
    authors: tuple[Author, ...] = ()
    """Feed author(s), used for articles that name none."""
    language: str | None = None
    """Language tag of the feeds (`en`, `de-CH`)."""
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    """Zone applied to dates written without one."""
    item_limit: int = 50
    """Newest articles per feed; 0 publishes all."""
    permalink: str = "/{path}/"
    """Article URL pattern: `{path}`, `{slug}`, `{year}`, `{month}`, `{day}`."""
    feeds: Mapping[str, str] = field(default_factory=_default_feeds)
    """Format name to file name: every feed folder (the site's, each tag's, ...) gets these."""
    tag_feeds: bool = False
    """A feed per tag, in `tags/{tag-slug}/`."""
    author_feeds: bool = False
    """A feed per author, in `authors/{author-slug}/`."""
    section_feeds: bool = False
    """A feed per first-level folder of the items folder that holds articles, in `{section}/`."""
    archive: bool = False
    """RFC 5005 archive pages for every feed, in `archive/{n}/` beside its files."""
    archive_page_size: int = 50
    """Articles per archive page."""
    chrome_lines: tuple[str, ...] = DEFAULT_CHROME_LINES
    """Lines of page chrome dropped from the edges of plain-text articles (case-insensitive)."""
    learn_chrome: bool = True
    """Also drop lines found at the edges of many plain-text articles in the same folder."""
    subscribe_page: str = "index.html"
    """File name of the page for people in every feed folder (title, newest articles, how to
    subscribe); empty: no pages."""
    autodiscovery_snippet: str = ""
    """Path (in the output folder) of a file with the site feeds' `<link rel="alternate">` lines,
    to paste into a site's `<head>`; empty: none."""
    feed_stylesheet: str = "feed.css"
    """Path (in the output folder) of the CSS that Atom and RSS files name in an
    `<?xml-stylesheet?>`, so that a browser shows them readably; empty: none."""
    hubs: tuple[str, ...] = ()
    """WebSub hubs (`hub = ["https://…"]`): linked from every feed, and told of changed feeds
    by `build --ping` and `ping`."""
    icon: str | None = None
    """URL of a small square image for the feeds (Atom icon, JSON Feed favicon)."""
    logo: str | None = None
    """URL of a larger image for the feeds (Atom logo, RSS image, JSON Feed icon)."""
    podcast: Podcast | None = None
    """The `[podcast]` table: the iTunes tags in RSS."""
    max_file_size: int = 10 * 1_048_576
    """Article files larger than this many bytes are refused."""
    cache_dir: Path = Path(".feedgen-cache")
    """Where parsed articles are cached between builds (never inside the output folder)."""
    items_dir: Path = Path("items")
    """Folder of article files."""
    output_dir: Path = Path("build")
    """Folder the feeds are written to."""
    generator: str = "auto"
    """Whose template syntax article bodies use: `jekyll`, `hugo`, `zola`, `none`; `auto` =
    Jekyll for `_posts`/`_drafts` files, else the site detected around the items folder."""
    id_style: str = "url"
    """Article ids: `url` (the article URL) or `jekyll-feed` (its URL without `.html` or `/`)."""
    excerpt_separator: str | None = None
    """Text that ends an article's summary (Jekyll's setting); `<!--more-->` always does."""
    site_variables: Mapping[str, Any] = field(default_factory=dict)
    """The `[site]` table: user variables for `site.*` in Liquid and Hugo's `param`."""
    source: str = ""
    """Where these settings came from, for messages."""


@dataclass(frozen=True)
class BuildOptions:
    config: SiteConfig
    drafts: bool = False
    """Publish articles marked as drafts."""
    future: bool = False
    """Publish articles dated in the future."""
    strict: bool = False
    """Treat warnings as errors: publish nothing if there are any."""
    skip_invalid: bool = False
    """Publish the valid articles; list the files that could not be read in the report."""
    allow_empty: bool = False
    """Publish feeds with no entries when there is no article (else that is an error)."""


@dataclass(frozen=True)
class LoadedConfig:
    config: SiteConfig
    warnings: tuple[Problem, ...]


def find_settings(path: Path | None) -> LoadedConfig:
    """The settings a command uses: `path` (--config), else feedgen.toml, else pyproject.toml."""
    if path is not None:
        return load_config(path)
    for candidate in (Path("feedgen.toml"), Path("pyproject.toml")):
        if candidate.is_file():
            return load_config(candidate)
    message = "no settings: add [tool.feedgen_app] to pyproject.toml, or pass --config FILE"
    raise ConfigError([Problem(SourceRef("."), message)])


def load_config(path: Path) -> LoadedConfig:
    """Read site settings from `path` (a pyproject.toml or a standalone TOML file)."""
    table, text = read_settings_table(path)
    return settings_from_table(table, text, SourceRef(str(path)), path.parent)


def read_settings_table(path: Path) -> tuple[dict[str, Any], str]:
    """The settings table of `path` (a pyproject.toml or a standalone TOML file) and its text."""
    ref = SourceRef(str(path))
    try:
        text = path.read_text(encoding="utf-8-sig")  # a byte-order mark is harmless
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([Problem(ref, f"cannot read settings: {exc}")]) from exc
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, message = toml_error_location(exc, text)
        raise ConfigError([Problem(ref.at(line), f"not valid TOML: {message}")]) from exc
    if path.name == "pyproject.toml":
        table = document.get("tool", {}).get("feedgen_app")
        if not isinstance(table, dict):
            message = "no [tool.feedgen_app] table (put the site settings there, or use --config)"
            raise ConfigError([Problem(ref, message)])
        return table, text
    return document, text


def settings_from_table(
    table: dict[str, Any], text: str, ref: SourceRef, base: Path
) -> LoadedConfig:
    """Validated settings from a table; `text` and `ref` locate problems, folders are relative
    to `base`."""
    return _SettingsReader(table, text, ref, base).read()


class _SettingsReader:
    """Validates one settings table, collecting every problem before failing."""

    def __init__(self, table: dict[str, Any], text: str, ref: SourceRef, base: Path) -> None:
        self.table, self.text, self.ref, self.base = table, text, ref, base
        self.errors: list[Problem] = []

    def read(self) -> LoadedConfig:
        parsers: dict[str, Callable[[Any], Any]] = {
            "title": _title,
            "site_url": _site_url,
            "description": _text,
            "author": _authors,
            "language": _language,
            "timezone": _zone,
            "item_limit": _limit,
            "permalink": _permalink,
            "feeds": _feeds,
            "tag_feeds": _bool,
            "author_feeds": _bool,
            "section_feeds": _bool,
            "archive": _bool,
            "archive_page_size": _page_size,
            "chrome_lines": _str_list,
            "learn_chrome": _bool,
            "subscribe_page": _page_name,
            "autodiscovery_snippet": _optional_path,
            "feed_stylesheet": _optional_path,
            "hub": _hubs,
            "icon": _image_url,
            "logo": _image_url,
            "podcast": read_podcast,
            "max_file_size": _size,
            "items": _str,
            "output": _str,
            "cache": _str,
            "generator": _one_of(GENERATORS),
            "id_style": _one_of(ID_STYLES),
            "excerpt_separator": _nonempty_str,
            "site": _table,
        }
        values: dict[str, Any] = {}
        for key, raw in self.table.items():
            if key in parsers:
                try:
                    values[key] = parsers[key](raw)
                except ValueError as exc:
                    self.errors.append(Problem(self.where(key), f"{key}: {exc}"))
        for key in ("title", "site_url"):
            if key not in self.table:
                self.errors.append(Problem(self.ref, f"{key}: missing (a required setting)"))
        if self.errors:
            raise ConfigError(self.errors)
        unknown = [key for key in self.table if key not in parsers]
        notes = tuple(
            warning(self.where(k), f"unknown setting {k!r} ignored (known: {', '.join(parsers)})")
            for k in unknown
        )
        return LoadedConfig(self.build(values), notes)

    def build(self, values: dict[str, Any]) -> SiteConfig:
        renamed = {
            "author": "authors",
            "hub": "hubs",
            "items": "items_dir",
            "output": "output_dir",
            "cache": "cache_dir",
            "site": "site_variables",
        }
        kwargs = {renamed.get(key, key): value for key, value in values.items()}
        for key, default in (("items_dir", "items"), ("output_dir", "build")):
            kwargs[key] = self.base / kwargs.get(key, default)
        kwargs["cache_dir"] = self.base / kwargs.get("cache_dir", ".feedgen-cache")
        return SiteConfig(**kwargs, source=self.ref.path)

    def where(self, key: str) -> SourceRef:
        """The line that sets `key` (`key =` or a `[key]` table), for messages."""
        key_pattern = re.escape(key)
        pattern = rf"^\s*(?:{key_pattern}\s*=|\[(?:tool\.feedgen_app\.)?{key_pattern}\])"
        match = re.search(pattern, self.text, re.MULTILINE)
        return self.ref.at(self.text.count("\n", 0, match.start()) + 1) if match else self.ref


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {type(value).__name__}")
    return value


def _one_of(choices: tuple[str, ...]) -> Callable[[object], str]:
    def parse(value: object) -> str:
        if value not in choices:
            raise ValueError(f"{value!r} is not one of {', '.join(map(repr, choices))}")
        return str(value)

    return parse


def _table(value: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError('expected a table such as { repository = "me/blog" }')
    return value


def _nonempty_str(value: object) -> str:
    text = _str(value).strip()
    if not text:
        raise ValueError("must not be empty")
    return text


def _bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError("expected true or false")
    return value


def _page_size(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError("expected a whole number of articles, at least 1")
    return value


def _str_list(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError("expected a list of strings")
    return tuple(value)


def _text(value: object) -> str:
    """A text we publish (description): no control characters XML forbids; may be empty."""
    text = _str(value).strip()
    problem = text_problem(text) if text else None
    if problem is not None:
        raise ValueError(problem)
    return text


def _title(value: object) -> str:
    text = _text(value)
    if not text:
        raise ValueError("must not be empty")
    return text


def _language(value: object) -> str:
    tag = _nonempty_str(value)
    problem = language_tag_problem(tag)
    if problem is not None:
        raise ValueError(f"{tag!r} {problem}")
    return tag


def _site_url(value: object) -> str:
    """The site's URL, scheme and host lower-cased and a default port dropped, ending in /:
    the base of every id, so anything that would leak into all of them is refused."""
    url = _nonempty_str(value)
    problem = http_url_problem(url)
    if problem == "is not an absolute IRI":
        problem = "is not an absolute http(s) URL"
    if problem is not None:
        raise ValueError(f"{url!r} {problem} (e.g. https://example.org/)")
    parts = urlsplit(url)
    if parts.query or parts.fragment or parts.username is not None:
        what = "a user name or password" if parts.username is not None else "a query or fragment"
        raise ValueError(f"{url!r} has {what}; give the site's plain address (https://host/path/)")
    scheme, host, port = origin(parts)
    netloc = host if port == DEFAULT_PORTS.get(scheme) else f"{host}:{port}"
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{scheme}://{netloc}{path}"


def _image_url(value: object) -> str:
    url = _nonempty_str(value)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{url!r} is not an absolute http(s) URL of an image")
    return url


def _hubs(value: object) -> tuple[str, ...]:
    urls = [value] if isinstance(value, str) else value
    if not isinstance(urls, list) or not all(isinstance(url, str) for url in urls):
        raise ValueError('expected a list of hub URLs, e.g. ["https://pubsubhubbub.appspot.com/"]')
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"{url!r} is not an absolute http(s) URL")
    return tuple(dict.fromkeys(urls))


def _authors(value: object) -> tuple[Author, ...]:
    items = value if isinstance(value, list) else [value]
    authors = []
    for item in items:
        if isinstance(item, str) and item.strip():
            authors.append(author(item))
        elif isinstance(item, dict) and "name" in item:
            authors.append(author(item["name"], item.get("email"), item.get("uri")))
        else:
            raise ValueError('expected a name, { name = "…", email = "…", uri = "…" } or a list')
    return tuple(authors)


def _size(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ValueError("expected a number of bytes, e.g. 10485760 for 10 MiB")
    return value


def _zone(value: object) -> ZoneInfo:
    name = _str(value)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(
            f"unknown time zone {name!r} (an IANA name such as Europe/Berlin)"
        ) from exc


def _limit(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError("expected a whole number, 0 for all articles")
    return value


_PLACEHOLDERS = ("path", "slug", "year", "month", "day", "categories")


def _permalink(value: object) -> str:
    pattern = _nonempty_str(value)
    if not pattern.startswith("/") or ".." in pattern.split("/"):
        raise ValueError(f"{pattern!r} must be a path starting with / (e.g. /posts/{{slug}}/)")
    try:
        fields = [item for item in string.Formatter().parse(pattern) if item[1] is not None]
    except ValueError as exc:
        raise ValueError(f"{pattern!r}: {exc} (write {{{{ and }}}} for a brace)") from None
    for _, name, spec, conversion in fields:
        if name not in _PLACEHOLDERS or spec or conversion:
            written = "{" + (name or "") + (f"!{conversion}" if conversion else "")
            written += (f":{spec}" if spec else "") + "}"
            raise ValueError(
                f"{written} in {pattern!r} is not a placeholder; use only "
                + ", ".join(f"{{{known}}}" for known in _PLACEHOLDERS)
            )
    return pattern


def _feeds(value: object) -> dict[str, str]:
    known = ", ".join(FORMATS)
    if not isinstance(value, dict):
        raise ValueError(
            f'expected a table such as {{ atom = "atom.xml", rss = "rss.xml" }} ({known})'
        )
    if not value:
        raise ValueError(f"no formats: name at least one of {known}")
    feeds: dict[str, str] = {}
    for fmt, out in value.items():
        if fmt not in FORMATS:
            raise ValueError(f"unknown feed format {fmt!r} ({known})")
        path = _output_path(_nonempty_str(out))
        twin = next((other for other, known_path in feeds.items() if known_path == path), None)
        if twin is not None:
            raise ValueError(f"{fmt} and {twin} are both {path!r}; give each format its own file")
        feeds[fmt] = path
    return feeds


def _output_path(path: str) -> str:
    if path.startswith("/") or ".." in path.split("/") or "\\" in path or path.endswith("/"):
        raise ValueError(f"{path!r} must be a relative path inside the output folder")
    return path


def _optional_path(value: object) -> str:
    """A file in the output folder, or "" for none."""
    path = _str(value).strip()
    return _output_path(path) if path else ""


def _page_name(value: object) -> str:
    name = _str(value).strip()
    if "/" in name or "\\" in name or name in (".", ".."):
        raise ValueError(f'{name!r} must be a file name such as index.html (or "" for none)')
    return name
