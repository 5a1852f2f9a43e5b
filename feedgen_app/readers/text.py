"""Plain-text articles: optional `Key: value` header lines, a title line, paragraphs.

Scraped pages carry page chrome ("Latest news" above, "See all" below); lines listed in the
`chrome_lines` setting are dropped from the top and bottom edges of the text, never from inside.
So are the lines learned from the other files in the same folder (`readers.chrome`), but only
within the first and last `EDGE_LINES` non-blank lines: a file's result depends on what was
learned only through the learned lines among its `edge_lines`.
"""

from __future__ import annotations

import re

from feedgen_app.errors import ArticleError, SourceRef, fail
from feedgen_app.model import Body
from feedgen_app.readers.fields import RawArticle, ReadOptions, normalize_space, read_fields

_HEADER = re.compile(r"^(?P<key>[A-Za-z][A-Za-z_-]*):[ \t]*(?P<value>.*?)[ \t]*$")
EDGE_LINES = 3
"""How many non-blank lines at the top and at the bottom of a file learned chrome may remove."""
HEADER_KEYS = frozenset(
    {"title", "date", "updated", "author", "authors", "link", "tags", "summary", "id", "slug"}
    | {"lang", "draft"}
)


def read_text(text: str, ref: SourceRef, options: ReadOptions) -> RawArticle:
    lines = text.split("\n")
    headers, header_lines, start = _read_headers(lines)
    values, field_lines, problems = read_fields(
        headers, lambda key: header_lines[key], ref, options.zone
    )
    errors = [problem for problem in problems if problem.severity == "error"]
    if errors:
        raise ArticleError(errors)
    chrome = {chrome_key(line) for line in options.chrome_lines}
    first, last = _content_span(lines, start, chrome, options.learned_chrome)
    if "title" not in values:
        if first == last:
            raise fail(ref.at(1), "no title (add a `Title:` line or write the title on line 1)")
        values["title"] = normalize_space(lines[first])
        field_lines["title"] = first + 1
        first = _skip_blank(lines, first + 1, last)
    return RawArticle(
        source=ref,
        body=Body(ref.path, "text", first + 1, last + 1),
        lines=field_lines,
        warnings=tuple(problems),
        **values,
    )


def _read_headers(lines: list[str]) -> tuple[dict[str, object], dict[str, int], int]:
    """Leading `Key: value` lines with known keys: (values, key -> line, index after them)."""
    headers: dict[str, object] = {}
    header_lines: dict[str, int] = {}
    index = 0
    while index < len(lines):
        match = _HEADER.match(lines[index])
        if not match or match["key"].lower() not in HEADER_KEYS:
            break
        key, value = match["key"].lower(), match["value"]
        headers[key] = value.split(",") if key == "tags" else value
        header_lines[key] = index + 1
        index += 1
    return headers, header_lines, index


def chrome_key(line: str) -> str:
    """What two lines of chrome have in common: case and spacing ignored."""
    return normalize_space(line).casefold()


def edge_lines(text: str) -> frozenset[str]:
    """The chrome keys of the first and last `EDGE_LINES` non-blank lines after the headers:
    the only lines that learned chrome can remove."""
    lines = text.split("\n")
    return frozenset(chrome_key(lines[index]) for index in _edges(lines, _read_headers(lines)[2]))


def _edges(lines: list[str], start: int) -> set[int]:
    filled = [index for index in range(start, len(lines)) if lines[index].strip()]
    return {*filled[:EDGE_LINES], *filled[-EDGE_LINES:]}


def _content_span(
    lines: list[str], start: int, chrome: set[str], learned: frozenset[str]
) -> tuple[int, int]:
    """[first, last) line indexes of the text without blank or chrome lines at its edges."""
    edges = _edges(lines, start) if learned else set()

    def is_edge(index: int) -> bool:
        line = lines[index]
        if not line.strip():
            return True
        key = chrome_key(line)
        return key in chrome or (key in learned and index in edges)

    first, last = start, len(lines)
    while first < last and is_edge(first):
        first += 1
    while last > first and is_edge(last - 1):
        last -= 1
    return first, last


def _skip_blank(lines: list[str], index: int, last: int) -> int:
    while index < last and not lines[index].strip():
        index += 1
    return index
