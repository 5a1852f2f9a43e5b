"""The one place that decides article URLs and ids.

Rule (documented in the README): an article's URL is its `link` (an external original) if it has
one, else `site_url` + its path: front-matter `permalink`/`url`/`path` if given, else the
`permalink` pattern filled from the file's place in the items folder. Its id is front-matter `id`
if given, else that URL; title and body edits never change it.
"""

from __future__ import annotations

import re
import string
import unicodedata
from datetime import datetime
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import SplitResult, quote, urlsplit

from feedgen_app.dates import without_date_prefix

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
# Characters that may not appear unescaped anywhere in a URI or IRI (RFC 3986, RFC 3987).
FORBIDDEN_IN_IRI = re.compile(r'[\x00-\x20\x7f<>"{}|\\^`]')
BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
"""A `%` that does not start a percent-encoded byte."""
DEFAULT_PORTS = {"http": 80, "https": 443}
ID_SCHEMES = ("http", "https", "tag", "urn")
"""Schemes an article id may have: a web address, a tag URI (RFC 4151) or a URN (urn:uuid:…)."""
_URL_SAFE = "/:@!$&'()*+,;=-._~%"
_QUOTED_AS_IS = string.ascii_letters + string.digits + "_.-~" + _URL_SAFE
"""The characters `quote(…, safe=_URL_SAFE)` leaves as they are."""


_NOT_WORD = re.compile(r"[^\w]+")
_SLASHES = re.compile(r"/{2,}")


def slugify(text: str) -> str:
    """Lower-case words joined by `-`; letters of every script are kept."""
    return name_slug(text) or "article"


def name_slug(name: str) -> str:
    """The slug of a tag's or author's name for its feed folder: like `slugify`, but empty when
    nothing is left (a name of punctuation gets no feed)."""
    normalized = unicodedata.normalize("NFKC", name).lower()
    return _NOT_WORD.sub("-", normalized).strip("-")


def stem(rel: str) -> str:
    """`posts/2024-05-01-hello.md` -> `2024-05-01-hello`."""
    return stem_and_folders(rel)[1]


def default_slug(rel: str, *, keep_date: bool = False) -> str:
    """The slug a file's name gives: `2024-05-01-hello.md` -> hello (with `keep_date`, as Hugo
    does by default: 2024-05-01-hello); `hello/index.md` -> hello."""
    folders, name = stem_and_folders(rel)
    if name == "index" and folders:
        return slugify(folders[-1])
    return slugify(name if keep_date else without_date_prefix(name))


def stem_and_folders(rel: str) -> tuple[list[str], str]:
    """`posts/b/index.md` -> (["posts", "b"], "index")."""
    if "/" not in rel:  # a file at the top: four times per file read
        return [], rel.rpartition(".")[0] or rel
    *folders, name = rel.split("/")
    return folders, name.rpartition(".")[0] or name


def section(rel: str) -> str | None:
    """The first-level folder an article belongs to, as `{path}` sees folders: `releases/0-1.md`
    -> releases; `a.md`, `_posts/a.md` and the bundle `guide/index.md` -> None."""
    folders = _path_folders(rel)
    return folders[0] if folders else None


def _path_folders(rel: str) -> list[str]:
    """The folders of `{path}`: minus `_posts`-style folders starting with `_`, and minus a page
    bundle's own folder."""
    all_folders, name = stem_and_folders(rel)
    if not all_folders:
        return all_folders
    folders = [part for part in all_folders if not part.startswith("_")]
    if name == "index" and folders:
        folders.pop()
    return folders


def pattern_path(
    pattern: str, rel: str, slug: str, date: datetime, categories: tuple[str, ...] = ()
) -> str:
    """Fill the `permalink` pattern. `{path}` is the file's folders (minus `_posts`-style
    folders starting with `_`, and minus a page bundle's own folder) joined with the slug;
    `{categories}` is Jekyll's: the categories lower-cased, joined with `/` (none: no folder)."""
    used = placeholders(pattern)  # only those are made: this runs once per file
    filled = pattern.format(
        path="/".join([*_path_folders(rel), slug]) if "path" in used else "",
        slug=slug,
        year=f"{date.year:04d}" if "year" in used else "",
        month=f"{date.month:02d}" if "month" in used else "",
        day=f"{date.day:02d}" if "day" in used else "",
        categories=(
            "/".join(dict.fromkeys(category.lower() for category in categories))
            if "categories" in used
            else ""
        ),
    )
    return _SLASHES.sub("/", filled) if "//" in filled else filled


@lru_cache(maxsize=16)
def placeholders(pattern: str) -> frozenset[str]:
    """The names of the placeholders in a `permalink` pattern (`{slug}`, …; of `{year[0]}`,
    which the settings refuse, `year`)."""
    parsed = string.Formatter().parse(pattern)
    return frozenset(re.split(r"[.\[]", name)[0] for _, name, _, _ in parsed if name is not None)


class Origin(NamedTuple):
    """Scheme, host and port of a URL, compared the way browsers do: case-blind, default port."""

    scheme: str
    host: str
    port: int | None


def origin(parts: SplitResult) -> Origin:
    scheme = parts.scheme.lower()
    port = parts.port
    return Origin(
        scheme,
        (parts.hostname or "").lower(),
        DEFAULT_PORTS.get(scheme, port) if port is None else port,
    )


def site_path(value: str, site_url: str) -> str:
    """A front-matter permalink as a path under the site; raises ValueError otherwise.

    An absolute URL is accepted when it is inside the site (same origin, below site_url's path;
    `https://EXAMPLE.org:443/` is `https://example.org/`) and becomes the path below site_url."""
    try:
        parts = _split(value)
    except ValueError as exc:
        raise ValueError(f"{value!r} {exc}") from None
    if parts.scheme or parts.netloc:
        site = urlsplit(site_url)
        if origin(parts) != origin(site):
            raise ValueError(f"{value!r} is on another site (give a path such as /posts/hello/)")
        if not (parts.path + "/").startswith(site.path) or parts.query or parts.fragment:
            message = (
                f"{value!r} is outside the site {site_url} (give a path such as /posts/hello/)"
            )
            raise ValueError(message)
        value = parts.path[len(site.path) :]
    path = "/" + value.lstrip("/")
    if ".." in path.split("/"):
        raise ValueError(f"{value!r} leaves the site with '..' (give a path such as /posts/hello/)")
    return path


def absolute_url(site_url: str, path: str) -> str:
    """`site_url` (ending in /) joined with a site path, non-ASCII characters percent-encoded."""
    path = path.lstrip("/")
    if not path.rstrip(_QUOTED_AS_IS):  # what `quote` would give back unchanged (most paths)
        return site_url + path
    return site_url + quote(path, safe=_URL_SAFE)


def iri_problem(value: str) -> str | None:
    """What keeps `value` from being an absolute IRI (RFC 3987), or None. The one rule the
    readers and the feed checks share."""
    scheme = _SCHEME.match(value)
    if scheme is None or scheme.end() == len(value):
        return "is not an absolute IRI"
    forbidden = FORBIDDEN_IN_IRI.search(value)
    if forbidden is not None:
        return f"holds {_describe(forbidden[0])}, which no IRI may (percent-encode it)"
    if BAD_PERCENT.search(value):
        return 'has a "%" that is not followed by two hexadecimal digits (write %25 for %)'
    return None


def is_absolute_iri(value: str) -> bool:
    """True if `value` is an IRI with a scheme (RFC 3987), not a relative reference."""
    return iri_problem(value) is None


def http_url_problem(value: str) -> str | None:
    """What keeps `value` from being an absolute http(s) URL with a host, or None."""
    problem = iri_problem(value)
    if problem is not None:
        return problem
    try:
        parts = _split(value)
    except ValueError as exc:
        return str(exc)
    if parts.scheme.lower() not in ("http", "https"):
        return f"is a {parts.scheme}: URL, not http(s)"
    if not parts.hostname:
        return "has no host (write it as https://host/…)"
    return None


def is_absolute_http_url(value: str) -> bool:
    """True if `value` is an absolute http:// or https:// URL with a host."""
    return http_url_problem(value) is None


def id_problem(value: str) -> str | None:
    """What keeps `value` from being an article id we publish, or None: an absolute IRI with
    one of `ID_SCHEMES` (never `javascript:`, `data:`, `file:` …), an http(s) one with a host."""
    problem = iri_problem(value)
    if problem is not None:
        return problem
    scheme = value.split(":", 1)[0].lower()
    if scheme not in ID_SCHEMES:
        return f"has the scheme {scheme}:, not one of {', '.join(ID_SCHEMES)}"
    return http_url_problem(value) if scheme in ("http", "https") else None


def _split(value: str) -> SplitResult:
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as exc:
        raise ValueError(f"is not a URL ({exc})") from None
    return parts


def _describe(char: str) -> str:
    return "a space" if char == " " else f"the character {char!r}"
