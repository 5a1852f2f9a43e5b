"""Content folders people already have: a Hugo/Zola tree, a Jekyll _posts folder, leftovers."""

from __future__ import annotations

from feedgen_app.readers import READERS
from feedgen_app.stages.discover import ARTICLE_SUFFIXES
from tests.conftest import Site
from tests.feeds import read_with_feedparser


def test_hugo_content_tree_with_bundles_and_section_pages(site: Site) -> None:
    site.settings = site.settings.replace('permalink = "/posts/{slug}/"', "")
    site.write("_index.md", "---\ntitle: Home\n---\n")
    site.write("posts/_index.md", "---\ntitle: Posts\n---\n")
    site.write("posts/first.md", "---\ntitle: First\ndate: 2024-01-01\n---\n")
    site.write("posts/bundle/index.md", "---\ntitle: Bundle\ndate: 2024-01-02\n---\n![a](a.png)\n")
    (site.items / "posts" / "bundle" / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    result = site.build()
    assert (result.code, result.err) == (0, "")
    entries = read_with_feedparser(site.feed()).entries
    assert [entry.link for entry in entries] == [
        "https://example.org/blog/posts/bundle/",
        "https://example.org/blog/posts/first/",
    ]
    assert 'src="https://example.org/blog/posts/bundle/a.png"' in entries[0].content[0].value


def test_jekyll_posts_folder_and_date_pattern(site: Site) -> None:
    site.settings = site.settings.replace(
        'permalink = "/posts/{slug}/"', 'permalink = "/{year}/{month}/{day}/{slug}.html"'
    )
    site.write("_posts/2024-03-09-hello-world.md", "---\ntitle: Hello\n---\n")
    site.build()
    [entry] = read_with_feedparser(site.feed()).entries
    assert entry.link == "https://example.org/blog/2024/03/09/hello-world.html"


def test_hidden_files_and_editor_leftovers_are_ignored_quietly(site: Site) -> None:
    site.write("a.md", "---\ntitle: A\ndate: 2024-01-01\n---\n")
    for name in (".DS_Store", ".a.md.swp", "a.md~", "#a.md#", ".hidden/b.md"):
        site.write(name, "junk")
    result = site.build()
    assert (result.code, result.err) == (0, "")
    assert len(read_with_feedparser(site.feed()).entries) == 1


def test_unknown_file_types_are_skipped_with_a_warning(site: Site) -> None:
    site.write("a.md", "---\ntitle: A\ndate: 2024-01-01\n---\n")
    path = site.write("notes.rst", "Title\n=====\n")
    result = site.build()
    assert result.code == 0
    assert result.err.splitlines() == [
        f"{path}: warning: skipped: not an article file type "
        "(accepted: .htm, .html, .markdown, .md, .txt)"
    ]


def test_slug_and_permalink_front_matter_set_the_url(site: Site) -> None:
    site.write("a.md", "---\ntitle: A\ndate: 2024-01-02\nslug: Über Café\n---\n")
    site.write("b.md", "---\ntitle: B\ndate: 2024-01-01\npermalink: /custom/path/\n---\n")
    site.build()
    entries = read_with_feedparser(site.feed()).entries
    assert [entry.link for entry in entries] == [
        "https://example.org/blog/posts/%C3%BCber-caf%C3%A9/",
        "https://example.org/blog/custom/path/",
    ]


def test_the_article_suffixes_are_those_with_a_reader() -> None:
    assert frozenset(READERS) == ARTICLE_SUFFIXES
