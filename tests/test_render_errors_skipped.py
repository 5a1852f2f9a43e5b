"""Errors found only when an article is rendered (a template error, Markdown nested too deep)
refuse the build like any bad file, and `--skip-invalid` skips them like any bad file: the
feeds are planned again without the article (a tag only it had has no feed), nothing else is
rendered twice, and a rebuild says the same until the file is mended."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Site
from tests.feeds import ATOM, atom_entries, parse_xml, read_with_feedparser
from tests.refusal import assert_refused_then_skipped
from tests.renders import counted_renders

DEEP_BODY = "Intro.\n\n" + ">" * 300 + " deep\n"
DEEP = "---\ntitle: Deep\ndate: 2024-01-02\n---\n" + DEEP_BODY
DEEP_ERROR = (
    "deep.md:5: error: the Markdown nests more than 256 levels deep (block quotes or lists "
    "inside each other; flatten them)"
)


def test_markdown_nested_too_deep_is_refused_then_skipped(site: Site) -> None:
    assert_refused_then_skipped(site, {"deep.md": DEEP}, [DEEP_ERROR])


def _jekyll(site: Site) -> Path:
    site.settings = site.settings.replace('permalink = "/posts/{slug}/"', "")
    site.settings += 'permalink = "/{year}/{month}/{day}/{slug}.html"\nitems = "_posts"\n'
    posts = site.root / "_posts"
    posts.mkdir()
    (site.root / "_config.yml").write_text("title: Blog\n", encoding="utf-8")
    for name, text in {
        "2024-05-01-first.md": "---\ntitle: First\n---\nLinks to {% post_url 2024-05-03-bad %}.\n",
        "2024-05-02-second.md": "---\ntitle: Second\n---\n{{ page.title | upcase }}\n",
        "2024-05-03-bad.md": "---\ntitle: Bad\n---\nfine\n\n{% unknown_tag x %}\n",
    }.items():
        (posts / name).write_text(text, encoding="utf-8")
    return posts


def _titles(site: Site) -> list[str]:
    return [entry.title for entry in read_with_feedparser(site.feed()).entries]


def test_a_liquid_error_is_skipped_and_the_other_posts_still_link_to_its_page(
    site: Site,
) -> None:
    posts = _jekyll(site)
    error = (
        f"{posts / '2024-05-03-bad.md'}:6: error: Liquid: unexpected tag 'unknown_tag' (wrap "
        "text that only looks like Liquid in {% raw %}…{% endraw %})"
    )
    refused = site.build()
    assert refused.code == 1 and error in refused.err.splitlines()
    assert not site.out.exists()
    skipped = site.build("--skip-invalid")
    assert skipped.code == 3
    assert skipped.err.splitlines() == [error, "skipped 1 invalid file (--skip-invalid)"]
    assert _titles(site) == ["Second", "First"]
    second, first = (entry.findtext(f"{ATOM}content") for entry in atom_entries(site.feed()))
    assert second == "<p>SECOND</p>\n"
    # The post is still a page of the site: a link to it is made as before.
    assert first == "<p>Links to /blog/2024/05/03/bad.html.</p>\n"
    before = site.snapshot()
    again = site.build("--skip-invalid")
    assert (again.code, again.err) == (3, skipped.err)
    assert site.snapshot() == before
    (posts / "2024-05-03-bad.md").write_text("---\ntitle: Bad\n---\nmended\n", encoding="utf-8")
    mended = site.build()
    assert (mended.code, mended.err) == (0, "")
    assert _titles(site) == ["Bad", "Second", "First"]


def _tagged(site: Site, name: str, day: int, tags: str, body: str) -> None:
    front = f"---\ntitle: {name}\ndate: 2024-03-{day:02d}T12:00:00Z\ntags: [{tags}]\n---\n"
    site.write(f"{name}.md", front + body)


def test_in_a_family_the_feeds_are_planned_without_the_article(site: Site) -> None:
    site.settings += "tag_feeds = true\narchive = true\narchive_page_size = 1\nitem_limit = 1\n"
    _tagged(site, "one", 1, "common", "One.\n")
    _tagged(site, "two", 2, "common", "Two.\n")
    _tagged(site, "deep", 3, "common, lonely", DEEP_BODY)
    skipped = site.build("--skip-invalid")
    assert skipped.code == 3, skipped.err
    assert "deep.md:6: error: the Markdown nests more than 256 levels" in skipped.err
    assert not (site.out / "tags" / "lonely").exists()
    common = parse_xml(site.feed("tags/common/atom.xml"))
    assert [e.findtext(f"{ATOM}title") for e in common.findall(f"{ATOM}entry")] == ["two"]
    archived = [site.feed(f"archive/{n}/atom.xml") for n in (1, 2)]
    assert [parse_xml(page).findtext(f"{ATOM}entry/{ATOM}title") for page in archived] == [
        "one",
        "two",
    ]
    assert not (site.out / "archive" / "3").exists()


def test_the_articles_rendered_before_the_error_are_not_rendered_again(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    for day in (1, 2, 3):
        _tagged(site, f"a{day}", day, "x", f"Article {day}.\n")
    site.write("deep.md", DEEP)
    rendered = counted_renders(monkeypatch)
    assert site.build("--skip-invalid").code == 3
    assert sorted(rendered) == ["Deep", "a1", "a2", "a3"]
    assert _titles(site) == ["a3", "a2", "a1"]
