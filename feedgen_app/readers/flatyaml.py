"""A fast reading of the flat YAML front matter most articles have, or "not sure".

`title: …`, `date: …`, `tags: [a, b]`, a block list under a key: PyYAML spends ~30 µs a file
building nodes and resolving tags for a handful of lines. `read_flat` reads such text line by
line and returns exactly what `yaml.load` with the front-matter loader returns (plain scalars
kept as text, `~`/`null`/empty resolved to None), with the line of each top-level key; for
anything it is not sure of it returns None, and PyYAML reads the text as before.

It answers only for: `key: value` lines at column 0 (the key a plain word, the value a plain
scalar, a quoted scalar without escapes or inner quotes, a one-line flow list of such scalars,
or nothing, optionally followed by `- item` lines at one indentation), blank lines and comment
lines. Plain scalars follow YAML 1.1's rules for the block context (section 9.1.3): they may
not start with an indicator, end at ` #` (a comment), and may not hold `: ` or end with `:`.
Every other character, line shape or value (tabs, escapes, anchors, tags, block scalars,
nested mappings, continuation lines, duplicate keys, merge keys, non-ASCII spaces and line
breaks, …) declines. `tests/test_flat_yaml.py` compares it with PyYAML on generated text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

MAX_TEXT = 8192
"""Longer front matter goes to PyYAML: what `read_flat` returns is then at most two levels deep
and holds fewer values than `xmlchars.MAX_VALUES`, so it needs no shape check."""

_UNSURE_CHARACTER = re.compile(
    r"[^\n\x20-\x5b\x5d-\x7a\x7c\x7e\u00a1-\u167f\u1681-\u1fff\u200b-\u2027\u202a-\u202e"
    r"\u2030-\u205e\u2060-\u2fff\u3001-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
"""Anything but line feeds and printable characters YAML and `str.split` both take as non-space:
tabs, `\\r`, backslashes (escapes), `{`/`}` (flow mappings), controls, U+0085, no-break and
other Unicode spaces, U+2028/2029, U+FEFF, surrogates, U+FFFE/FFFF."""
_KEY = re.compile(r"\w[\w .-]*")
"""A plain key that the key-line pattern (`frontmatter`) finds whole."""
_LONGEST_KEY = 200
"""YAML reads a key of over 1,024 characters as an error; such keys are left to PyYAML."""
_COMMON_LINE = re.compile(  # possessive (`*+`): nothing to try again on a line that fails
    r"^(\w[\w.-]*+(?: ++[\w.-]++)*+) *+: ++"
    r"(?:([^\s\-?:,\[\]{}#&*!|>'\"%@`][^ :\n]*+(?:(?::| ++(?!#))[^ :\n]++)*+)"
    r"|\[([^\[\]#:?'\"\n]*+)\]) *+$",
    re.MULTILINE,
)
"""The most common lines, `key: plain text` (no `: `, ` #` or `::` in the text) and `key: [a, b]`
(no quotes), in one match; `_key_line` reads them the same way, one step at a time."""
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
"""Characters that may not start a plain scalar (YAML 1.1, section 9.1.3)."""
_NULLS = frozenset({"~", "null", "Null", "NULL"})
_RESOLVED = frozenset({"<<", "="})
"""Plain scalars the loader reads as a merge key or a `value` tag: PyYAML decides."""

Flat = tuple[dict[str, Any], dict[str, int]]
_NOTHING = object()
"""The value of a key with nothing after it on its line: a block list, or None, follows."""


class _Unsure(Exception):
    """The text is not in the flat form `read_flat` reads."""


def read_flat(text: str, first_line: int) -> Flat | None:
    """(mapping, file line of each top-level key) for flat front matter starting on file line
    `first_line`, or None when the text is not in the flat form (PyYAML must read it)."""
    if len(text) > MAX_TEXT or _UNSURE_CHARACTER.search(text) is not None:
        return None
    try:
        return _all_common(text, first_line) or _read_lines(text.split("\n"), first_line)
    except _Unsure:
        return None


def _all_common(text: str, first_line: int) -> Flat | None:
    """The reading of a text made of common lines only (most front matter), found in one
    search, or None for a text with other lines."""
    found = _COMMON_LINE.findall(text)
    if len(found) != text.count("\n") + 1:
        return None
    meta: dict[str, Any] = {}
    key_lines: dict[str, int] = {}
    for number, (key, plain, flow) in enumerate(found, start=first_line):
        if key in meta or key in _NULLS or len(key) > _LONGEST_KEY:
            raise _Unsure
        key_lines[key], meta[key] = number, _plain(plain) if plain else _flow_items(flow)
    return meta, key_lines


def _read_lines(lines: list[str], first_line: int) -> Flat | None:
    meta: dict[str, Any] = {}
    key_lines: dict[str, int] = {}
    open_key: str | None = None  # a key with no value on its line: a block list may follow
    items: list[Any] = []
    indent = -1  # of the open key's list items once the first is read
    for number, line in enumerate(lines, start=first_line):
        common = _COMMON_LINE.fullmatch(line)
        if common is not None:
            key, value = _common_line(common)
        else:
            content = line.lstrip(" ")
            if not content or content[0] == "#":
                continue
            if line[0] == " " or content[0] == "-":
                if open_key is None:
                    raise _Unsure
                indent = _item(line, content, indent, items)
                continue
            key, value = _key_line(line)
        if open_key is not None:
            meta[open_key], open_key, items, indent = (items or None), None, [], -1
        if key in meta or key in _NULLS or len(key) > _LONGEST_KEY:
            raise _Unsure  # PyYAML reports a duplicate; `null:` is the key None
        key_lines[key], meta[key] = number, value
        if value is _NOTHING:
            open_key = key
    if open_key is not None:
        meta[open_key] = items or None
    return (meta, key_lines) if meta else None


def _item(line: str, content: str, indent: int, items: list[Any]) -> int:
    """Append the value of a `- item` line to `items`; returns its indentation, which must be
    that of the items before it (`indent`, -1 for the first)."""
    width = len(line) - len(content)
    if not content.startswith("- ") or indent not in (-1, width):
        raise _Unsure  # not an item, or a nested list
    if width == 0 and ("=" in line or ":" in line):
        raise _Unsure  # a line the key-line pattern would take for a key
    items.append(_scalar(content[2:].lstrip(" ")))
    return width


def _common_line(match: re.Match[str]) -> tuple[str, Any]:
    """(key, value) of a line `_COMMON_LINE` matched."""
    plain, flow = match.group(2, 3)
    return match[1], (_plain(plain) if flow is None else _flow_items(flow))


def _key_line(line: str) -> tuple[str, Any]:
    """(key, value) of a `key: value` line; value `_NOTHING` for a key with nothing after it."""
    colon = line.find(":")
    key = line[:colon].rstrip(" ")
    if colon < 1 or _KEY.fullmatch(key) is None:
        raise _Unsure
    rest = line[colon + 1 :]
    if rest and rest[0] != " ":
        raise _Unsure  # `a:b` is one scalar, not a key
    rest = rest.lstrip(" ")
    if not rest or rest[0] == "#":
        return key, _NOTHING
    if rest[0] == "[":
        return key, _flow_list(rest)
    return key, _scalar(rest)


def _scalar(text: str) -> Any:
    """A block-context scalar from its first character to the end of the line."""
    if not text:
        raise _Unsure  # `- ` alone: an empty item, or one continued on the next line
    if text[0] in "'\"":
        return _quoted(text)
    if text[0] in _INDICATORS:
        raise _Unsure
    comment = text.find(" #")
    value = (text if comment < 0 else text[:comment]).rstrip(" ")
    if ": " in value or value.endswith(":"):
        raise _Unsure
    return _plain(value)


def _plain(value: str) -> str | None:
    """A plain scalar as the loader resolves it: text, or None for `~`, `null`, …"""
    if value in _RESOLVED:
        raise _Unsure
    return None if value in _NULLS else value


def _quoted(text: str) -> str:
    """A one-line quoted scalar without inner quotes (escapes were declined with `\\`)."""
    quote = text[0]
    end = text.find(quote, 1)
    if end < 0:
        raise _Unsure  # continued on the next line
    _end_of_line(text[end + 1 :])
    return text[1:end]


def _end_of_line(rest: str) -> None:
    """What may follow a quoted scalar or a flow list: spaces, then a comment."""
    stripped = rest.lstrip(" ")
    if stripped and (stripped[0] != "#" or stripped == rest):
        raise _Unsure


def _flow_list(text: str) -> list[Any]:
    """`[a, 'b', ~]` on one line: plain or quoted items without flow indicators inside."""
    end = text.find("]")
    inner = text[1:end]
    if end < 0 or any(mark in inner for mark in "[#:?"):
        raise _Unsure
    _end_of_line(text[end + 1 :])
    return _flow_items(inner)


def _flow_items(inner: str) -> list[Any]:
    return list(_flow_tuple(inner))


@lru_cache(maxsize=4096)
def _flow_tuple(inner: str) -> tuple[Any, ...]:
    """The items of a flow list (tag lists repeat across a site's files: each is read once per
    process; the caller gets a list of its own)."""
    if not inner.strip(" "):
        return ()
    return tuple([_flow_item(part.strip(" ")) for part in inner.split(",")])


def _flow_item(item: str) -> Any:
    if not item:
        raise _Unsure  # `[a, , b]` is an error, `[a, b,]` a corner left to PyYAML
    if item[0] in "'\"":
        if len(item) < 2 or item[-1] != item[0] or item[0] in item[1:-1]:
            raise _Unsure
        return item[1:-1]
    if item[0] in _INDICATORS or item in _RESOLVED:
        raise _Unsure
    return None if item in _NULLS else item
