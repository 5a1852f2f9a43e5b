"""Reading article files: bytes -> text -> a `RawArticle`, one reader per file suffix."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from feedgen_app.errors import ArticleError, Problem, SourceRef
from feedgen_app.model import Body
from feedgen_app.readers.decode import decode_html, decode_text, read_bytes
from feedgen_app.readers.fields import RawArticle, ReadOptions
from feedgen_app.readers.frontmatter import split_front_matter
from feedgen_app.readers.markdown import read_markdown
from feedgen_app.readers.text import edge_lines, read_text

Reader = Callable[[str, SourceRef, ReadOptions], RawArticle]
Decoder = Callable[[bytes, SourceRef], tuple[str, tuple[Problem, ...]]]


def read_html(text: str, ref: SourceRef, options: ReadOptions) -> RawArticle:
    """A saved web page (`readers.html`, with lxml's HTML parser and the extractors, loaded
    only by a build that has one: 18 ms of every other build's start)."""
    from feedgen_app.readers import html  # noqa: PLC0415

    return html.read_html(text, ref, options)


READERS: dict[str, Reader] = {
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".txt": read_text,
    ".html": read_html,
    ".htm": read_html,
}
HTML_SUFFIXES = (".html", ".htm")
"""Saved pages declare their own encoding; every other article file is UTF-8 (or has a BOM)."""

__all__ = [
    "HTML_SUFFIXES",
    "READERS",
    "RawArticle",
    "ReadOptions",
    "body_and_meta",
    "body_text",
    "chrome_edges",
    "parse_article",
    "read_article",
]


def read_article(path: Path, ref: SourceRef, options: ReadOptions) -> RawArticle:
    """Read one article file; raises ArticleError naming the file and line."""
    return parse_article(read_bytes(path, ref, options.max_file_size), path.suffix, ref, options)


def parse_article(data: bytes, suffix: str, ref: SourceRef, options: ReadOptions) -> RawArticle:
    """An article from the bytes of a file with `suffix`; raises ArticleError."""
    suffix = suffix.lower()
    decode = decode_html if suffix in HTML_SUFFIXES else decode_text
    text, notes = decode(data, ref)
    article = READERS[suffix](text, ref, options)
    if not notes:
        return article
    return article._replace(warnings=(*notes, *article.warnings))


def chrome_edges(data: bytes, suffix: str) -> frozenset[str]:
    """The edge lines of a plain-text file, for learning its folder's chrome (`readers.chrome`);
    none for other files and for bytes that are not text (reading them reports that)."""
    if suffix.lower() != ".txt":
        return frozenset()
    try:
        text, _ = decode_text(data, SourceRef(""))
    except ArticleError:
        return frozenset()
    return edge_lines(text)


def body_text(body: Body) -> str:
    """The body's text, read again from its file exactly as `read_article` read it."""
    return _body_of(body, _file_text(body))


def body_and_meta(body: Body) -> tuple[str, dict[str, Any]]:
    """The body's text and its file's front matter (for `page.*`), read again from the file."""
    text = _file_text(body)
    meta: dict[str, Any] = {}
    if body.format == "markdown" and body.start > 1:
        front, _, _ = split_front_matter(text, body.source)
        meta = front.meta if front is not None else {}
    return _body_of(body, text), meta


def _file_text(body: Body) -> str:
    decode = decode_html if body.format == "html" else decode_text
    return decode(read_bytes(Path(body.path), body.source, sys.maxsize), body.source)[0]


def _body_of(body: Body, text: str) -> str:
    end = None if body.end is None else body.end - 1
    return "\n".join(text.split("\n")[body.start - 1 : end])
