"""The field names Jekyll, Hugo and Zola users already write are all understood."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Site
from tests.feeds import read_with_feedparser

JEKYLL = (
    "_posts/2024-02-03-jekyll-post.md",
    """\
    ---
    layout: post
    title: "A Jekyll post"
    last_modified_at: 2024-02-05 09:00:00 +0100
    author: Jekyll Writer
    excerpt: The excerpt is the summary.
    categories: news
    tags: ruby static
    ---
    Body.
    """,
)
HUGO = (
    "posts/hugo-post.md",
    """\
    +++
    title = "A Hugo post"
    date = 2024-02-03T00:00:00+01:00
    lastmod = 2024-02-05T09:00:00+01:00
    authors = ["Hugo Writer"]
    description = "The description is the summary."
    categories = ["news"]
    tags = ["ruby", "static"]
    slug = "jekyll-post"
    draft = false
    +++
    Body.
    """,
)
ZOLA = (
    "blog/zola-post/index.md",
    """\
    +++
    title = "A Zola post"
    date = 2024-02-03
    updated = 2024-02-05T09:00:00+01:00
    description = "The description is the summary."
    authors = ["Zola Writer <zola@example.org>"]
    path = "/posts/jekyll-post/"

    [taxonomies]
    categories = ["news"]
    tags = ["ruby", "static"]

    [extra]
    comments = true
    +++
    Body.
    """,
)


@pytest.mark.parametrize("name, text", [JEKYLL, HUGO, ZOLA], ids=["jekyll", "hugo", "zola"])
def test_generator_front_matter_maps_to_the_same_article(site: Site, name: str, text: str) -> None:
    site.settings = site.settings.replace('timezone = "UTC"', 'timezone = "Europe/Paris"')
    site.write(name, text)
    assert site.build().code == 0
    [entry] = read_with_feedparser(site.feed()).entries
    assert entry.link == "https://example.org/blog/posts/jekyll-post/"
    assert entry.published == "2024-02-03T00:00:00+01:00"
    assert entry.updated == "2024-02-05T09:00:00+01:00"
    assert entry.summary.startswith("The ") and entry.summary.endswith(" is the summary.")
    assert sorted(tag.term for tag in entry.tags) == ["news", "ruby", "static"]
    assert len(entry.authors) == 1 and entry.authors[0].name.endswith(" Writer")


def test_name_and_email_author_strings_are_split(site: Site) -> None:
    site.write(*ZOLA)
    site.build()
    [entry] = read_with_feedparser(site.feed()).entries
    assert entry.authors[0] == {"name": "Zola Writer", "email": "zola@example.org"}


def _titles(site: Site, *args: str) -> list[str]:
    assert site.build(*args).code == 0
    return [entry.title for entry in read_with_feedparser(site.feed()).entries]


def test_drafts_are_left_out_unless_asked_for(site: Site) -> None:
    site.write("a.md", "---\ntitle: Draft\ndate: 2024-01-01\ndraft: true\n---\n")
    site.write("b.md", "---\ntitle: Unpublished\ndate: 2024-01-02\npublished: false\n---\n")
    site.write("_drafts/c.md", "---\ntitle: In _drafts\ndate: 2024-01-03\n---\n")
    site.write("d.md", "---\ntitle: Public\ndate: 2024-01-04\n---\n")
    assert _titles(site) == ["Public"]
    assert _titles(site, "--drafts") == ["Public", "In _drafts", "Unpublished", "Draft"]


def test_a_draft_that_also_says_published_is_a_draft(site: Site) -> None:
    site.write("a.md", "---\ntitle: Both\ndate: 2024-01-01\ndraft: true\npublished: true\n---\n")
    site.write("b.md", "---\ntitle: Neither\ndate: 2024-01-02\ndraft: yes\npublished: no\n---\n")
    site.write("c.md", "---\ntitle: Public\ndate: 2024-01-03\ndraft: false\npublished: yes\n---\n")
    assert _titles(site) == ["Public"]
    assert _titles(site, "--drafts") == ["Public", "Neither", "Both"]


def test_future_articles_are_left_out_unless_asked_for(site: Site) -> None:
    site.write("now.md", "---\ntitle: Now\ndate: 2024-01-01\n---\n")
    site.write("later.md", "---\ntitle: Later\ndate: 2999-01-01\n---\n")
    assert _titles(site) == ["Now"]
    assert _titles(site, "--future") == ["Later", "Now"]


def test_newest_first_ties_by_id_and_the_item_limit(site: Site) -> None:
    # Ties whose id order is the reverse of their path order (a.md, b.md, e.md).
    for name, day, id_ in (
        ("c", 1, "1"),
        ("a", 2, "9"),
        ("b", 2, "5"),
        ("e", 2, "0"),
        ("d", 3, "2"),
    ):
        header = f"title: {name}\ndate: 2024-01-0{day}\nid: urn:tie:{id_}"
        site.write(f"{name}.md", f"---\n{header}\n---\n")
    assert _titles(site) == ["d", "e", "b", "a", "c"]
    site.settings += "item_limit = 2\n"
    assert _titles(site) == ["d", "e"]
    site.settings = site.settings.replace("item_limit = 2", "item_limit = 0")
    assert len(_titles(site)) == 5


def test_a_leading_heading_is_the_title_when_front_matter_has_none(site: Site) -> None:
    site.write("2024-01-01-heading.md", "# The heading title\n\nThe body.\n")
    site.build()
    [entry] = read_with_feedparser(site.feed()).entries
    assert entry.title == "The heading title"
    assert entry.content[0].value == "<p>The body.</p>"


def test_naive_dates_are_taken_in_the_configured_zone(site: Site) -> None:
    site.settings = site.settings.replace('timezone = "UTC"', 'timezone = "America/New_York"')
    site.write("a.md", "---\ntitle: A\ndate: 2024-07-01 09:30\n---\n")
    site.write("2024-01-15-b.md", "---\ntitle: B\n---\n")
    entries: list[Any] = read_with_feedparser(_feed_after_build(site)).entries
    assert [entry.published for entry in entries] == [
        "2024-07-01T09:30:00-04:00",
        "2024-01-15T00:00:00-05:00",
    ]


def _feed_after_build(site: Site) -> bytes:
    assert site.build().code == 0
    return site.feed()


def test_file_name_date_that_disagrees_with_front_matter_warns(site: Site) -> None:
    path = site.write("2024-01-01-post.md", "---\ntitle: T\ndate: 2024-02-02\n---\n")
    result = site.build()
    assert result.code == 0
    assert (
        f"{path}:3: warning: the file name says 2024-01-01 but date says 2024-02-02; "
        "using date (rename the file or fix the date)"
    ) in result.err.splitlines()
