"""The files for people: a subscribe page per feed folder, the autodiscovery snippet and the CSS
that makes raw Atom and RSS readable. Pages are parsed with html5lib in strict mode (a parse
error of the HTML5 syntax fails the test) and read field by field."""

from __future__ import annotations

from typing import Any

import html5lib
import pytest
from lxml import etree

from tests.conftest import Site

HTML = "{http://www.w3.org/1999/xhtml}"
FAMILY = "tag_feeds = true\n"


def _page(data: bytes) -> Any:
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True)
    return parser.parse(data.decode("utf-8"))


def _text(element: Any) -> str:
    return "".join(element.itertext()).strip()


def _alternates(page: Any) -> list[tuple[str, str]]:
    return [
        (link.get("type"), link.get("href"))
        for link in page.iter(f"{HTML}link")
        if link.get("rel") == "alternate"
    ]


@pytest.fixture
def blog(site: Site) -> Site:
    site.settings += FAMILY + 'description = "Notes & news"\n'
    site.write("one.md", "---\ntitle: First post\ndate: 2024-03-01\ntags: [Python]\n---\nHi.\n")
    summary = "summary: Second's <b>summary</b>\n"
    site.write("two.md", f"---\ntitle: Second <post>\ndate: 2024-03-02\n{summary}---\nBody.\n")
    return site


def test_the_site_page_shows_title_articles_and_subscribe_addresses(blog: Site) -> None:
    assert blog.build().code == 0
    page = _page((blog.out / "index.html").read_bytes())
    assert page.get("lang") == "en"
    assert _text(page.find(f".//{HTML}title")) == "Test site"
    assert _text(page.find(f".//{HTML}h1")) == "Test site"
    assert _text(page.find(f".//{HTML}header/{HTML}p")) == "Notes & news"
    viewport = [m.get("content") for m in page.iter(f"{HTML}meta") if m.get("name") == "viewport"]
    assert viewport == ["width=device-width, initial-scale=1"]
    assert _alternates(page) == [
        ("application/atom+xml", "https://example.org/blog/atom.xml"),
        ("application/rss+xml", "https://example.org/blog/rss.xml"),
        ("application/feed+json", "https://example.org/blog/feed.json"),
    ]
    inputs = [(i.get("id"), i.get("value")) for i in page.iter(f"{HTML}input")]
    assert inputs == [
        ("feed-atom", "https://example.org/blog/atom.xml"),
        ("feed-rss", "https://example.org/blog/rss.xml"),
        ("feed-json", "https://example.org/blog/feed.json"),
    ]
    buttons = [b.get("data-copy") for b in page.iter(f"{HTML}button")]
    assert buttons == [value for _, value in inputs]
    feed_links = [a.get("href") for a in page.iter(f"{HTML}a") if a.get("type")]
    assert feed_links == ["atom.xml", "rss.xml", "feed.json"]
    articles = [
        (
            _text(article.find(f"{HTML}h3/{HTML}a")),
            article.find(f"{HTML}h3/{HTML}a").get("href"),
            article.find(f"{HTML}time").get("datetime"),
            _text(article.find(f"{HTML}time")),
            _text(article.find(f"{HTML}p")) if article.find(f"{HTML}p") is not None else None,
        )
        for article in page.iter(f"{HTML}article")
    ]
    assert articles == [
        (
            "Second <post>",
            "https://example.org/blog/posts/two/",
            "2024-03-02T00:00:00+00:00",
            "2024-03-02",
            "Second's <b>summary</b>",
        ),
        (
            "First post",
            "https://example.org/blog/posts/one/",
            "2024-03-01T00:00:00+00:00",
            "2024-03-01",
            "Hi.",
        ),
    ]


def test_every_value_is_escaped(blog: Site) -> None:
    blog.build()
    data = (blog.out / "index.html").read_bytes()
    assert b"Second &lt;post&gt;" in data
    assert b"<b>" not in data
    assert b"Notes &amp; news" in data


def test_each_tag_folder_gets_its_page_with_its_own_feeds(blog: Site) -> None:
    blog.settings += "archive = true\narchive_page_size = 1\n"
    assert blog.build().code == 0
    page = _page((blog.out / "tags" / "python" / "index.html").read_bytes())
    assert _text(page.find(f".//{HTML}h1")) == "Test site — Python"
    assert [type_ for type_, _ in _alternates(page)] == [
        "application/atom+xml",
        "application/rss+xml",
        "application/feed+json",
    ]
    assert _alternates(page)[0][1] == "https://example.org/blog/tags/python/atom.xml"
    assert [_text(a.find(f"{HTML}h3")) for a in page.iter(f"{HTML}article")] == ["First post"]
    pages = sorted(str(p.relative_to(blog.out)) for p in blog.out.rglob("index.html"))
    assert pages == ["index.html", "tags/python/index.html"]  # archive pages get none


def test_the_page_setting_renames_or_turns_off_the_pages(blog: Site) -> None:
    blog.settings += 'subscribe_page = "subscribe.html"\n'
    blog.build()
    assert (blog.out / "tags" / "python" / "subscribe.html").is_file()
    assert not (blog.out / "index.html").exists()
    blog.settings = blog.settings.replace('"subscribe.html"', '""')
    result = blog.build()
    assert result.code == 0, result.err
    assert not list(blog.out.rglob("*.html"))  # the earlier pages are removed


def test_a_page_that_is_no_longer_planned_is_removed(blog: Site) -> None:
    blog.build()
    assert (blog.out / "tags" / "python" / "index.html").is_file()
    blog.settings = blog.settings.replace(FAMILY, "")
    assert blog.build().code == 0
    assert not (blog.out / "tags").exists()


def test_the_autodiscovery_snippet_holds_the_site_feeds_link_lines(blog: Site) -> None:
    blog.settings += 'autodiscovery_snippet = "head.html"\n'
    blog.build()
    fragment = html5lib.parseFragment(
        (blog.out / "head.html").read_text(encoding="utf-8"), namespaceHTMLElements=False
    )
    links = [(link.get("rel"), link.get("type"), link.get("href")) for link in fragment]
    assert links == [
        ("alternate", "application/atom+xml", "https://example.org/blog/atom.xml"),
        ("alternate", "application/rss+xml", "https://example.org/blog/rss.xml"),
        ("alternate", "application/feed+json", "https://example.org/blog/feed.json"),
    ]
    assert fragment[0].get("title") == "Test site (atom)"


def test_a_page_named_like_a_feed_is_refused(blog: Site) -> None:
    blog.settings += 'feeds = { atom = "index.html" }\n'
    result = blog.build()
    assert result.code == 1
    assert "index.html: error: index.html is planned twice" in result.err


def _stylesheet_instruction(data: bytes) -> list[str]:
    root = etree.fromstring(data)
    previous = root.getprevious()
    found = []
    while previous is not None:
        if isinstance(previous, etree._ProcessingInstruction):
            found.append(f"{previous.target} {previous.text}")
        previous = previous.getprevious()
    return found


@pytest.mark.parametrize("name", ["atom.xml", "rss.xml"])
def test_xml_feeds_name_the_stylesheet_relative_to_themselves(blog: Site, name: str) -> None:
    blog.build()
    assert _stylesheet_instruction(blog.feed(name)) == [
        'xml-stylesheet type="text/css" href="feed.css"'
    ]
    assert _stylesheet_instruction(blog.feed(f"tags/python/{name}")) == [
        'xml-stylesheet type="text/css" href="../../feed.css"'
    ]
    css = (blog.out / "feed.css").read_text(encoding="utf-8")
    assert "item > title, entry > title" in css
    assert '"This is a web feed: copy its address into a feed reader to follow it. ' in css


def test_the_stylesheet_setting_turns_it_off(blog: Site) -> None:
    blog.settings += 'feed_stylesheet = ""\n'
    blog.build()
    assert _stylesheet_instruction(blog.feed("atom.xml")) == []
    assert _stylesheet_instruction(blog.feed("rss.xml")) == []
    assert not (blog.out / "feed.css").exists()


def test_every_page_template_compiles_ahead() -> None:
    """What a first build does while its workers read (`pages.prepare`): a template that does
    not compile must fail here, not be skipped there."""
    from feedgen_app.formats import pages  # noqa: PLC0415

    pages._environment.cache_clear()
    pages.prepare()
    loaded = pages._environment().cache
    assert loaded is not None
    assert sorted(key[1] for key in loaded) == [
        "autodiscovery.html",
        "feed.css",
        "subscribe.html",
    ]
