"""Characters that XML 1.0 does not allow (section 2.2), found and removed.

Tab, newline and carriage return are allowed; so is everything from U+0020 up, except lone
surrogates (which YAML escapes such as "\\ud800" can produce) and U+FFFE / U+FFFF.
"""

from __future__ import annotations

import re
from typing import Any

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def first_forbidden(text: str) -> re.Match[str] | None:
    return _FORBIDDEN.search(text)


def remove_forbidden(text: str) -> tuple[str, int]:
    """`text` without forbidden characters, and how many were removed."""
    return _FORBIDDEN.subn("", text)


MAX_VALUES = 10_000
"""More values than this in one front matter is refused: YAML aliases can make a few lines
stand for billions of values ("billion laughs"), which no article needs."""


def remove_forbidden_deep(value: Any) -> tuple[Any, int]:
    """The same for every string inside parsed front matter (mappings, lists, strings).

    Raises ValueError past MAX_VALUES values.
    """
    budget = [MAX_VALUES]
    return _clean(value, budget)


def _clean(value: Any, budget: list[int]) -> tuple[Any, int]:
    budget[0] -= 1
    if budget[0] < 0:
        raise ValueError(f"more than {MAX_VALUES:,} values")
    if isinstance(value, str):
        return remove_forbidden(value)
    if isinstance(value, list):
        pairs = [_clean(item, budget) for item in value]
        return [item for item, _ in pairs], sum(count for _, count in pairs)
    if isinstance(value, dict):
        cleaned, total = {}, 0
        for key, item in value.items():
            cleaned[key], count = _clean(item, budget)
            total += count
        return cleaned, total
    return value, 0


def describe_removal(count: int, first: str) -> str:
    return f"removed {count} character(s) that XML 1.0 forbids (first: U+{ord(first):04X})"
