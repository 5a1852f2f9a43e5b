"""Markdown to HTML with cmark-gfm, GitHub's C implementation of CommonMark and of the GFM
extensions, through `cmarkgfm` (the PyPA's bindings to it, which readme_renderer uses): about
thirty times faster than markdown-it-py, the pure-Python parser used before (29 µs instead of
850 µs for a 4 KB article).

Articles are CommonMark with two GFM extensions, rendered as GitHub and Hugo's goldmark render
them (GFM spec 0.29), since Hugo and Jekyll sites are what users bring:
- tables (§4.10), a cell's alignment written as `style="text-align: …"`
  (`CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES`): the sanitizer keeps `text-align` in `style`
  and drops the obsolete `align` attribute that cmark writes otherwise;
- strikethrough (§6.5) as `<del>`, between one or two tildes (`~a~`, `~~a~~`), never three:
  the spec's rule and GitHub's and goldmark's behaviour, hence no
  `CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE`.
Raw HTML is kept (`CMARK_OPT_UNSAFE`) rather than replaced by a comment: `content.sanitize`
runs on the result and is the safety boundary. Not enabled, as before: links from bare URLs,
task lists, footnotes, smart punctuation, GFM's tag filter (the sanitizer's job).

cmarkgfm's own functions free neither the document tree nor the HTML string they return
(about 10 KB an article; a build renders 100,000): here both are freed with cmark's own
allocator, through ctypes (the extension module exports cmark's functions: checked on Linux;
feedgen_app needs a POSIX system anyway, `state/lock.py`). Each kind of parser is made once
per process (cmark resets a parser after each document, and keeps its extensions); a lock
keeps it to one document at a time.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import TYPE_CHECKING, Any

from cmarkgfm import _cmark  # the C functions that cmarkgfm.cmark wraps
from cmarkgfm.cmark import Options

if TYPE_CHECKING:
    from lxml.html import HtmlElement

ARTICLE_OPTIONS = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES
ARTICLE_EXTENSIONS = ("table", "strikethrough")


class _Parser:
    """A cmark parser with its extensions, and the options it renders with."""

    def __init__(self, options: int, extensions: tuple[str, ...] = ()) -> None:
        lib = _cmark.lib
        self.options = options
        self.parser = lib.cmark_parser_new(options)  # kept for the process's lifetime
        lib.cmark_gfm_core_extensions_ensure_registered()
        for name in extensions:
            lib.cmark_parser_attach_syntax_extension(
                self.parser, lib.cmark_find_syntax_extension(name.encode())
            )
        self.extensions = lib.cmark_parser_get_syntax_extensions(self.parser)
        self.lock = threading.Lock()

    def html(self, text: str) -> str:
        lib, ffi = _cmark.lib, _cmark.ffi
        native = _native()
        data = text.encode()
        with self.lock:
            lib.cmark_parser_feed(self.parser, data, len(data))
            root = lib.cmark_parser_finish(self.parser)
        try:
            rendered = lib.cmark_render_html(root, self.options, self.extensions)
            try:
                return str(ffi.string(rendered).decode())
            finally:
                if native is not None:
                    native.free(_address(rendered))
        finally:
            if native is not None:
                native.node_free(_address(root))


class _Native:
    """The two functions of cmark that cmarkgfm does not expose: freeing a document tree, and
    the allocator's `free` (the one cmark allocated the HTML with)."""

    def __init__(self) -> None:
        import ctypes  # noqa: PLC0415 - only a build that renders needs it (not a key's version)

        class Memory(ctypes.Structure):
            """cmark's `cmark_mem`: the allocator its nodes and strings come from."""

            _fields_ = (
                ("calloc", ctypes.c_void_p),
                ("realloc", ctypes.c_void_p),
                ("free", ctypes.CFUNCTYPE(None, ctypes.c_void_p)),
            )

        library = ctypes.CDLL(_cmark.__file__)  # the already loaded extension module
        self.node_free = library.cmark_node_free
        self.node_free.argtypes = (ctypes.c_void_p,)
        self.node_free.restype = None
        allocator = library.cmark_get_default_mem_allocator
        allocator.restype = ctypes.POINTER(Memory)
        self.free = allocator().contents.free


def _address(pointer: Any) -> int:
    return int(_cmark.ffi.cast("uintptr_t", pointer))


@cache
def _native() -> _Native | None:
    """cmark's freeing functions; None where the extension module does not export them (then
    each document's tree and HTML stay allocated, about 10 KB an article, as with cmarkgfm's
    own functions, rather than no build at all)."""
    try:
        return _Native()
    except (OSError, AttributeError):
        return None


@cache
def _article_parser() -> _Parser:
    return _Parser(ARTICLE_OPTIONS, ARTICLE_EXTENSIONS)


@cache
def _commonmark_parser() -> _Parser:
    return _Parser(Options.CMARK_OPT_DEFAULT)


@cache
def _positions_parser() -> _Parser:
    # Without CMARK_OPT_UNSAFE raw HTML is left out, so every `<pre data-sourcepos` is cmark's.
    return _Parser(Options.CMARK_OPT_SOURCEPOS)


def article_html(markdown: str) -> str:
    """An article's Markdown as HTML, raw HTML included (to be sanitized)."""
    return _article_parser().html(markdown)


def commonmark_html(markdown: str) -> str:
    """CommonMark without extensions, as HTML (raw HTML included)."""
    return _commonmark_parser().html(markdown)


def code_block_lines(markdown: str) -> list[tuple[int, int]]:
    """(first, last) 1-based line of each fenced or indented code block, in CommonMark (lists
    and block quotes included), from the source positions cmark writes on its `<pre>`s. cmark
    ends a block that its container closes (an unclosed fence in a list item or block quote)
    on the line after the container, so the end is taken no later than the container's. The
    blank lines after a block may count as its own (harmless: they hold no template)."""
    html = _positions_parser().html(markdown)
    if "<pre" not in html:
        return []
    import lxml.html  # noqa: PLC0415 - not for the caches' keys, which need only the version

    blocks = []
    for pre in lxml.html.fragment_fromstring(html, create_parent="div").iter("pre"):
        first, last = _lines(pre)
        parent = pre.getparent()
        if parent is not None and parent.get("data-sourcepos"):
            last = min(last, _lines(parent)[1])
        blocks.append((first, last))
    return blocks


def _lines(element: HtmlElement) -> tuple[int, int]:
    """The first and last line of a block by its `data-sourcepos` (`3:1-5:3`)."""
    start, end = str(element.get("data-sourcepos")).split("-")
    return int(start.split(":")[0]), int(end.split(":")[0])


@cache
def renderer_version() -> str:
    """The renderer and its version, for the caches' keys: other bytes may come of another."""
    version = _cmark.ffi.string(_cmark.lib.cmark_version_string()).decode()
    return f"cmark-gfm {version}"
