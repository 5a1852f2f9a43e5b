"""python-feedgen's surprises, each pinned down so it cannot come back."""

from __future__ import annotations

import locale

import pytest

from tests.conftest import Site
from tests.feeds import ATOM, atom_entries, parse_xml

ATOM_NS = "{http://www.w3.org/2005/Atom}"


def _two_articles(site: Site) -> None:
    site.write("older.md", "---\ntitle: Older\ndate: 2024-01-01T00:00:00Z\n---\nA\n")
    site.write("newer.md", "---\ntitle: Newer\ndate: 2024-02-01T00:00:00Z\n---\nB\n")
    assert site.build().code == 0


def test_rss_channel_link_is_the_site_never_the_feed(site: Site) -> None:
    _two_articles(site)
    channel = parse_xml(site.feed("rss.xml")).find("channel")
    assert channel is not None
    assert channel.findtext("link") == "https://example.org/blog/"
    [self_link] = channel.findall(f"{ATOM_NS}link")
    assert (self_link.get("rel"), self_link.get("href")) == (
        "self",
        "https://example.org/blog/rss.xml",
    )


def test_atom_self_link_is_the_feed_url_and_alternate_the_site(site: Site) -> None:
    _two_articles(site)
    links = parse_xml(site.feed()).findall(f"{ATOM}link")
    assert {link.get("rel"): link.get("href") for link in links} == {
        "self": "https://example.org/blog/atom.xml",
        "alternate": "https://example.org/blog/",
    }


def test_entries_keep_our_order_newest_first_in_both_formats(site: Site) -> None:
    _two_articles(site)
    assert [e.findtext(f"{ATOM}title") for e in atom_entries(site.feed())] == ["Newer", "Older"]
    items = parse_xml(site.feed("rss.xml")).findall("channel/item")
    assert [item.findtext("title") for item in items] == ["Newer", "Older"]


def test_entry_updated_is_the_article_date_not_the_clock(site: Site) -> None:
    _two_articles(site)
    assert [e.findtext(f"{ATOM}updated") for e in atom_entries(site.feed())] == [
        "2024-02-01T00:00:00+00:00",
        "2024-01-01T00:00:00+00:00",
    ]


def test_rss_dates_do_not_touch_the_process_locale(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object) -> str:
        raise AssertionError("the build changed the process locale")

    monkeypatch.setattr(locale, "setlocale", refuse)
    _two_articles(site)
    items = parse_xml(site.feed("rss.xml")).findall("channel/item")
    assert [item.findtext("pubDate") for item in items] == [
        "Thu, 01 Feb 2024 00:00:00 +0000",
        "Mon, 01 Jan 2024 00:00:00 +0000",
    ]


def test_authors_without_email_go_to_dc_creator_in_rss(site: Site) -> None:
    site.write(
        "a.md",
        "---\ntitle: A\ndate: 2024-01-01\nauthor: [Ann <ann@example.org>, Bob]\n---\n",
    )
    site.build()
    item = parse_xml(site.feed("rss.xml")).find("channel/item")
    assert item is not None
    assert item.findtext("author") == "ann@example.org (Ann)"
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Bob"


def test_article_language_is_set_on_the_entry(site: Site) -> None:
    site.write("de.md", "---\ntitle: Hallo\ndate: 2024-01-01\nlang: de\n---\n")
    site.build()
    [entry] = atom_entries(site.feed())
    assert entry.get("{http://www.w3.org/XML/1998/namespace}lang") == "de"
    item = parse_xml(site.feed("rss.xml")).find("channel/item")
    assert item is not None
    assert item.findtext("{http://purl.org/dc/elements/1.1/}language") == "de"
