"""Front-matter and header fields, under the names Jekyll, Hugo and Zola users already write.

Each reader hands its key/value mapping to `read_fields`, which maps aliases to one field name,
checks types and reports every problem with the line of the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from feedgen_app import urls
from feedgen_app.dates import Reading, read_date
from feedgen_app.errors import Problem, SourceRef, warning
from feedgen_app.model import Author, Body, Enclosure
from feedgen_app.readers.media import read_enclosure, read_image
from feedgen_app.values import author, language_tag_problem

# Field name -> the keys that set it, in order of preference.
ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "date": ("date",),
    "updated": ("updated", "lastmod", "last_modified_at"),
    "authors": ("authors", "author"),
    "summary": ("summary", "description", "excerpt"),
    "tags": ("tags", "categories"),
    "categories": ("categories", "category"),
    "draft": ("draft",),
    "published": ("published",),
    "id": ("id",),
    "slug": ("slug",),
    "permalink": ("permalink", "url", "path"),
    "link": ("link",),
    "lang": ("lang",),
    "image": ("image",),
    "enclosure": ("enclosure",),
}
Parser = Callable[[list[Any], tzinfo], Any]
_NAME_AND_EMAIL = re.compile(r"^(?P<name>[^<>]+?)\s*<(?P<email>[^<>@\s]+@[^<>\s]+)>$")


@dataclass(frozen=True)
class ReadOptions:
    zone: tzinfo
    chrome_lines: tuple[str, ...]
    max_file_size: int
    learn_chrome: bool = True
    """Learn page chrome from the edges of the plain-text files in the same folder."""
    learned_chrome: frozenset[str] = frozenset()
    """The chrome lines learned in the folder of the file being read (`readers.chrome`),
    normalised; they are dropped only within a file's edges (`text.edge_lines`)."""


class RawArticle(NamedTuple):
    """What one file says about its article, before URLs, ids and missing dates are decided.
    (A named tuple, as `Found` and `Decided`: one is made per file read, and a frozen dataclass
    of 19 fields costs four times as much to build.)"""

    source: SourceRef
    title: str
    body: Body
    date: datetime | None = None
    updated: datetime | None = None
    authors: tuple[Author, ...] = ()
    tags: tuple[str, ...] = ()
    summary: str | None = None
    id: str | None = None
    slug: str | None = None
    permalink: str | None = None
    link: str | None = None
    lang: str | None = None
    draft: bool = False
    image: str | None = None
    categories: tuple[str, ...] = ()
    """Jekyll's `categories`/`category` (also tags): the `{categories}` of a permalink."""
    enclosure: Enclosure | None = None
    lines: Mapping[str, int] = MappingProxyType({})
    warnings: tuple[Problem, ...] = ()


def normalize_space(text: str) -> str:
    """Collapse every run of white space (no-break spaces included) to one space."""
    return " ".join(text.split())


def read_fields(
    meta: Mapping[str, Any],
    line_of: Callable[[str], int],
    ref: SourceRef,
    zone: tzinfo,
) -> tuple[dict[str, Any], dict[str, int], list[Problem]]:
    """Normalise `meta` to field values; returns (values, field lines, problems): errors, and
    warnings about values read leniently."""
    meta = _lift_zola_taxonomies(meta)
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    for name, keys, parse in _present(meta):
        line = lines[name] = line_of(keys[0])
        try:
            if parse is None:  # images and enclosures: relative to the file's folder
                value = _MEDIA[name](meta[keys[0]], Path(ref.path).parent)
            else:
                value = parse([meta[keys[0]]] if len(keys) == 1 else [meta[k] for k in keys], zone)
            if type(value) is Reading:
                if value.note:
                    problems.append(warning(ref.at(line), f"{keys[0]}: {value.note}"))
                value = value.moment
            values[name] = value
        except ValueError as exc:
            problems.append(Problem(ref.at(line), f"{keys[0]}: {exc}"))
    if "published" in values:  # taken out first: a draft's `published` too is no field
        published = values.pop("published")
        values["draft"] = values.get("draft", False) or not published
    return values, lines, problems


class _Present(NamedTuple):
    """A field the front matter gives a value."""

    name: str
    keys: tuple[str, ...]
    """The keys that give it a value, in order of preference."""
    parse: Parser | None
    """None for a field read against the file's folder (`_MEDIA`)."""


def _present(meta: Mapping[str, Any]) -> tuple[_Present, ...]:
    """The fields `meta` gives a value, in the order of ALIASES."""
    if None in meta.values():  # YAML's and TOML's values equal None only if they are None
        return _fields_of(tuple(key for key, value in meta.items() if value is not None))
    return _fields_of(tuple(meta))


@lru_cache(maxsize=64)
def _fields_of(keys: tuple[str, ...]) -> tuple[_Present, ...]:
    """The same for the keys with a value, in the order of the front matter: a corpus has a few
    such key lists."""
    return tuple(
        _Present(name, tuple(key for key in aliases if key in keys), _PARSERS.get(name))
        for name, aliases in ALIASES.items()
        if any(key in keys for key in aliases)
    )


def _lift_zola_taxonomies(meta: Mapping[str, Any]) -> Mapping[str, Any]:
    taxonomies = meta.get("taxonomies")
    if not isinstance(taxonomies, dict):
        return meta
    lifted = dict(meta)
    for key in ("tags", "categories"):
        if key in taxonomies and key not in lifted:
            lifted[key] = taxonomies[key]
    return lifted


def _text(values: list[Any], _zone: tzinfo) -> str:
    """Text as the author typed it (YAML scalars are never read as numbers, see frontmatter);
    a TOML number is refused rather than rewritten (`3.10` would become 3.1)."""
    value = values[0]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ValueError(f"expected text, got the number {value!r} (put the value in quotes)")
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {_kind(value)}")
    text = normalize_space(value)
    if not text:
        raise ValueError("must not be empty")
    return text


def _checked(check: Callable[[str], str | None], accepted: str) -> Parser:
    """A text field whose value must pass `check` (a rule shared with the feed checks)."""

    def parse(values: list[Any], zone: tzinfo) -> str:
        text = _text(values, zone)
        problem = check(text)
        if problem is not None:
            raise ValueError(f"{text!r} {problem}{accepted}")
        return text

    return parse


def _date(values: list[Any], zone: tzinfo) -> Reading:
    return read_date(values[0], zone)


def _flag(values: list[Any], _zone: tzinfo) -> bool:
    value = flag(values[0])
    if value is None:
        raise ValueError(f"expected true or false, got {values[0]!r}")
    return value


def flag(value: object) -> bool | None:
    """A front-matter yes/no as YAML 1.1 and TOML write it (`true`, `yes`, `on`, …; YAML
    scalars stay text, see frontmatter), or None if it is neither."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return _FLAGS.get(value.strip().lower())
    return None


_FLAGS = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}


def _tags(values: list[Any], _zone: tzinfo) -> tuple[str, ...]:
    tags: list[str] = []
    for value in values:
        if isinstance(value, str):
            # "a, b" is two tags; Jekyll also reads "a b" as two.
            parts = value.split(",") if "," in value else value.split()
        elif isinstance(value, list) and set(map(type, value)) <= {str}:
            parts = value
        elif isinstance(value, list) and all(map(_is_scalar, value)):
            parts = [str(v) for v in value]
        else:
            raise ValueError(f"expected a list of tags, got {_kind(value)}")
        # One word each (most tags): `tag_words` would give them back as they are.
        tags.extend(parts if " ".join(parts).split() == parts else tag_words(parts))
    return tuple(dict.fromkeys(tags))


def tag_words(parts: list[str]) -> list[str]:
    """Tags with their runs of white space made one space; empty ones left out."""
    return [" ".join(words) for words in map(str.split, parts) if words]


def _authors(values: list[Any], _zone: tzinfo) -> tuple[Author, ...]:
    authors: list[Author] = []
    for value in values:
        for item in value if isinstance(value, list) else [value]:
            authors.append(_author(item))
    return tuple(authors) if len(authors) == 1 else tuple(dict.fromkeys(authors))


def _author(item: Any) -> Author:
    if isinstance(item, str) and item.strip():
        return _named(item)
    if isinstance(item, dict) and isinstance(item.get("name"), str) and item["name"].strip():
        return author(item["name"], item.get("email"), item.get("uri") or item.get("url"))
    raise ValueError(f"expected a name, 'Name <email>' or {{name, email, uri}}, got {_kind(item)}")


@lru_cache(maxsize=1024)
def _named(text: str) -> Author:
    """The author a text names, `Name` or `Name <email>` (a site has a few: each is read once
    per process, and an `Author` cannot change)."""
    match = _NAME_AND_EMAIL.match(text.strip()) if "<" in text else None
    if match:
        return author(match["name"], match["email"])
    return author(text)


def _is_scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def _kind(value: Any) -> str:
    names = {list: "a list", dict: "a mapping", bool: "true/false", type(None): "nothing"}
    if type(value) in names:
        return names[type(value)]
    shown = repr(value) if _is_scalar(value) else type(value).__name__
    return shown if len(shown) <= 60 else shown[:57] + "..."


_IRI_EXAMPLES = " (e.g. urn:uuid:…, tag:example.org,2024:hello, https://…)"
_PARSERS: dict[str, Parser] = {
    "title": _text,
    "date": _date,
    "updated": _date,
    "authors": _authors,
    "summary": _text,
    "tags": _tags,
    "categories": _tags,
    "draft": _flag,
    "published": _flag,
    "id": _checked(urls.id_problem, _IRI_EXAMPLES),
    "slug": _text,
    "permalink": _text,
    "link": _checked(urls.http_url_problem, ""),
    "lang": _checked(language_tag_problem, ""),
}
_MEDIA: dict[str, Callable[[Any, Path], Any]] = {"image": read_image, "enclosure": read_enclosure}
