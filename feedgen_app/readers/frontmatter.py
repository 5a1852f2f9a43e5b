"""Splitting and parsing YAML (`---`) and TOML (`+++`) front matter, keeping line numbers."""

from __future__ import annotations

import re
import tomllib
from typing import Any, NamedTuple

from feedgen_app.content.xmlchars import MAX_VALUES, remove_forbidden_deep
from feedgen_app.errors import ArticleError, Problem, SourceRef, fail, warning
from feedgen_app.readers.flatyaml import read_flat
from feedgen_app.toml_errors import toml_error_location

_FENCES = {
    "---": ("yaml", "---", re.compile(r"^(?:---|\.\.\.)[^\S\n]*$", re.MULTILINE)),
    "+++": ("toml", "+++", re.compile(r"^\+\+\+[^\S\n]*$", re.MULTILINE)),
}
"""Opening fence: (kind, closing fence, the lines that close it: the fence and white space)."""
_TOP_LEVEL_KEY = re.compile(r"([^\s:=#\[][^:=]*?)\s*[:=]")


MAX_DEPTH = 20
"""Front matter nesting deeper than this is refused: an article's fields need three levels."""


class FrontMatter(NamedTuple):
    """(A named tuple: one is made per Markdown file read.)"""

    meta: dict[str, Any]
    text: str
    first_line: int
    """Line of the file on which the front-matter text starts."""
    key_lines: dict[str, int]
    """The file line of each top-level `key:` / `key =` (`flatyaml` finds them as it reads,
    `key_lines` otherwise)."""
    notes: tuple[Problem, ...] = ()
    """Warnings, e.g. characters XML forbids that YAML escapes (`"\\x07"`) produced."""

    def line_of(self, key: str) -> int:
        """The file line of a top-level `key:` / `key =`, or of the opening fence."""
        return self.key_lines.get(key, self.first_line - 1)


def key_lines(text: str, first_line: int) -> dict[str, int]:
    """The file line of each top-level `key:` / `key =` of front-matter `text`, which starts on
    file line `first_line`."""
    lines: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=first_line):
        match = _TOP_LEVEL_KEY.match(line)
        if match:
            lines.setdefault(match[1], number)
    return lines


def split_front_matter(text: str, ref: SourceRef) -> tuple[FrontMatter | None, str, int]:
    """(front matter or None, body, line the body starts on)."""
    opening_end = text.find("\n")
    fence = _FENCES.get((text if opening_end < 0 else text[:opening_end]).rstrip())
    if fence is None:
        return None, text, 1
    kind, closer, closing_lines = fence
    closing = None if opening_end < 0 else closing_lines.search(text, opening_end + 1)
    if closing is None:
        message = f"front matter opened here is never closed (end it with a line {closer})"
        raise fail(ref.at(1), message)
    start, end = closing.start(), text.find("\n", closing.end())
    meta_text = text[opening_end + 1 : max(opening_end + 1, start - 1)]
    body = "" if end < 0 else text[end + 1 :]
    body_line = text.count("\n", opening_end + 1, start) + 3
    return _front_matter(kind, meta_text, ref), body, body_line


def _front_matter(kind: str, meta_text: str, ref: SourceRef) -> FrontMatter:
    flat = read_flat(meta_text, 2) if kind == "yaml" else None
    if flat is not None:  # plain text values two levels deep at most: no shape check needed
        meta, lines = flat
    else:
        meta, lines = _parse(kind, meta_text, ref), key_lines(meta_text, 2)
    removed = 0
    # Forbidden characters can only come from escapes (the file's own were removed),
    # and a value explosion only from YAML anchors and aliases.
    if "\\" in meta_text or "&" in meta_text:
        try:
            meta, removed = remove_forbidden_deep(meta)
        except ValueError as exc:
            raise fail(ref.at(2), f"front matter holds {exc} (YAML aliases?)") from exc
    notes = (warning(ref.at(2), _removed_message(removed)),) if removed else ()
    return FrontMatter(meta, meta_text, 2, lines, notes)


def _parse(kind: str, text: str, ref: SourceRef) -> dict[str, Any]:
    try:
        meta = _load_yaml(text, ref) if kind == "yaml" else _load_toml(text, ref)
    except RecursionError:  # the parsers recurse once per level; libyaml stops at 1,000
        raise _too_deep(ref.at(2)) from None
    if meta is None:
        return {}
    _check_shape(meta, ref.at(2))
    if not isinstance(meta, dict):
        raise fail(ref.at(2), "front matter must be key: value pairs, not a single value or list")
    return {str(key): value for key, value in meta.items()}


def _check_shape(meta: Any, where: SourceRef) -> None:
    """Refuse front matter nested past MAX_DEPTH or holding more than MAX_VALUES values (YAML
    aliases can make a few lines stand for billions), without recursion."""
    pending, visited = [(meta, 1)], 0
    while pending:
        value, depth = pending.pop()
        visited += 1
        if visited > MAX_VALUES:
            raise fail(where, f"front matter holds more than {MAX_VALUES:,} values (YAML aliases?)")
        if depth > MAX_DEPTH:
            raise _too_deep(where)
        if isinstance(value, dict):
            pending.extend((child, depth + 1) for child in value.values())
        elif isinstance(value, list):
            pending.extend((child, depth + 1) for child in value)


def _too_deep(where: SourceRef) -> ArticleError:
    return fail(where, f"front matter nests more than {MAX_DEPTH} levels deep (fields need 3)")


def _load_toml(text: str, ref: SourceRef) -> Any:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, message = toml_error_location(exc, text)
        raise fail(ref.at(line + 1), f"front matter is not valid TOML: {message}") from exc


def _load_yaml(text: str, ref: SourceRef) -> Any:
    # PyYAML only for what the flat reading was unsure of: most builds never import it.
    from feedgen_app.readers.pyyaml import load_yaml  # noqa: PLC0415

    return load_yaml(text, ref)


def _removed_message(count: int) -> str:
    return f"removed {count} control character(s) XML 1.0 forbids from front-matter values"
