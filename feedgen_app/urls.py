"""The one place that decides article URLs and ids.

Rule (documented in the README): an article's URL is its `link` (an external original) if it has
one, else `site_url` + its path: front-matter `permalink`/`url`/`path` if given, else the
`permalink` pattern filled from the file's place in the items folder. Its id is front-matter `id`
if given, else that URL; title and body edits never change it.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from urllib.parse import quote, urlsplit

from feedgen_app.dates import without_date_prefix

_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$")
_URL_SAFE = "/:@!$&'()*+,;=-._~%"


def slugify(text: str) -> str:
    """Lower-case words joined by `-`; letters of every script are kept."""
    return name_slug(text) or "article"


def name_slug(name: str) -> str:
    """The slug of a tag's or author's name for its feed folder: like `slugify`, but empty when
    nothing is left (a name of punctuation gets no feed)."""
    normalized = unicodedata.normalize("NFKC", name).lower()
    return re.sub(r"[^\w]+", "-", normalized).strip("-")


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
    filled = pattern.format(
        path="/".join([*_path_folders(rel), slug]),
        slug=slug,
        year=f"{date.year:04d}",
        month=f"{date.month:02d}",
        day=f"{date.day:02d}",
        categories="/".join(dict.fromkeys(category.lower() for category in categories)),
    )
    return re.sub(r"/{2,}", "/", filled)


def site_path(value: str, site_url: str) -> str:
    """A front-matter permalink as a path under the site; raises ValueError otherwise."""
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        site = urlsplit(site_url)
        if (parts.scheme, parts.netloc) != (site.scheme, site.netloc):
            raise ValueError(f"{value!r} is on another site (give a path such as /posts/hello/)")
        value = parts.path
    path = "/" + value.lstrip("/")
    if ".." in path.split("/"):
        raise ValueError(f"{value!r} leaves the site with '..' (give a path such as /posts/hello/)")
    return path


def absolute_url(site_url: str, path: str) -> str:
    """`site_url` (ending in /) joined with a site path, non-ASCII characters percent-encoded."""
    return site_url + quote(path.lstrip("/"), safe=_URL_SAFE)


def is_absolute_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def is_absolute_iri(value: str) -> bool:
    return bool(_ABSOLUTE_IRI.match(value))
