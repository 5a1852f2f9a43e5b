"""Saved web pages as articles: fields from JSON-LD, Open Graph and meta tags (guesses for the
gaps, with a warning), the main text without the site's chrome, through a full build."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import pytest

from feedgen_app.cli import main
from feedgen_app.readers.fields import normalize_space
from tests.conftest import Site
from tests.feeds import ATOM, atom_entries, read_with_feedparser

PAGES = Path(__file__).parent / "fixtures" / "pages"


@dataclass(frozen=True)
class Expected:
    title: str
    published: str
    updated: str
    link: str
    authors: tuple[str, ...]
    paragraphs: tuple[str, ...]
    chrome: tuple[str, ...]
    summary: str
    tags: tuple[str, ...]
    lang: str | None


NEWS = Expected(
    title="Council approves new cycle lanes on Harbour Road",
    published="2024-05-14T08:30:00+01:00",  # JSON-LD, not article:published_time (09:00)
    updated="2024-05-15T12:00:00+01:00",
    link="https://news.example.com/local/2024/05/council-approves-cycle-lanes",
    authors=("Maya Okafor", "Tom Reyes"),
    paragraphs=(
        "Riverside council voted on Tuesday evening to build protected cycle lanes along the "
        "full length of Harbour Road, ending two years of consultation with residents and traders.",
        "The scheme, which will cost an estimated 2.4 million pounds, separates cyclists from "
        "traffic with a raised kerb and removes forty parking spaces near the ferry terminal.",
        "Shop owners on the road were divided. Some said the loss of parking would hurt trade, "
        "while others pointed to a study of the high street that found most customers arrive "
        "on foot.",
        "Work is expected to begin in September and to last about eight months, the council said.",
    ),
    chrome=(
        "cookie",
        "Home",
        "Latest news",
        "Advertisement",
        "Knife World",
        "Share on Social",
        "Related stories",
        "Ferry timetable",
        "Great news for commuters",
        "Forty spaces gone",
        "morning briefing",
        "All rights reserved",
        "By Maya Okafor",
    ),
    summary="Councillors voted 9 to 4 for protected lanes after two years of consultation.",
    tags=("Transport", "Cycling", "Riverside council"),
    lang="en-GB",
)
BLOG = Expected(
    title="Moving my blog to a static site",
    # The day of <time datetime="2023-11-02T19:45:00+01:00">, guessed by htmldate: a guessed
    # date is a day, at midnight in the timezone setting.
    published="2023-11-02T00:00:00+00:00",
    updated="2023-11-02T00:00:00+00:00",
    link="https://ada.example.net/2023/11/moving-to-a-static-site/",
    authors=("Ada Lindqvist",),  # guessed from the byline: article:author is a URL
    paragraphs=(
        "For nine years this blog ran on a database-backed engine that needed updates every "
        "other week. Last month I finally moved it to plain files and a static site generator.",
        "The move took two evenings. Exporting the posts was easy; cleaning up the shortcodes "
        "that the old plugins left in them took most of the time.",
        "Pages now load in a fraction of the time, and there is nothing left on the server that "
        "can be broken into. Backups are a git push.",
        "Comments. I have not found a replacement I like, so for now readers can write to me "
        "instead.",
    ),
    chrome=(
        "Archive",
        "Share this",
        "Print",
        "Previous post",
        "never looked back",
        "Leave a Reply",
        "Recent Posts",
        "Sourdough, again",
        "newsletter",
        "Proudly powered",
    ),
    summary="Why I left a database-backed blog behind, and what I miss.",
    tags=("blogging", "static sites", "self-hosting"),
    lang="en",
)
PLAIN = Expected(
    title="Notes on keeping a sourdough starter",
    published="2024-06-01T00:00:00+00:00",  # no date in the page: SOURCE_DATE_EPOCH
    updated="2024-06-01T00:00:00+00:00",
    link="https://example.org/blog/posts/page_with_only_title_and_paragraphs/",
    authors=("Site Owner",),  # from the settings
    paragraphs=(
        "A starter is flour and water that wild yeast and bacteria have made their home. Kept "
        "warm and fed once a day, it doubles in size a few hours after each feeding.",
        "Keep it in a glass jar with a loose lid, and mark the level after feeding with a rubber "
        "band, so you can see how far it rises and when it falls again.",
        "If you bake once a week, keep it in the fridge and feed it the day before baking. A "
        "starter that has been neglected for a month usually comes back after two or three "
        "feedings.",
    ),
    chrome=(),
    summary=(
        "A starter is flour and water that wild yeast and bacteria have made their home. Kept "
        "warm and fed once a day, it doubles in size a few hours after each feeding."
    ),
    tags=(),
    lang=None,
)
GERMAN = Expected(
    title="Stadtrat beschließt Radwege für die Hafenstraße",
    published="2024-03-01T07:15:00+01:00",
    updated="2024-03-01T07:15:00+01:00",
    link="https://www.nordstadt-zeitung.example/lokales/stadtrat-beschliesst-radwege-1234.html",
    authors=("Jürgen Weiß",),
    paragraphs=(
        "Der Stadtrat hat am Dienstagabend beschlossen, entlang der gesamten Hafenstraße "
        "geschützte Radwege zu bauen. Damit endet eine zweijährige Bürgerbeteiligung mit "
        "Anwohnern und Geschäftsleuten.",
        "Das Vorhaben kostet nach Schätzung der Verwaltung rund 2,4 Millionen €. Ein erhöhter "
        "Bordstein trennt künftig Radfahrer vom Autoverkehr; vierzig Parkplätze am Fähranleger "
        "fallen weg.",
        "„Wir haben lange genug geredet“, sagte die Baudezernentin. Die Arbeiten sollen im "
        "September beginnen und etwa acht Monate dauern.",
    ),
    chrome=("Cookies", "Alle akzeptieren", "Startseite", "Weitere Artikel", "Fähre", "Impressum"),
    summary=(
        "Nach zwei Jahren Bürgerbeteiligung stimmt der Rat mit 9 zu 4 Stimmen für geschützte "
        "Radwege."
    ),
    tags=("Verkehr", "Radwege", "Stadtrat"),
    lang="de",
)
CASES = {
    "news_article_with_json_ld_and_cookie_banner.html": NEWS,
    "blog_post_with_open_graph_only.html": BLOG,
    "page_with_only_title_and_paragraphs.html": PLAIN,
    "page_in_german_declared_iso_8859_1.html": GERMAN,
}
NO_MAIN_TEXT = (
    "error: no main text found in the page (an article page has its text in paragraphs; "
    "is this an index, search or login page?)"
)


@pytest.fixture
def dated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717200000")  # 2024-06-01T00:00:00Z


def copy_page(site: Site, name: str) -> Path:
    return Path(shutil.copy(PAGES / name, site.items / name))


def text_of(html: str) -> str:
    return normalize_space(lxml.html.fragment_fromstring(html, create_parent="div").text_content())


@pytest.mark.usefixtures("dated")
@pytest.mark.parametrize("name", sorted(CASES))
def test_saved_page_becomes_an_entry_with_its_fields_and_main_text(site: Site, name: str) -> None:
    expected = CASES[name]
    copy_page(site, name)
    assert site.build().code == 0
    [entry] = read_with_feedparser(site.feed()).entries
    assert entry.title == expected.title
    assert (entry.published, entry.updated) == (expected.published, expected.updated)
    assert (entry.link, entry.id) == (expected.link, expected.link)
    assert tuple(author.name for author in entry.authors) == expected.authors
    assert entry.summary == expected.summary
    assert tuple(tag.term for tag in entry.get("tags", [])) == expected.tags
    [atom_entry] = atom_entries(site.feed())
    assert atom_entry.get("{http://www.w3.org/XML/1998/namespace}lang") == expected.lang
    content = text_of(entry.content[0].value)
    for paragraph in expected.paragraphs:
        assert paragraph in content
    for chrome in expected.chrome:
        assert chrome not in content
    assert expected.title not in content  # the <h1> is the title, not part of the content


@pytest.mark.usefixtures("dated")
@pytest.mark.parametrize("name", sorted(CASES))
def test_feeds_built_from_saved_pages_pass_check_strict(site: Site, name: str) -> None:
    copy_page(site, name)
    assert site.build().code == 0
    site.capsys.readouterr()
    code = main(["check", "--strict", "--config", str(site.root / "site.toml")])
    out = site.capsys.readouterr().out
    assert (code, out) == (0, "checked 3 files: no problems\n")


def test_page_without_main_text_is_an_error_naming_the_file(site: Site) -> None:
    path = copy_page(site, "page_without_main_text.html")
    site.write("good.md", "---\ntitle: Good\ndate: 2024-01-01\n---\nText.\n")
    result = site.build()
    assert result.code == 1
    assert result.err.splitlines() == [
        f"{path}: {NO_MAIN_TEXT}",
        "build failed: 1 problem; nothing written",
    ]
    assert not site.out.exists()


def test_guessed_fields_are_named_in_warnings(site: Site) -> None:
    path = copy_page(site, "blog_post_with_open_graph_only.html")
    result = site.build()
    assert result.code == 0
    assert result.err.splitlines() == [
        f"{path}: warning: authors: Ada Lindqvist guessed from a byline",
        f"{path}: warning: date: 2023-11-02 guessed by htmldate from <time>, "
        "date meta tags or the URL",
    ]
    assert site.build("--strict").code == 1


def test_links_and_images_in_the_content_are_resolved_against_the_canonical_url(
    site: Site,
) -> None:
    copy_page(site, "news_article_with_json_ld_and_cookie_banner.html")
    copy_page(site, "blog_post_with_open_graph_only.html")
    site.build()
    contents = {e.link: e.content[0].value for e in read_with_feedparser(site.feed()).entries}
    news = lxml.html.fragment_fromstring(contents[NEWS.link], create_parent="div")
    assert [a.get("href") for a in news.iter("a")] == [
        "https://news.example.com/local/2023/high-street-study"
    ]
    assert [img.get("src") for img in news.iter("img")] == [
        "https://news.example.com/images/2024/05/harbour-road.jpg"
    ]
    blog = lxml.html.fragment_fromstring(contents[BLOG.link], create_parent="div")
    assert [a.get("href") for a in blog.iter("a")] == ["https://ada.example.net/contact/"]


def test_page_content_passes_the_sanitizer(site: Site) -> None:
    site.write(
        "unsafe.html",
        """\
        <html><head><title>A page with scripts</title></head><body><article>
        <p onclick="steal()">The first paragraph of a page that tries to run code in readers.</p>
        <p>A <a href="javascript:alert(1)">bad link</a> and a second sentence to make it text.</p>
        <script>document.write("injected")</script>
        </article></body></html>
        """,
    )
    site.build()
    [entry] = read_with_feedparser(site.feed()).entries
    content = entry.content[0].value
    assert "first paragraph of a page" in content
    for unsafe in ("onclick", "javascript:", "injected", "<script"):
        assert unsafe not in content


def test_emphasis_lists_and_links_in_the_main_text_are_kept(site: Site) -> None:
    site.write(
        "page.html",
        """\
        <html><head><title>Formatting</title></head><body><article>
        <p>This is <em>really</em> important and <strong>bold</strong> text in a paragraph.</p>
        <ul><li>First point of the list</li><li>Second point of the list</li></ul>
        <p>A second paragraph with <a href="https://example.com/x">a link</a> in it.</p>
        </article></body></html>
        """,
    )
    assert site.build().code == 0
    [entry] = read_with_feedparser(site.feed()).entries
    content = lxml.html.fragment_fromstring(entry.content[0].value, create_parent="div")
    assert [e.text for e in content.iter("i", "strong")] == ["really", "bold"]
    assert [li.text for li in content.iter("li")] == [
        "First point of the list",
        "Second point of the list",
    ]
    assert [a.get("href") for a in content.iter("a")] == ["https://example.com/x"]


def test_og_image_is_carried_to_the_article() -> None:
    from zoneinfo import ZoneInfo  # noqa: PLC0415

    from feedgen_app.errors import SourceRef  # noqa: PLC0415
    from feedgen_app.readers import ReadOptions, read_article  # noqa: PLC0415

    options = ReadOptions(ZoneInfo("UTC"), (), 1_000_000)
    images = {
        name: read_article(PAGES / name, SourceRef(name), options).image for name in sorted(CASES)
    }
    assert images == {
        # JSON-LD first, resolved against the canonical URL
        "news_article_with_json_ld_and_cookie_banner.html": (
            "https://news.example.com/images/2024/05/harbour-road-1200.jpg"
        ),
        "blog_post_with_open_graph_only.html": (
            "https://ada.example.net/media/static-site-cover.png"
        ),
        "page_with_only_title_and_paragraphs.html": None,
        "page_in_german_declared_iso_8859_1.html": None,
    }


def test_cold_and_warm_builds_of_saved_pages_give_the_same_bytes(site: Site) -> None:
    for name in CASES:
        copy_page(site, name)
    assert site.build().code == 0
    cold = site.snapshot()
    (site.items / "news_article_with_json_ld_and_cookie_banner.html").touch()
    assert site.build().code == 0  # through the parse cache and the rendered cache
    assert {k: v[0] for k, v in site.snapshot().items()} == {k: v[0] for k, v in cold.items()}
    shutil.rmtree(site.root / ".feedgen-cache")
    shutil.rmtree(site.out)
    assert site.build().code == 0
    assert {k: v[0] for k, v in site.snapshot().items()} == {k: v[0] for k, v in cold.items()}


BAD_PAGES = {
    "undeclared_latin1.html": (
        b"<html><head><title>Caf\xe9</title></head><body><p>Text</p></body></html>",
        ":1: error: not valid UTF-8 (byte 0xe9); save the file as UTF-8",
    ),
    "unknown_charset.html": (
        b'<html>\n<head><meta charset="klingon-8"><title>T</title></head></html>',
        ":2: error: unknown encoding 'klingon-8' in <meta charset> (e.g. utf-8, windows-1252)",
    ),
    "wrong_charset.html": (
        b'<html><head>\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
        b"\n<title>Caf\xe9</title></head></html>",
        ":3: error: not valid utf-8 (byte 0xe9), the encoding it declares; "
        "fix <meta charset> or save the page again",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_PAGES))
def test_undecodable_page_reports_the_line_and_what_to_do(site: Site, name: str) -> None:
    data, message = BAD_PAGES[name]
    (site.items / name).write_bytes(data)
    result = site.build()
    assert result.code == 1
    assert result.err.splitlines()[0] == f"{site.items / name}{message}"


def test_http_equiv_charset_declares_the_encoding(site: Site) -> None:
    page = textwrap.dedent(
        """\
        <html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">
        <title>Crème brûlée for beginners</title></head><body><article>
        <p>Crème brûlée needs four ingredients, an oven and patience: the custard sets slowly.</p>
        <p>Caramelise the sugar just before serving, so that the top stays crisp and thin.</p>
        </article></body></html>
        """
    )
    (site.items / "creme.html").write_bytes(page.encode("cp1252"))
    assert site.build().code == 0
    [entry] = read_with_feedparser(site.feed()).entries
    assert entry.title == "Crème brûlée for beginners"
    assert "Crème brûlée needs four ingredients" in entry.content[0].value


TITLES = {
    "Headline | Site": "Headline",
    "Site - Headline": "Headline",
    "Headline \u2014 Site": "Headline",
    "A title: with a colon": "A title: with a colon",  # no site name in it: kept
}


@pytest.mark.parametrize("title", sorted(TITLES))
def test_the_site_name_is_cut_off_the_title(site: Site, title: str) -> None:
    site.write(
        "page.html",
        f"""\
        <html><head><title>{title}</title><meta property="og:site_name" content="Site">
        <meta property="article:published_time" content="2024-01-01T00:00:00Z"></head>
        <body><article><p>Some paragraph text that is long enough to be the main text.</p>
        <p>And a second paragraph, so that the extractor sees an article body here.</p>
        </article></body></html>
        """,
    )
    result = site.build()
    assert (result.code, result.err) == (0, "")
    assert [e.title for e in read_with_feedparser(site.feed()).entries] == [TITLES[title]]


def test_broken_json_ld_is_a_warning_and_the_rest_is_read(site: Site) -> None:
    path = site.write(
        "page.html",
        """\
        <html><head><title>A post</title>
        <script type="application/ld+json">{"@type": "BlogPosting",}</script>
        <meta property="article:published_time" content="2024-01-01T00:00:00Z"></head>
        <body><article><p>Some paragraph text that is long enough to be the main text.</p>
        <p>And a second paragraph, so that the extractor sees an article body here.</p>
        </article></body></html>
        """,
    )
    result = site.build()
    assert result.code == 0
    assert result.err.splitlines() == [
        f"{path}:2: warning: JSON-LD not read: not valid JSON at line 1, column 25 of the "
        "script (fix the script or remove it)"
    ]
    entry = atom_entries(site.feed())[0]
    assert entry.findtext(f"{ATOM}published") == "2024-01-01T00:00:00+00:00"


def test_a_build_without_html_files_does_not_import_the_extractors(tmp_path: Path) -> None:
    items = tmp_path / "items"
    items.mkdir()
    (items / "a.md").write_text("---\ntitle: A\ndate: 2024-01-01\n---\nText.\n")
    (items / "b.txt").write_text("Title: B\nDate: 2024-01-02\n\nText.\n")
    (tmp_path / "site.toml").write_text('title = "T"\nsite_url = "https://example.org/"\n')
    script = textwrap.dedent(
        f"""\
        import sys
        from feedgen_app.cli import main
        code = main(["build", "--config", {str(tmp_path / "site.toml")!r}])
        loaded = sorted(m for m in ("trafilatura", "htmldate", "justext") if m in sys.modules)
        print(code, loaded)
        """
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert run.stdout.splitlines()[-1] == "0 []"
    (items / "c.html").write_text((PAGES / "page_with_only_title_and_paragraphs.html").read_text())
    (items / "c.html").touch()
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert run.stdout.splitlines()[-1] == "0 ['htmldate', 'justext', 'trafilatura']"


def test_a_page_record_round_trips_through_the_article_store(tmp_path: Path) -> None:
    from zoneinfo import ZoneInfo  # noqa: PLC0415

    from feedgen_app.errors import SourceRef  # noqa: PLC0415
    from feedgen_app.readers import ReadOptions, read_article  # noqa: PLC0415
    from feedgen_app.state.rows import Known, make_row  # noqa: PLC0415
    from feedgen_app.state.store_schema import open_store  # noqa: PLC0415

    path = PAGES / "news_article_with_json_ld_and_cookie_banner.html"
    options = ReadOptions(ZoneInfo("UTC"), (), 1_000_000)
    raw = read_article(path, SourceRef(str(path)), options)
    assert raw.image is not None
    store = open_store(tmp_path / "articles.sqlite", path.parent, options)
    known = Known("digest", frozenset(), ())
    store.put([make_row(path.name, known, raw, None, None)])
    store.save()
    assert store.record(path.name) == raw
    store.close()


def test_an_unreadable_date_is_passed_over_with_a_warning(site: Site) -> None:
    path = site.write(
        "page.html",
        """\
        <html><head><title>A post</title>
        <script type="application/ld+json">{"@type": "NewsArticle",
        "datePublished": "soon"}</script>
        <meta property="article:published_time" content="2024-02-03T04:05:06Z"></head>
        <body><article><p>Some paragraph text that is long enough to be the main text.</p>
        <p>And a second paragraph, so that the extractor sees an article body here.</p>
        </article></body></html>
        """,
    )
    result = site.build()
    assert result.code == 0
    assert result.err.splitlines()[0].startswith(
        f"{path}:3: warning: date: cannot read 'soon' as a date ("
    )
    assert result.err.splitlines()[0].endswith("); ignored")
    entry = atom_entries(site.feed())[0]
    assert entry.findtext(f"{ATOM}published") == "2024-02-03T04:05:06+00:00"


def test_a_relative_canonical_url_without_an_absolute_one_is_a_warning(site: Site) -> None:
    path = site.write(
        "2024-01-05-page.html",
        """\
        <html><head><title>A post</title><link rel="canonical" href="/posts/a-post/"></head>
        <body><article><p>Some paragraph text that is long enough to be the main text.</p>
        <p>And a second paragraph, so that the extractor sees an article body here.</p>
        </article></body></html>
        """,
    )
    result = site.build()
    assert result.code == 0
    assert result.err.splitlines() == [
        f"{path}:1: warning: canonical URL '/posts/a-post/' is relative and the page has no "
        "absolute one; the article gets a URL here"
    ]
    [entry] = read_with_feedparser(site.feed()).entries
    assert entry.link == "https://example.org/blog/posts/page/"


def test_pages_read_by_worker_processes_give_the_same_bytes(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    from feedgen_app.stages import read_files as reading  # noqa: PLC0415

    for name in CASES:
        copy_page(site, name)
    site.write("news/a.txt", "Date: 2024-01-01\n\nChrome top\n\nA\n\nText a.\n")
    site.write("news/b.txt", "Date: 2024-01-02\n\nChrome top\n\nB\n\nText b.\n")
    site.write("news/c.txt", "Date: 2024-01-03\n\nChrome top\n\nC\n\nText c.\n")
    assert site.build().code == 0
    serial = site.feed()
    assert b"Chrome top" not in serial
    shutil.rmtree(site.root / ".feedgen-cache")
    shutil.rmtree(site.out)
    monkeypatch.setattr(reading, "PARALLEL_FROM", 2)
    monkeypatch.setattr(reading.os, "cpu_count", lambda: 2)
    assert site.build().code == 0
    assert site.feed() == serial
