"""A bound on how deeply an article's HTML nests, checked on the source text in one pass.

HTML parsers spend time in proportion to the depth for every element (scope checks), so
100,000 nested `<div>`s (1 MB) took 37 s in the sanitizer. No article needs more than a few
dozen levels. The raw HTML tags in the text are counted when it is read; Markdown's own
nesting (block quotes and lists, which cmark does not bound) on the HTML it renders to
(`stages/render.py`). The count is an upper estimate: elements whose end tag HTML implies
(`<p>`, `<li>`, table cells, …) and void elements (`<br>`, `<img>`, …) do not add a level.
"""

from __future__ import annotations

import re

MAX_HTML_DEPTH = 256
"""Deeper HTML is refused (libxml2's HTML parser stopped at the same depth for years)."""

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*?)?(/?)>")
_FLAT = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    | {"track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "rt", "rp"}
)


def too_deep_at(text: str, limit: int = MAX_HTML_DEPTH) -> int | None:
    """The 1-based line where the HTML tags in `text` first nest deeper than `limit`, or None."""
    if "<" not in text or text.count("<") <= limit:  # each level needs a tag of its own
        return None
    depth = 0
    for tag in _TAG.finditer(text):
        closing, name, self_closing = tag.groups()
        if self_closing or name.lower() in _FLAT:
            continue
        if closing:
            depth = max(0, depth - 1)
            continue
        depth += 1
        if depth > limit:
            return text.count("\n", 0, tag.start()) + 1
    return None
