"""Splitting and parsing YAML (`---`) and TOML (`+++`) front matter, keeping line numbers."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import yaml

from feedgen_app.content.xmlchars import remove_forbidden_deep
from feedgen_app.errors import Problem, SourceRef, fail, warning
from feedgen_app.toml_errors import toml_error_location

_FENCES = {"---": ("yaml", ("---", "...")), "+++": ("toml", ("+++",))}
_TOP_LEVEL_KEY = re.compile(r"([^\s:=#\[][^:=]*?)\s*[:=]")


_NO_TIMESTAMPS = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe YAML, with libyaml's C parser when PyYAML has it, that leaves timestamps as text.

    PyYAML would turn `2024-02-30` into an exception with no field name and `2024-05-01 10:00`
    into a naive datetime; our own date reader gives both a located, helpful outcome.
    """

    yaml_implicit_resolvers = _NO_TIMESTAMPS


class _LenientLoader(yaml.SafeLoader):
    """The pure-Python parser, used when the C one refuses a document: libyaml rejects escaped
    surrogates (`"\\uD83C\\uDF89"`, how JSON exporters write emoji), Python's parser reads
    them and `xmlchars` joins the pairs."""

    yaml_implicit_resolvers = _NO_TIMESTAMPS


@dataclass(frozen=True)
class FrontMatter:
    meta: dict[str, Any]
    text: str
    first_line: int
    """Line of the file on which the front-matter text starts."""
    notes: tuple[Problem, ...] = ()
    """Warnings, e.g. characters XML forbids that YAML escapes (`"\\x07"`) produced."""

    def line_of(self, key: str) -> int:
        """The file line of a top-level `key:` / `key =`, or of the opening fence."""
        return self.key_lines.get(key, self.first_line - 1)

    @cached_property
    def key_lines(self) -> dict[str, int]:
        lines: dict[str, int] = {}
        for number, line in enumerate(self.text.split("\n"), start=self.first_line):
            match = _TOP_LEVEL_KEY.match(line)
            if match:
                lines.setdefault(match[1], number)
        return lines


def split_front_matter(text: str, ref: SourceRef) -> tuple[FrontMatter | None, str, int]:
    """(front matter or None, body, line the body starts on)."""
    first, _, rest = text.partition("\n")
    fence = _FENCES.get(first.rstrip())
    if fence is None:
        return None, text, 1
    kind, closers = fence
    lines = rest.split("\n")
    for index, line in enumerate(lines):
        if line.rstrip() in closers:
            meta_text = "\n".join(lines[:index])
            meta, removed = _parse(kind, meta_text, ref), 0
            # Forbidden characters can only come from escapes (the file's own were removed),
            # and a value explosion only from YAML anchors and aliases.
            if "\\" in meta_text or "&" in meta_text:
                try:
                    meta, removed = remove_forbidden_deep(meta)
                except ValueError as exc:
                    raise fail(ref.at(2), f"front matter holds {exc} (YAML aliases?)") from exc
            notes = (warning(ref.at(2), _removed_message(removed)),) if removed else ()
            body = "\n".join(lines[index + 1 :])
            return FrontMatter(meta, meta_text, 2, notes), body, index + 3
    closer = closers[0]
    raise fail(ref.at(1), f"front matter opened here is never closed (end it with a line {closer})")


def _parse(kind: str, text: str, ref: SourceRef) -> dict[str, Any]:
    if kind == "yaml":
        meta = _load_yaml(text, ref)
    else:
        try:
            meta = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            line, message = toml_error_location(exc, text)
            line += 1
            raise fail(ref.at(line), f"front matter is not valid TOML: {message}") from exc
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise fail(ref.at(2), "front matter must be key: value pairs, not a single value or list")
    return {str(key): value for key, value in meta.items()}


def _load_yaml(text: str, ref: SourceRef) -> Any:
    try:
        return yaml.load(text, Loader=_FastLoader)
    except yaml.YAMLError:
        pass
    try:
        return yaml.load(text, Loader=_LenientLoader)
    except yaml.YAMLError as exc:
        raise fail(*_yaml_problem(exc, ref)) from exc


def _yaml_problem(exc: yaml.YAMLError, ref: SourceRef) -> tuple[SourceRef, str]:
    """Where and what, in the words of PyYAML, with the line its context started on."""
    mark = getattr(exc, "problem_mark", None)
    where = ref.at(mark.line + 2 if mark is not None else 1)
    message = f"front matter is not valid YAML: {getattr(exc, 'problem', None) or exc}"
    context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    if context and context_mark is not None and context_mark.line + 2 != where.line:
        message += f" ({context} that starts on line {context_mark.line + 2})"
    return where, message


def _removed_message(count: int) -> str:
    return f"removed {count} control character(s) XML 1.0 forbids from front-matter values"
