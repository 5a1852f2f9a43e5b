"""Where each value of a JSON document starts: JSON decoders keep no positions, so we walk.

A value is named by its path from the top: ("items", 2, "date_published") is the
date_published of the third item. Only documents `json.loads` accepted are walked.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Mapping
from functools import cached_property
from typing import Final

JsonPath = tuple[str | int, ...]

_WHITESPACE: Final = re.compile(r"[ \t\n\r]*")
_SCALAR: Final = json.JSONDecoder()


class Lines:
    """The 1-based line on which each value of a document starts, found when a finding first
    asks: a document without findings is not walked (a family build checks thousands of JSON
    documents, almost all of them clean)."""

    def __init__(self, text: str) -> None:
        self._text = text

    @cached_property
    def starts(self) -> Mapping[JsonPath, int]:
        text = self._text
        breaks = [match.start() for match in re.finditer("\n", text)]
        offsets: dict[JsonPath, int] = {}
        try:
            _walk(text, 0, (), offsets)
        except RecursionError:  # json.loads read it, but nested deeper than a walk can go
            return {}
        return {path: bisect_right(breaks, offset - 1) + 1 for path, offset in offsets.items()}

    def of(self, path: JsonPath) -> int:
        """The line of the value at `path`, else of the nearest value that holds it, else 0."""
        starts = self.starts
        for end in range(len(path), -1, -1):
            line = starts.get(path[:end])
            if line is not None:
                return line
        return 0


def value_lines(text: str) -> Lines:
    """The line of every value in `text`, a JSON document that `json.loads` accepted."""
    return Lines(text)


def _skip(text: str, index: int) -> int:
    match = _WHITESPACE.match(text, index)
    return index if match is None else match.end()


def _walk(text: str, index: int, path: JsonPath, offsets: dict[JsonPath, int]) -> int:
    """Record where the value at `index` (and each value inside it) starts; return its end."""
    index = _skip(text, index)
    offsets[path] = index
    opening = text[index]
    if opening not in "{[":
        return _SCALAR.raw_decode(text, index)[1]
    closing, position = ("}" if opening == "{" else "]"), 0
    index = _skip(text, index + 1)
    while text[index] != closing:
        if opening == "{":
            key, index = _SCALAR.raw_decode(text, index)
            index = _skip(text, index) + 1  # the colon
            index = _walk(text, index, (*path, key), offsets)
        else:
            index = _walk(text, index, (*path, position), offsets)
            position += 1
        index = _skip(text, index)
        if text[index] == ",":
            index = _skip(text, index + 1)
    return index + 1
