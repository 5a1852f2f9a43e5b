"""Where each value of a JSON document starts: JSON decoders keep no positions, so we walk.

A value is named by its path from the top: ("items", 2, "date_published") is the
date_published of the third item. Only documents `json.loads` accepted are walked.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

JsonPath = tuple[str | int, ...]

_WHITESPACE: Final = re.compile(r"[ \t\n\r]*")
_SCALAR: Final = json.JSONDecoder()


@dataclass(frozen=True)
class Lines:
    """The 1-based line on which each value of a document starts."""

    starts: Mapping[JsonPath, int]

    def of(self, path: JsonPath) -> int:
        """The line of the value at `path`, else of the nearest value that holds it, else 0."""
        for end in range(len(path), -1, -1):
            line = self.starts.get(path[:end])
            if line is not None:
                return line
        return 0


def value_lines(text: str) -> Lines:
    """The line of every value in `text`, a JSON document that `json.loads` accepted."""
    breaks = [match.start() for match in re.finditer("\n", text)]
    offsets: dict[JsonPath, int] = {}
    _walk(text, 0, (), offsets)
    return Lines({path: bisect_right(breaks, offset - 1) + 1 for path, offset in offsets.items()})


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
