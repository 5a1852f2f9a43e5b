"""Reading article files: bytes -> text -> a `RawArticle`, one reader per file suffix."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from feedgen_app.errors import Problem, SourceRef, fail, warning
from feedgen_app.readers.fields import RawArticle, ReadOptions
from feedgen_app.readers.markdown import read_markdown
from feedgen_app.readers.text import read_text

Reader = Callable[[str, SourceRef, ReadOptions], RawArticle]

READERS: dict[str, Reader] = {
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".txt": read_text,
}

# Characters XML 1.0 does not allow (section 2.2); tab, newline and carriage return are fine.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

__all__ = ["READERS", "RawArticle", "ReadOptions", "read_article"]


def read_article(path: Path, ref: SourceRef, options: ReadOptions) -> RawArticle:
    """Read one article file; raises ArticleError naming the file and line."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise fail(ref, f"cannot read the file: {exc.strerror}") from exc
    text = _decode(data, ref)
    text, removed_note = _remove_xml_forbidden(text, ref)
    article = READERS[path.suffix.lower()](text, ref, options)
    if removed_note is None:
        return article
    return replace(article, warnings=(*article.warnings, removed_note))


def _decode(data: bytes, ref: SourceRef) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise fail(
            ref.at(line), f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8"
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _remove_xml_forbidden(text: str, ref: SourceRef) -> tuple[str, Problem | None]:
    match = _XML_FORBIDDEN.search(text)
    if match is None:
        return text, None
    cleaned, count = _XML_FORBIDDEN.subn("", text)
    line = text.count("\n", 0, match.start()) + 1
    note = warning(
        ref.at(line),
        f"removed {count} character(s) that XML 1.0 forbids (first: U+{ord(match[0]):04X})",
    )
    return cleaned, note
