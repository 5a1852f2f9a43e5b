"""The family of feeds: a feed per tag, author and section, RFC 5005 archive pages, removal of
feeds no longer planned. Expected memberships are written out from the fixture articles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from feedgen_app.cli import main
from feedgen_app.config import BuildOptions, load_config
from feedgen_app.pipeline import build
from tests.conftest import REPO, Site
from tests.feeds import ATOM, parse_xml, read_with_feedparser

FAMILY = """\
tag_feeds = true
author_feeds = true
section_feeds = true
"""
FH = "{http://purl.org/syndication/history/1.0}"
JSON_FEED_SCHEMA = json.loads(
    (REPO / "feedgen_app" / "schemas" / "jsonfeed-1.1.schema.json").read_text(encoding="utf-8")
)


def _article(site: Site, name: str, day: int, tags: str = "", author: str = "") -> None:
    lines = [f"title: {Path(name).stem}", f"date: 2024-03-{day:02d}T12:00:00Z"]
    if tags:
        lines.append(f"tags: [{tags}]")
    if author:
        lines.append(f"author: {author}")
    site.write(name, "---\n" + "\n".join(lines) + f"\n---\nText of {name}.\n")


def _ids(data: bytes) -> list[str]:
    return [entry.findtext(f"{ATOM}id") for entry in parse_xml(data).findall(f"{ATOM}entry")]


def _url(slug_path: str) -> str:
    return f"https://example.org/blog/posts/{slug_path}/"


@pytest.fixture
def family(site: Site) -> Site:
    site.settings += FAMILY
    _article(site, "releases/one.md", 1, "Python, Feeds", "Ann")
    _article(site, "releases/two.md", 2, "python", "Bob")
    _article(site, "notes/three.md", 3, "Feeds", "Ann")
    _article(site, "four.md", 4, "Café")
    return site


def test_each_tag_author_and_section_feed_holds_exactly_its_articles(family: Site) -> None:
    result = family.build()
    assert result.code == 0, result.err
    expected = {
        "atom.xml": ["four", "three", "two", "one"],
        "tags/python/atom.xml": ["two", "one"],
        "tags/feeds/atom.xml": ["three", "one"],
        "tags/café/atom.xml": ["four"],
        "authors/ann/atom.xml": ["three", "one"],
        "authors/bob/atom.xml": ["two"],
        # Articles that name no author are the site author's (conftest: "Site Owner").
        "authors/site-owner/atom.xml": ["four"],
        "releases/atom.xml": ["two", "one"],
        "notes/atom.xml": ["three"],
    }
    for path, slugs in expected.items():
        assert _ids(family.feed(path)) == [_url(slug) for slug in slugs], path
        assert (family.out / path.replace("atom.xml", "rss.xml")).is_file()
    atom_files = sorted(str(p.relative_to(family.out)) for p in family.out.rglob("atom.xml"))
    assert atom_files == sorted(expected)


def test_feed_titles_and_self_links_say_what_they_hold(family: Site) -> None:
    family.build()
    root = parse_xml(family.feed("tags/café/atom.xml"))
    assert root.findtext(f"{ATOM}title") == "Test site — Café"
    [self_link] = [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link.get("href") == "https://example.org/blog/tags/caf%C3%A9/atom.xml"
    parsed = read_with_feedparser(family.feed("authors/ann/rss.xml"))
    assert parsed.feed.title == "Test site — Ann"


def test_every_feed_of_the_family_passes_check_strict(
    family: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    family.settings += "archive = true\narchive_page_size = 1\n"
    assert family.build().code == 0
    code = main(["check", "--strict", "--config", str(family.root / "site.toml")])
    out = capsys.readouterr().out
    files = len([path for path in family.out.rglob("*") if path.suffix in (".xml", ".json")])
    assert (code, out.splitlines()[-1]) == (0, f"checked {files} files: no problems")
    assert files == 3 * (9 + 4 + 2 + 2 + 1 + 2 + 1 + 1 + 2 + 1)  # 9 feeds + their pages, x3


def test_item_limit_applies_to_every_feed(family: Site) -> None:
    family.settings += "item_limit = 1\n"
    family.build()
    assert _ids(family.feed("atom.xml")) == [_url("four")]
    assert _ids(family.feed("tags/python/atom.xml")) == [_url("two")]
    assert _ids(family.feed("releases/atom.xml")) == [_url("two")]


def test_tags_that_make_the_same_slug_share_one_feed_with_one_warning(family: Site) -> None:
    result = family.build()
    warnings = [line for line in result.err.splitlines() if "same feed" in line]
    assert warnings == [
        f"{family.items / 'releases/one.md'}: warning: the tags 'Python' "
        f"({family.items / 'releases/one.md'}), 'python' ({family.items / 'releases/two.md'}) "
        "make the same feed tags/python/; titled 'Python'"
    ]
    title = parse_xml(family.feed("tags/python/atom.xml")).findtext(f"{ATOM}title")
    assert title == "Test site — Python"


@pytest.mark.parametrize("folder", ["tags", "authors", "archive"])
def test_a_section_named_like_the_family_folders_is_an_error(family: Site, folder: str) -> None:
    _article(family, f"{folder}/clash.md", 5)
    result = family.build()
    assert result.code == 1
    assert result.err.splitlines() == [
        f"{family.items / folder / 'clash.md'}:1: error: the section folder {folder!r} collides "
        f"with the feed family's own {folder}/ folder (rename the folder, or turn section_feeds "
        "off)",
        "build failed: 1 problem; nothing written",
    ]
    assert not family.out.exists()


def test_a_section_named_like_a_feed_file_is_an_error(family: Site) -> None:
    """Its feeds would go in a folder named like the site's feed, which is a file."""
    _article(family, "feed.json/clash.md", 5)
    result = family.build()
    assert result.code == 1
    needs = "needs feed.json to be a folder, but it is also a planned file"
    files = ("atom.xml", "rss.xml", "feed.json", "index.html")  # its feeds and subscribe page
    assert result.err.splitlines() == [
        *(f"feed.json/{name}: error: feed.json/{name} {needs}" for name in files),
        "build failed: 4 problems; nothing written",
    ]
    assert not family.out.exists()


def test_a_vanished_tag_loses_its_files_and_nothing_else(family: Site) -> None:
    family.build()
    mine = family.out / "tags" / "café" / "notes.txt"
    mine.write_text("a file of the user's", encoding="utf-8")
    other = family.out / "robots.txt"
    other.write_text("mine too", encoding="utf-8")
    _article(family, "four.md", 4, "Tea")
    _article(family, "releases/two.md", 2, "python", "Carol")
    result = family.build()
    assert result.code == 0
    assert f"removed   {family.out / 'tags/café/atom.xml'}" in result.out.splitlines()
    assert not (family.out / "authors" / "bob").exists()
    assert f"removed   {family.out / 'tags/café/rss.xml'}" in result.out.splitlines()
    assert sorted(p.name for p in (family.out / "tags" / "café").iterdir()) == ["notes.txt"]
    assert other.read_text(encoding="utf-8") == "mine too"
    assert (family.out / "tags" / "tea" / "atom.xml").is_file()


def test_a_removed_file_that_was_edited_since_is_left_in_place(family: Site) -> None:
    family.build()
    edited = family.out / "tags" / "café" / "atom.xml"
    edited.write_bytes(edited.read_bytes() + b"\n<!-- mine -->\n")
    _article(family, "four.md", 4, "Tea")
    result = family.build()
    assert result.code == 0
    assert edited.is_file()
    assert f"{edited}: warning: an earlier build wrote this feed and no build plans it now" in (
        result.err
    )


def test_a_format_taken_out_of_feeds_loses_its_files(family: Site) -> None:
    family.build()
    family.settings += '[feeds]\natom = "atom.xml"\n'
    result = family.build()
    assert result.code == 0
    assert sorted(p.name for p in family.out.rglob("*.xml")) == ["atom.xml"] * 9
    assert not list(family.out.rglob("rss.xml"))
    assert not list(family.out.rglob("feed.json"))


def test_no_family_settings_means_only_the_site_feeds(site: Site) -> None:
    _article(site, "releases/one.md", 1, "Python", "Ann")
    site.build()
    assert sorted(str(p.relative_to(site.out)) for p in site.out.rglob("*")) == [
        "atom.xml",
        "feed.css",
        "feed.json",
        "index.html",
        "rss.xml",
    ]


def _archive_site(site: Site, count: int) -> None:
    site.settings += "archive = true\narchive_page_size = 3\nitem_limit = 2\n"
    for number in range(1, count + 1):
        _article(site, f"a{number:02}.md", number)


def _links(data: bytes) -> dict[str, str]:
    return {link.get("rel"): link.get("href") for link in parse_xml(data).findall(f"{ATOM}link")}


def _local(site: Site, url: str) -> Path:
    return site.out / url.removeprefix("https://example.org/blog/")


def test_archive_pages_are_numbered_from_the_oldest_and_linked_both_ways(site: Site) -> None:
    _archive_site(site, 7)
    assert site.build().code == 0
    pages = {n: site.feed(f"archive/{n}/atom.xml") for n in (1, 2, 3)}
    assert _ids(pages[1]) == [_url(f"a{n:02}") for n in (3, 2, 1)]
    assert _ids(pages[2]) == [_url(f"a{n:02}") for n in (6, 5, 4)]
    assert _ids(pages[3]) == [_url("a07")]
    base = "https://example.org/blog/"
    assert _links(site.feed())["prev-archive"] == f"{base}archive/3/atom.xml"
    assert "current" not in _links(site.feed())
    assert parse_xml(site.feed()).find(f"{FH}archive") is None
    middle = _links(pages[2])
    assert (middle["current"], middle["prev-archive"], middle["next-archive"]) == (
        f"{base}atom.xml",
        f"{base}archive/1/atom.xml",
        f"{base}archive/3/atom.xml",
    )
    assert "prev-archive" not in _links(pages[1])
    assert "next-archive" not in _links(pages[3])
    assert all(parse_xml(page).find(f"{FH}archive") is not None for page in pages.values())
    rss = parse_xml(site.feed("archive/2/rss.xml")).find("channel")
    assert rss is not None and rss.find(f"{FH}archive") is not None
    rss_links = {link.get("rel"): link.get("href") for link in rss.findall(f"{ATOM}link")}
    assert rss_links["current"] == f"{base}rss.xml"
    assert rss_links["next-archive"] == f"{base}archive/3/rss.xml"


@pytest.mark.parametrize("feed_name", ["atom.xml", "rss.xml"])
def test_following_prev_archive_reaches_every_published_article_once(
    site: Site, feed_name: str
) -> None:
    _archive_site(site, 8)
    site.write("draft.md", "---\ntitle: D\ndate: 2024-03-20\ndraft: true\n---\nD.\n")
    assert site.build().code == 0
    seen: list[str] = []
    parsed = read_with_feedparser(site.feed(feed_name))
    following = {link.rel: link.href for link in parsed.feed.links}.get("prev-archive")
    while following:
        page = read_with_feedparser(_local(site, following).read_bytes())
        seen += [entry.id for entry in page.entries]
        following = {link.rel: link.href for link in page.feed.links}.get("prev-archive")
    assert sorted(seen) == [_url(f"a{n:02}") for n in range(1, 9)]


def test_new_articles_never_change_an_older_archive_page(site: Site) -> None:
    _archive_site(site, 7)
    site.build()
    before = site.snapshot()
    for number in (8, 9, 10):
        _article(site, f"a{number:02}.md", number)
    site.build()
    after = site.snapshot()
    for name in ("atom.xml", "rss.xml"):
        for number in (1, 2):
            assert after[f"archive/{number}/{name}"] == before[f"archive/{number}/{name}"]
        # Page 3 was the newest (one article) and fills up; page 4 is new.
        assert after[f"archive/3/{name}"] != before[f"archive/3/{name}"]
        assert f"archive/4/{name}" in after and f"archive/4/{name}" not in before
    assert _ids(site.feed("archive/3/atom.xml")) == [_url(f"a{n:02}") for n in (9, 8, 7)]


SETTING_CHANGES = {
    "title": 'title = "Another title"',
    "site_url": 'site_url = "https://example.com/news/"',
    "description": 'description = "Other words"',
    "author": 'author = { name = "Someone Else", email = "else@example.org" }',
    "language": 'language = "de"',
    "timezone": 'timezone = "Asia/Tokyo"',
    "item_limit": "item_limit = 1",
    "permalink": 'permalink = "/{year}/{slug}.html"',
    "feeds": 'feeds = { atom = "index.atom" }',
    "chrome_lines": 'chrome_lines = ["Latest news"]',
    "tag_feeds": "tag_feeds = false",
    "author_feeds": "author_feeds = false",
    "section_feeds": "section_feeds = false",
    "archive": "archive = false",
    "archive_page_size": "archive_page_size = 2",
    "max_file_size": "max_file_size = 200",
    "subscribe_page": 'subscribe_page = "about.html"',
    "autodiscovery_snippet": 'autodiscovery_snippet = "head.html"',
    "feed_stylesheet": 'feed_stylesheet = ""',
    "hub": 'hub = ["https://hub.example.net/"]',
    "icon": 'icon = "https://example.org/icon.png"',
    "logo": 'logo = "https://example.org/logo.png"',
    "podcast": (
        'podcast = { category = "Technology", explicit = false, image = "https://example.org/a.jpg",'
        ' owner = { name = "O", email = "o@example.org" } }'
    ),
}


def _outputs(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _settings(base: str, change: str) -> str:
    key = change.split(" =", 1)[0]
    kept = [line for line in base.splitlines() if not line.startswith(f"{key} =")]
    return "\n".join([*kept, change, ""])


@pytest.mark.parametrize("key", sorted(SETTING_CHANGES))
def test_a_warm_build_after_a_setting_change_equals_a_cold_build(site: Site, key: str) -> None:
    base = site.settings + FAMILY + "archive = true\narchive_page_size = 3\n"
    site.write("releases/a.md", "---\ntitle: A\ndate: 2024-01-02 10:00\ntags: [x]\n---\n[r](b/)\n")
    site.write("notes/b.txt", "Title: B\nDate: 2024-01-03\n\nBody of b.\n\nShare\n")
    site.write("c.md", "---\ntitle: C\ndate: 2024-01-04\nauthor: Ann\n---\n" + "Long. " * 60)
    site.settings = base
    assert site.build().code == 0  # warm: the caches and manifest of these settings
    site.settings = _settings(base, SETTING_CHANGES[key])
    warm = site.build("--skip-invalid")  # a file over max_file_size is left out
    cold_settings = site.root / "cold.toml"
    cold_settings.write_text(
        site.settings + 'cache = "cold-cache"\noutput = "cold"\n', encoding="utf-8"
    )
    cold = main(["build", "--skip-invalid", "--config", str(cold_settings)])
    assert warm.code == cold == (3 if key == "max_file_size" else 0), warm.err
    assert _outputs(site.out) == _outputs(site.root / "cold")


def test_an_edit_rewrites_exactly_the_files_that_carry_the_article(family: Site) -> None:
    family.settings += "archive = true\narchive_page_size = 2\n"
    family.build()
    _article(family, "notes/three.md", 3, "Feeds", "Ann")  # the same article, same tags
    family.write("notes/three.md", family.items.joinpath("notes/three.md").read_text() + "More.\n")
    result = family.build()
    written = sorted(
        line.split()[1].removeprefix(f"{family.out}/")
        for line in result.out.splitlines()
        if line.startswith("wrote")
    )
    # "three" is the site's second newest (archive page 2 of 2), and in tags/feeds, authors/ann
    # and notes, each of which holds at most two articles (so one archive page each).
    carrying = ["", "archive/2/", "tags/feeds/", "tags/feeds/archive/1/", "authors/ann/"]
    carrying += ["authors/ann/archive/1/", "notes/", "notes/archive/1/"]
    names = ("atom.xml", "rss.xml", "feed.json")
    expected = sorted(f"{folder}{name}" for folder in carrying for name in names)
    assert written == expected
    # And only those were rendered and checked: the others were taken as they were.
    three = family.items / "notes" / "three.md"
    three.write_text(three.read_text(encoding="utf-8") + "Again.\n", encoding="utf-8")
    messages: list[str] = []
    build(BuildOptions(load_config(family.root / "site.toml").config), messages.append)
    assert f"writing {len(expected)} feed files" in messages


def test_a_reused_feed_keeps_reporting_its_warnings(site: Site) -> None:
    site.settings += "section_feeds = true\n"
    old = site.write("old/a.md", "---\ntitle: Old\ndate: 1985-06-01T00:00:00Z\n---\nText.\n")
    site.write("new/b.md", "---\ntitle: New\ndate: 2024-06-01T00:00:00Z\n---\nText.\n")
    first = site.build()
    warned = sorted(line for line in first.err.splitlines() if line.startswith(f"{old}:"))
    assert any("old/atom.xml" in line for line in warned)
    site.write("new/b.md", "---\ntitle: New\ndate: 2024-06-01T00:00:00Z\n---\nEdited.\n")
    second = site.build()
    assert "wrote" not in "".join(line for line in second.out.splitlines() if "old/" in line)
    assert sorted(line for line in second.err.splitlines() if line.startswith(f"{old}:")) == warned
    assert site.build("--strict").code == 1


def _json(site: Site, path: str) -> Any:
    return json.loads(site.feed(path))


def test_the_three_formats_carry_the_same_ids_in_every_feed(family: Site) -> None:
    family.settings += "archive = true\narchive_page_size = 2\n"
    assert family.build().code == 0
    folders = {path.parent for path in family.out.rglob("atom.xml")}
    assert len(folders) == 9 + 10  # the nine feeds, two site pages and one for each other
    for folder in folders:
        atom = _ids((folder / "atom.xml").read_bytes())
        parsed = read_with_feedparser((folder / "atom.xml").read_bytes())
        assert [entry.id for entry in parsed.entries] == atom
        rss = [item.id for item in read_with_feedparser((folder / "rss.xml").read_bytes()).entries]
        document = json.loads((folder / "feed.json").read_bytes())
        assert atom == rss == [item["id"] for item in document["items"]], folder
        assert atom, folder


def test_every_json_feed_of_the_family_matches_the_schema_and_links_older_pages(
    family: Site,
) -> None:
    family.settings += "archive = true\narchive_page_size = 1\n"
    family.build()
    validator = Draft202012Validator(JSON_FEED_SCHEMA)
    for path in family.out.rglob("feed.json"):
        assert list(validator.iter_errors(json.loads(path.read_bytes()))) == [], path
    document, seen = _json(family, "feed.json"), []
    assert document["feed_url"] == "https://example.org/blog/feed.json"
    while "next_url" in document:
        document = json.loads(_local(family, document["next_url"]).read_bytes())
        seen += [item["id"] for item in document["items"]]
    assert seen == [_url(slug) for slug in ("four", "three", "two", "one")]


def test_a_tag_without_letters_or_digits_gets_no_feed_and_a_warning(site: Site) -> None:
    site.settings += FAMILY
    path = site.items / "a.md"
    site.write("a.md", '---\ntitle: A\ndate: 2024-01-01\ntags: ["../..", "Real"]\n---\nA.\n')
    result = site.build()
    assert result.code == 0
    assert result.err.splitlines() == [
        f"{path}: warning: the tag '../..' has no letter or digit to name a feed by: it gets none"
    ]
    assert sorted(p.name for p in (site.out / "tags").iterdir()) == ["real"]


def test_after_a_cold_build_an_edit_makes_only_the_files_that_carry_it(site: Site) -> None:
    # Dates without a zone take the site's: the decisions read back from the parse cache must
    # key the files exactly as the fresh ones did, or every file would be made again.
    site.settings = site.settings.replace('timezone = "UTC"', 'timezone = "Europe/Berlin"')
    site.settings += "tag_feeds = true\n"
    for number in range(1, 5):
        tag = "odd" if number % 2 else "even"
        site.write(f"a{number}.md", f"---\ntitle: A{number}\ndate: 2024-03-0{number}\n"
                   f"tags: [{tag}]\n---\nText {number}.\n")  # fmt: skip
    assert site.build().code == 0
    site.write("a1.md", "---\ntitle: A1\ndate: 2024-03-01\ntags: [odd]\n---\nEdited.\n")
    messages: list[str] = []
    build(BuildOptions(load_config(site.root / "site.toml").config), messages.append)
    assert "writing 6 feed files" in messages  # the site's and tags/odd/, in three formats
