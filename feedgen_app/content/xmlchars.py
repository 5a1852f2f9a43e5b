"""Characters that XML 1.0 forbids or discourages (section 2.2), found and removed.

Forbidden: C0 controls other than tab, newline and carriage return; lone surrogates (which YAML
escapes such as "\\ud800" can produce); U+FFFE and U+FFFF. Discouraged, and removed too: the C1
controls U+007F to U+009F. They are invisible, almost always the debris of text decoded with
the wrong code page, and readers do not agree on them (feedparser turns U+009B into U+203A).
"""

from __future__ import annotations

import re
from typing import Any

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def first_forbidden(text: str) -> re.Match[str] | None:
    return _FORBIDDEN.search(text)


_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")


def remove_forbidden(text: str) -> tuple[str, int]:
    """`text` without forbidden characters, and how many were removed.

    Surrogate pairs (from escapes such as `\\uD83C\\uDF89`) become the character they encode
    first; only lone surrogates are removed.
    """
    text = _SURROGATE_PAIR.sub(_join_pair, text)
    return _FORBIDDEN.subn("", text)


def _join_pair(pair: re.Match[str]) -> str:
    return pair[0].encode("utf-16-le", "surrogatepass").decode("utf-16-le")


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
    return f"removed {count} control character(s) XML 1.0 forbids (first: U+{ord(first):04X})"
