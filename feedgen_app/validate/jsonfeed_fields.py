"""The fields of each JSON Feed 1.1 object, their types, and the checks every field gets.

The spec's objects are the feed (top level), an item, an author, a hub and an attachment;
each has a table from key to kind. Keys starting with "_" are extensions and are not checked;
other keys the table does not name are reported (usually a typo: "content-html").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final, Literal

from .dates import read_rfc3339
from .findings import Finding
from .jsonpositions import JsonPath, Lines
from .rules import severity_of
from .timeline import EARLIEST
from .uris import is_absolute_http_url, is_absolute_iri

Kind = Literal[
    "string", "url", "contact", "date", "language", "boolean", "number", "strings", "author",
    "authors", "hubs", "attachments", "items", "own",
]  # fmt: skip
"""How a field is checked; "contact" is a URL that may be mailto:, "own" is checked elsewhere."""
_LANGUAGE_TAG: Final = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")
"""The shape of an RFC 5646 tag, as RFC 4287's schema checks xml:lang (atomLanguageTag)."""

FEED_FIELDS: Final[Mapping[str, Kind]] = {
    "version": "own", "title": "string", "home_page_url": "url", "feed_url": "url",
    "description": "string", "user_comment": "string", "next_url": "url", "icon": "url",
    "favicon": "url", "authors": "authors", "author": "author", "language": "language",
    "expired": "boolean", "hubs": "hubs", "items": "items",
}  # fmt: skip
ITEM_FIELDS: Final[Mapping[str, Kind]] = {
    "id": "own", "url": "url", "external_url": "url", "title": "string", "content_html": "string",
    "content_text": "string", "summary": "string", "image": "url", "banner_image": "url",
    "date_published": "date", "date_modified": "date", "authors": "authors", "author": "author",
    "tags": "strings", "language": "language", "attachments": "attachments",
}  # fmt: skip
AUTHOR_FIELDS: Final[Mapping[str, Kind]] = {"name": "string", "url": "contact", "avatar": "url"}
HUB_FIELDS: Final[Mapping[str, Kind]] = {"type": "string", "url": "url"}
ATTACHMENT_FIELDS: Final[Mapping[str, Kind]] = {
    "url": "url", "mime_type": "string", "title": "string", "size_in_bytes": "number",
    "duration_in_seconds": "number",
}  # fmt: skip
_SCALARS: Final[Mapping[Kind, tuple[type, ...]]] = {
    "string": (str,), "url": (str,), "contact": (str,), "date": (str,), "language": (str,),
    "boolean": (bool,), "number": (int, float),
}  # fmt: skip
_OBJECTS: Final[Mapping[Kind, tuple[Mapping[str, Kind], tuple[str, ...]]]] = {
    "author": (AUTHOR_FIELDS, ()),
    "authors": (AUTHOR_FIELDS, ()),
    "hubs": (HUB_FIELDS, ("type", "url")),
    "attachments": (ATTACHMENT_FIELDS, ("url", "mime_type")),
}
"""The objects inside a field of each kind: their fields and the members they require."""


@dataclass(frozen=True)
class Where:
    """What a finding needs besides its rule and message: lines, the item, the time."""

    lines: Lines
    now: datetime
    entry_id: str | None = None

    def finding(self, path: JsonPath, rule: str, message: str) -> Finding:
        """A finding of `rule` at the line of the value at `path`."""
        return Finding(self.lines.of(path), 0, severity_of(rule), rule, message, self.entry_id)


def name_of(path: JsonPath) -> str:
    """A value's path as a reader would write it: items[2].authors[0].url."""
    written = ""
    for part in path:
        written += f"[{part}]" if isinstance(part, int) else f".{part}" if written else part
    return written or "the document"


def describe(value: object) -> str:
    """A JSON value's type, with an article: "a number", "null"."""
    if value is None:
        return "null"
    names = {bool: "a boolean", str: "a string", int: "a number", float: "a number"}
    names |= {list: "an array", dict: "an object"}
    return names.get(type(value), "a value")


def field_findings(
    fields: Mapping[str, object], path: JsonPath, table: Mapping[str, Kind], where: Where
) -> list[Finding]:
    """Every field of one object: known, of its type, and valid for its kind."""
    findings = []
    for key, value in fields.items():
        at, kind = (*path, key), table.get(key)
        if key.startswith("_") and key[1:2].isalpha() and "." not in key:
            continue
        if kind is None:
            message = (
                f'{name_of(at)}: JSON Feed 1.1 defines no key "{key}"; readers ignore it '
                '(extensions start with "_" and a letter)'
            )
            findings.append(where.finding(at, "json-unknown-key", message))
        elif kind != "own":
            findings.extend(_kind_findings(value, at, kind, where))
    return findings


def _kind_findings(value: object, at: JsonPath, kind: Kind, where: Where) -> Iterator[Finding]:
    """The type of one field, then what its kind asks of it."""
    if kind in _SCALARS:
        yield from _scalar_findings(value, at, kind, where)
    elif kind == "strings":
        yield from _array_findings(value, at, str, "strings", where)
    elif kind == "author":
        if isinstance(value, dict):
            yield from _object_findings(value, at, kind, where)
        else:
            yield where.finding(
                at, "json-type", f"{name_of(at)} is {describe(value)}, not an object"
            )
    else:
        yield from _array_findings(value, at, dict, "objects", where)
        if kind != "items" and isinstance(value, list):
            for index, member in enumerate(value):
                if isinstance(member, dict):
                    yield from _object_findings(member, (*at, index), kind, where)


def _scalar_findings(value: object, at: JsonPath, kind: Kind, where: Where) -> Iterator[Finding]:
    """A string, URL, date, boolean or number field."""
    if not isinstance(value, _SCALARS[kind]) or (kind == "number" and isinstance(value, bool)):
        expected = {"boolean": "a boolean", "number": "a number"}.get(kind, "a string")
        yield where.finding(at, "json-type", f"{name_of(at)} is {describe(value)}, not {expected}")
    elif isinstance(value, str) and kind in {"url", "contact"}:
        yield from url_findings(value, at, where, mailto=kind == "contact")
    elif isinstance(value, str) and kind == "date":
        yield from date_findings(value, at, where)
    elif isinstance(value, str) and kind == "language" and not _LANGUAGE_TAG.fullmatch(value):
        message = (
            f'{name_of(at)} "{value}" is not a language tag (RFC 5646): a language, then '
            'subtags after "-", like en or en-US'
        )
        yield where.finding(at, "json-language", message)


def _array_findings(
    value: object, at: JsonPath, member_type: type, members: str, where: Where
) -> Iterator[Finding]:
    """json-type for a value that is not an array, or for each member of the wrong type."""
    if not isinstance(value, list):
        message = f"{name_of(at)} is {describe(value)}, not an array of {members}"
        yield where.finding(at, "json-type", message)
        return
    for index, member in enumerate(value):
        if not isinstance(member, member_type):
            message = f"{name_of((*at, index))} is {describe(member)}, not {members[:-1]}"
            yield where.finding((*at, index), "json-type", message)


def _object_findings(
    value: Mapping[str, object], at: JsonPath, kind: Kind, where: Where
) -> Iterator[Finding]:
    """An author, hub or attachment object: the members it needs, then each field."""
    table, required = _OBJECTS[kind]
    if table is AUTHOR_FIELDS and not any(key in value for key in AUTHOR_FIELDS):
        message = f"{name_of(at)} has none of name, url and avatar; give at least one"
        yield where.finding(at, "json-author-empty", message)
    missing = [key for key in required if key not in value]
    if missing:
        message = f"{name_of(at)} has no {' and no '.join(missing)}, which the spec requires"
        yield where.finding(at, "json-required", message)
    yield from field_findings(value, at, table, where)


def url_findings(
    value: str, at: JsonPath, where: Where, *, mailto: bool = False
) -> Iterator[Finding]:
    """An absolute http(s) URL (or mailto:, when allowed); javascript: and the like warned."""
    scheme = value.split(":", 1)[0].lower() if is_absolute_iri(value) else None
    if scheme is None or (scheme in {"http", "https"} and not is_absolute_http_url(value)):
        message = (
            f'{name_of(at)} "{value}" is not an absolute URL; a JSON Feed has no base to '
            "resolve it against: write it in full, like https://example.org/posts/first/"
        )
        yield where.finding(at, "json-url-not-absolute", message)
    elif scheme not in {"http", "https"} and not (mailto and scheme == "mailto"):
        accepted = "an http(s) or mailto: URL" if mailto else "an http(s) URL"
        message = f'{name_of(at)} "{value}" is a {scheme}: URL, not {accepted}; readers refuse it'
        yield where.finding(at, "json-url-not-http", message)


def date_findings(value: str, at: JsonPath, where: Where) -> Iterator[Finding]:
    """An RFC 3339 date-time with a zone, not in the future and not before 1990."""
    moment = read_rfc3339(value)
    if isinstance(moment, str):
        message = (
            f'{name_of(at)} "{value}" {moment}; JSON Feed dates are RFC 3339 date-times with a '
            "zone, like 2024-05-01T10:00:00+02:00"
        )
        yield where.finding(at, "json-date-format", message)
    elif moment > where.now:
        message = (
            f'{name_of(at)} "{value}" is in the future (the check ran at '
            f"{where.now.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}); readers sort it first, or hide it"
        )
        yield where.finding(at, "feed-date-future", message)
    elif moment < EARLIEST:
        message = (
            f'{name_of(at)} "{value}" is before 1990, which readers take for a missing date; '
            "give the real date"
        )
        yield where.finding(at, "feed-date-before-1990", message)
