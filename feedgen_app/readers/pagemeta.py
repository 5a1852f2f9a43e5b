"""What a saved page's markup states about its article, in order of trust: JSON-LD
(`NewsArticle`, `BlogPosting`, … of schema.org), then Open Graph and other `<meta>` tags, then
`<link rel="canonical">`, `<html lang>` and `<title>`. Each value remembers its line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from lxml.html import HtmlElement

from feedgen_app.errors import Problem, SourceRef, warning
from feedgen_app.readers.fields import normalize_space

ARTICLE_TYPES = frozenset(
    {"Article", "NewsArticle", "BlogPosting", "LiveBlogPosting", "Report", "TechArticle"}
    | {"ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle", "ScholarlyArticle"}
)
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class Stated(NamedTuple):
    """A value the page states, and the line of the element that states it."""

    value: Any
    line: int


@dataclass(frozen=True)
class Markup:
    """Candidates per field, most trusted first; `site_names` for cutting them off titles."""

    candidates: dict[str, list[Stated]]
    site_names: tuple[str, ...]
    page_title: Stated | None
    """The `<title>` element's text."""
    warnings: tuple[Problem, ...] = field(default=())


def read_markup(root: HtmlElement, ref: SourceRef) -> Markup:
    ld, notes = _json_ld(root, ref)
    meta = _meta_tags(root)

    def first_meta(*names: str) -> list[Stated]:
        return [stated for name in names for stated in meta.get(name, [])[:1]]

    canonical = [
        Stated(link.get("href", "").strip(), link.sourceline or 0)
        for link in root.iterfind(".//link[@href]")
        if "canonical" in (link.get("rel") or "").lower().split()
    ][:1]
    candidates = {
        "title": [*ld.get("headline", []), *first_meta("og:title", "twitter:title")],
        "date": [*ld.get("datePublished", []), *first_meta("article:published_time")],
        "updated": [
            *ld.get("dateModified", []),
            *first_meta("article:modified_time", "og:updated_time"),
        ],
        "authors": [*ld.get("author", []), *first_meta("author"), *_named_authors(meta)],
        "summary": [
            *ld.get("description", []),
            *first_meta("og:description", "description", "twitter:description"),
        ],
        "tags": [*ld.get("keywords", []), *_all_tags(meta), *_split(first_meta("keywords"))],
        "link": [*canonical, *first_meta("og:url"), *ld.get("url", [])],
        "lang": [*_html_lang(root), *ld.get("inLanguage", []), *_locale(meta)],
        "image": [*ld.get("image", []), *first_meta("og:image", "twitter:image")],
    }
    site_names = [s.value for s in first_meta("og:site_name", "application-name")]
    site_names += [s.value for s in ld.get("publisher", [])]
    title = root.find(".//title")
    page_title = None
    if title is not None and normalize_space(title.text_content()):
        page_title = Stated(normalize_space(title.text_content()), title.sourceline or 0)
    cleaned = {key: [s for s in values if s.value] for key, values in candidates.items()}
    return Markup(cleaned, tuple(dict.fromkeys(site_names)), page_title, tuple(notes))


def _meta_tags(root: HtmlElement) -> dict[str, list[Stated]]:
    """`<meta property|name=… content=…>` by lower-cased name, in page order."""
    found: dict[str, list[Stated]] = {}
    for element in root.iterfind(".//meta[@content]"):
        name = (element.get("property") or element.get("name") or "").strip().lower()
        content = normalize_space(element.get("content", ""))
        if name and content:
            found.setdefault(name, []).append(Stated(content, element.sourceline or 0))
    return found


def _named_authors(meta: dict[str, list[Stated]]) -> list[Stated]:
    """`article:author` holds a name or, per Open Graph, the URL of a profile: names only."""
    return [s for s in meta.get("article:author", []) if "://" not in s.value][:1]


def _all_tags(meta: dict[str, list[Stated]]) -> list[Stated]:
    tags = [s.value for s in meta.get("article:tag", [])]
    return [Stated(tags, meta["article:tag"][0].line)] if tags else []


def _split(keywords: list[Stated]) -> list[Stated]:
    return [Stated([k for k in s.value.split(",") if k.strip()], s.line) for s in keywords]


def _html_lang(root: HtmlElement) -> list[Stated]:
    lang = (root.get("lang") or root.get(_XML_LANG) or "").strip()
    return [Stated(lang, root.sourceline or 1)] if lang else []


def _locale(meta: dict[str, list[Stated]]) -> list[Stated]:
    """Open Graph's `en_GB` is the language tag `en-GB`."""
    return [Stated(s.value.replace("_", "-"), s.line) for s in meta.get("og:locale", [])[:1]]


def _json_ld(root: HtmlElement, ref: SourceRef) -> tuple[dict[str, list[Stated]], list[Problem]]:
    """The fields of the first JSON-LD object of an article type, normalised."""
    notes: list[Problem] = []
    for script in root.iterfind(".//script[@type]"):
        if script.get("type", "").strip().lower() != "application/ld+json":
            continue
        text, line = script.text or "", script.sourceline or 0
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            where = f"line {exc.lineno}, column {exc.colno} of the script"
            note = f"JSON-LD not read: not valid JSON at {where} (fix the script or remove it)"
            notes.append(warning(ref.at(line + exc.lineno - 1), note))
            continue
        for item in _objects(data):
            if not ARTICLE_TYPES.isdisjoint(_types(item)):
                return _ld_fields(item, text, line), notes
    return {}, notes


def _objects(data: Any) -> Iterator[dict[str, Any]]:
    """Every object of a JSON-LD document: top-level lists and `@graph` included."""
    if isinstance(data, list):
        for item in data:
            yield from _objects(item)
    elif isinstance(data, dict):
        yield data
        yield from _objects(data.get("@graph", []))


def _types(item: dict[str, Any]) -> set[str]:
    kind = item.get("@type", [])
    return {kind} if isinstance(kind, str) else {k for k in kind if isinstance(k, str)}


def _ld_fields(item: dict[str, Any], text: str, line: int) -> dict[str, list[Stated]]:
    def at(key: str) -> int:
        offset = text.find(f'"{key}"')
        return line + (text.count("\n", 0, offset) if offset >= 0 else 0)

    values = {
        "headline": _text(item.get("headline") or item.get("name")),
        "datePublished": _text(item.get("datePublished")),
        "dateModified": _text(item.get("dateModified")),
        "description": _text(item.get("description")),
        "inLanguage": _text(item.get("inLanguage")),
        "author": _people(item.get("author")),
        "keywords": _keywords(item.get("keywords")),
        "url": _url(item.get("url") or item.get("mainEntityOfPage")),
        "image": _url(item.get("image")),
        "publisher": _text(_first(item.get("publisher"), "name")),
    }
    keys = {"headline": "headline" if "headline" in item else "name", "url": "url"}
    return {
        name: [Stated(value, at(keys.get(name, name)))] for name, value in values.items() if value
    }


def _first(value: Any, key: str) -> Any:
    """`value[key]` of a mapping, or of the first mapping in a list."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, dict)), None)
    return value.get(key) if isinstance(value, dict) else None


def _text(value: Any) -> str | None:
    return normalize_space(value) if isinstance(value, str) and value.strip() else None


def _url(value: Any) -> str | None:
    """A URL given as text, as `{"@id"|"url": …}`, or first in a list."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("@id")
    return _text(value)


def _people(value: Any) -> list[dict[str, str] | str]:
    people: list[dict[str, str] | str] = []
    for item in value if isinstance(value, list) else [value]:
        name = _text(item) if isinstance(item, str) else _text(_first(item, "name"))
        uri = _url(item.get("url")) if isinstance(item, dict) else None
        if name:
            people.append({"name": name, "uri": uri} if uri and "://" in uri else name)
    return people


def _keywords(value: Any) -> list[str]:
    parts = value.split(",") if isinstance(value, str) else value
    if not isinstance(parts, list):
        return []
    return [normalize_space(part) for part in parts if isinstance(part, str) and part.strip()]
