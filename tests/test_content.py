"""What goes into <content>: Markdown rendered, URLs made absolute, text escaped, XML-safe."""

from __future__ import annotations

from tests.conftest import Site
from tests.feeds import ATOM, atom_entries, read_with_feedparser


def _content(site: Site) -> str:
    assert site.build().code == 0
    [entry] = atom_entries(site.feed())
    return entry.findtext(f"{ATOM}content") or ""


def test_relative_urls_become_absolute_against_the_article_url(site: Site) -> None:
    site.write(
        "bundle/index.md",
        """\
        ---
        title: Bundle
        date: 2024-01-01
        ---
        [sibling](../other/) [root](/about/) [anchor](#top) [mail](mailto:a@example.org)
        ![pic](pic.png) [elsewhere](https://other.example/a/../b?q=1#f) [plain](http://x.example)

        <img src="a.png" srcset="a.png 1x, b.png 2x">
        <video poster="still.jpg" src="clip.mp4"></video>
        """,
    )
    content = _content(site)
    base = "https://example.org/blog/posts/bundle/"
    assert f'href="{base[:-7]}other/"' in content
    assert 'href="https://example.org/about/"' in content
    # A fragment points into the article's own page: the feed is not that page (W3C warns).
    assert f'href="{base}#top"' in content and 'href="mailto:a@example.org"' in content
    assert f'src="{base}pic.png"' in content
    assert f'srcset="{base}a.png 1x, {base}b.png 2x"' in content
    assert f'poster="{base}still.jpg"' in content and f'src="{base}clip.mp4"' in content
    # Absolute URLs on the web stay as written.
    assert 'href="https://other.example/a/../b?q=1#f"' in content
    assert 'href="http://x.example"' in content


def test_markdown_is_commonmark_with_tables_and_code(site: Site) -> None:
    site.write(
        "md.md",
        "---\ntitle: M\ndate: 2024-01-01\n---\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "```python\nif a < b:\n    pass\n```\n\n~~gone~~ *em*\n",
    )
    content = _content(site)
    assert "<table>" in content and "<td>1</td>" in content
    assert '<pre><code class="language-python">if a &lt; b:\n    pass\n</code></pre>' in content
    assert "<del>gone</del> <em>em</em>" in content  # GFM spec 0.29, example 491


def test_plain_text_is_escaped_never_markup(site: Site) -> None:
    site.write("t.txt", "Title with <b>tags</b> & more\n\nA <script>x</script> & b\nnext line\n")
    site.build()
    [entry] = read_with_feedparser(site.feed()).entries
    assert entry.title == "Title with <b>tags</b> & more"
    assert entry.content[0].value == "<p>A &lt;script&gt;x&lt;/script&gt; &amp; b\nnext line</p>"


def test_characters_xml_forbids_are_removed_with_a_warning(site: Site) -> None:
    path = site.write("c.md", "---\ntitle: Bell\x07 here\ndate: 2024-01-01\n---\nA\x0bB\tC\x01\n")
    result = site.build()
    assert result.code == 0
    assert (
        f"{path}:2: warning: removed 3 control character(s) XML 1.0 forbids (first: U+0007)"
        in result.err.splitlines()
    )
    [entry] = read_with_feedparser(site.feed()).entries
    assert entry.title == "Bell here"
    assert entry.content[0].value == "<p>AB\tC</p>"


def test_summary_is_the_first_paragraph_unless_given(site: Site) -> None:
    site.write("a.md", "---\ntitle: A\ndate: 2024-01-02\n---\n# Head\n\nFirst *para*.\n\nSecond.\n")
    site.write("b.md", "---\ntitle: B\ndate: 2024-01-01\nsummary: Given.\n---\nFirst.\n")
    site.build()
    entries = read_with_feedparser(site.feed()).entries
    assert [entry.summary for entry in entries] == ["First para.", "Given."]


def test_utf8_bom_and_crlf_line_ends_are_read(site: Site) -> None:
    (site.items / "w.md").write_bytes(
        b"\xef\xbb\xbf---\r\ntitle: Windows\r\ndate: 2024-01-01\r\n---\r\nLine\r\n"
    )
    site.build()
    [entry] = read_with_feedparser(site.feed()).entries
    assert (entry.title, entry.content[0].value) == ("Windows", "<p>Line</p>")
