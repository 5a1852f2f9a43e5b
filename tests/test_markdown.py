"""Markdown as GitHub renders it (cmark-gfm): the GFM features we promise, with expected values
from the GFM spec 0.29 (https://github.github.com/gfm/), through a whole build (the sanitizer
included); and the renderer's identity in every cache key."""

from __future__ import annotations

import time
from pathlib import Path

import lxml.html
import pytest

from feedgen_app.config import load_config
from feedgen_app.content import markdown
from feedgen_app.readers import markdown as markdown_reader
from feedgen_app.stages import render
from feedgen_app.state import made_with, rendered_cache
from feedgen_app.templates.code import protect_code
from tests.conftest import REPO, Site
from tests.feeds import ATOM, atom_entries


def _content(site: Site, body: str) -> str:
    site.write("a.md", f"---\ntitle: A\ndate: 2024-01-01\n---\n{body}")
    result = site.build()
    assert result.code == 0, result.err
    [entry] = atom_entries(site.feed())
    return entry.findtext(f"{ATOM}content") or ""


def _cells(content: str) -> list[tuple[str, str, str | None]]:
    table = lxml.html.fragment_fromstring(content)
    return [(cell.tag, cell.text_content(), cell.get("style")) for cell in table.iter("th", "td")]


def test_a_table_keeps_its_cells_and_their_alignment(site: Site) -> None:
    # GFM example 199: `:-:` centres a column, `--:` aligns it right. cmark's `align`
    # attribute is obsolete HTML; its `style` form is what the sanitizer keeps.
    content = _content(site, "| abc | defghi |\n:-: | -----------:\nbar | baz\n")
    assert _cells(content) == [
        ("th", "abc", "text-align:center"),
        ("th", "defghi", "text-align:right"),
        ("td", "bar", "text-align:center"),
        ("td", "baz", "text-align:right"),
    ]


def test_a_table_without_alignment_has_plain_cells(site: Site) -> None:
    # GFM example 198.
    content = _content(site, "| foo | bar |\n| --- | --- |\n| baz | bim |\n")
    assert content.startswith("<table>\n<thead>\n<tr>\n<th>foo</th>")
    header = [("th", "foo", None), ("th", "bar", None)]
    assert _cells(content) == [*header, ("td", "baz", None), ("td", "bim", None)]


@pytest.mark.parametrize(
    "text, html",
    [
        # GFM examples 491, 492 and 493.
        ("~~Hi~~ Hello, ~there~ world!", "<p><del>Hi</del> Hello, <del>there</del> world!</p>"),
        ("This ~~has a\n\nnew paragraph~~.", "<p>This ~~has a</p>\n<p>new paragraph~~.</p>"),
        ("This will ~~~not~~~ strike.", "<p>This will ~~~not~~~ strike.</p>"),
    ],
)
def test_strikethrough_is_one_or_two_tildes(site: Site, text: str, html: str) -> None:
    assert _content(site, text + "\n") == html + "\n"


def test_raw_html_reaches_the_sanitizer_which_strips_scripts(site: Site) -> None:
    # CommonMark 0.29 §4.6 (HTML blocks) and §6.8 (raw HTML): kept as written, then sanitized.
    content = _content(
        site,
        '<div class="note">\n<b>bold</b>\n</div>\n\n<script>alert("x")</script>\n\n'
        'Text <kbd>Ctrl</kbd> <a href="javascript:alert(1)" onclick="go()">link</a>.\n',
    )
    assert "<b>bold</b>" in content and "<kbd>Ctrl</kbd>" in content
    assert "script" not in content and "alert" not in content
    assert "<a>link</a>" in content and "omitted" not in content


def test_code_blocks_keep_their_text_escaped(site: Site) -> None:
    # CommonMark 0.29 examples 77 (indented) and 112 (fenced, with an info string).
    content = _content(
        site,
        "    a simple\n      indented code block\n\n"
        "```ruby\ndef foo(x)\n  return 3 if x < 1\nend\n```\n",
    )
    assert content == (
        "<pre><code>a simple\n  indented code block\n</code></pre>\n"
        '<pre><code class="language-ruby">def foo(x)\n  return 3 if x &lt; 1\nend\n'
        "</code></pre>\n"
    )


def test_markdown_nested_too_deep_is_a_located_error_quickly(site: Site) -> None:
    body = "Intro.\n\n" + ">" * 50_000 + " deep\n"
    site.write("deep.md", "---\ntitle: Deep\ndate: 2024-01-02\n---\n" + body)
    started = time.monotonic()
    result = site.build()
    assert time.monotonic() - started < 5  # the sanitizer alone took 12 s on this
    assert result.code == 1
    message = "error: the Markdown nests more than 256 levels deep (block quotes or lists"
    assert f"{site.items / 'deep.md'}:5: {message}" in result.err


def test_markdown_nested_as_deep_as_html_may_is_published(site: Site) -> None:
    content = _content(site, ">" * 200 + " deep\n")
    assert content.count("<blockquote>") == 200 and "<p>deep</p>" in content


def test_an_unclosed_fence_in_a_list_item_ends_with_the_item() -> None:
    # CommonMark 0.29 §4.5: an unclosed fence ends with its container; cmark's source
    # positions end it on the next item's line, and that line must not count as code.
    text = "- ```\n  code {{< x >}}\n- item {{< y >}}\n\n```\nfenced\n```\n\n    indented\n"
    protected, restore = protect_code(text)
    assert protected.split("\n")[2] == "- item {{< y >}}"
    assert "code" not in protected and "fenced" not in protected and "indented" not in protected
    assert restore(protected) == text


@pytest.mark.parametrize(
    "heading, title",
    [
        ("*Hi* <em>raw</em> [link](/u) `code` ![alt](i.png) &amp; \\*", "Hi raw link code & *"),
        ("1. Intro", "1. Intro"),  # a heading's text, not an ordered list
        ("~~old~~ new", "~~old~~ new"),  # CommonMark without GFM's strikethrough, as before
    ],
)
def test_a_heading_title_is_its_plain_text(site: Site, heading: str, title: str) -> None:
    site.write("h.md", f"# {heading}\n\nBody.\n")
    assert site.build().code == 0
    [entry] = atom_entries(site.feed())
    assert entry.findtext(f"{ATOM}title") == title


def test_rendering_many_articles_does_not_grow_memory() -> None:
    statm = Path("/proc/self/statm")
    if not statm.exists():
        pytest.skip("needs /proc")
    text = "# T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n" + "Some *text* ~~here~~.\n\n" * 150
    markdown.article_html(text)
    before = int(statm.read_text().split()[1])
    for _ in range(3000):
        markdown.article_html(text)
    grown_kb = (int(statm.read_text().split()[1]) - before) * 4
    assert grown_kb < 20_000  # unfreed trees and strings: 30 KB a call, 90 MB here


def test_without_cmarks_freeing_functions_articles_are_still_rendered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A build of cmarkgfm whose module does not export cmark's functions: nothing is freed,
    and the HTML is the same."""
    text = "# T\n\n| a | b |\n|:--|---|\n| 1 | 2 |\n\nSome *text* ~~here~~.\n"
    expected = markdown.article_html(text)

    def no_library(*_: object) -> None:
        raise OSError("not exported here")

    monkeypatch.setattr("ctypes.CDLL", no_library)
    markdown._native.cache_clear()
    try:
        assert markdown.article_html(text) == expected
        assert markdown._native() is None
    finally:
        markdown._native.cache_clear()


def _other_renderer(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if another renderer (or version) had made the caches and the feeds."""
    monkeypatch.setattr(made_with, "renderer_version", lambda: "markdown-it-py 4.3.0")
    monkeypatch.setattr(render, "article_html", lambda text: "<p>other body</p>\n")
    monkeypatch.setattr(markdown_reader, "commonmark_html", lambda text: "<h1>Other</h1>\n")


def test_what_another_renderer_made_is_not_reused(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.write("a.md", "---\ndate: 2024-01-01\n---\n# Real *title*\n\n~~Hi~~\n")
    with monkeypatch.context() as patched:
        _other_renderer(patched)
        assert site.build().code == 0
    [entry] = atom_entries(site.feed())
    assert entry.findtext(f"{ATOM}title") == "Other"
    assert entry.findtext(f"{ATOM}content") == "<p>other body</p>\n"
    assert site.build().code == 0  # the article store, the rendered cache, the feeds: ours
    [entry] = atom_entries(site.feed())
    assert entry.findtext(f"{ATOM}title") == "Real title"
    assert entry.findtext(f"{ATOM}content") == "<p><del>Hi</del></p>\n"


def test_the_rendered_cache_key_names_the_renderer(monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_config(REPO / "pyproject.toml").config
    ours = rendered_cache.render_key("digest", "https://example.org/a/", config)
    monkeypatch.setattr(made_with, "renderer_version", lambda: "markdown-it-py 4.3.0")
    assert rendered_cache.render_key("digest", "https://example.org/a/", config) != ours
    assert markdown.renderer_version().startswith("cmark-gfm 0.29.0.gfm.")
