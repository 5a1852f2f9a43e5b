"""The scraped news page in items/: title, paragraphs, page chrome dropped."""

from __future__ import annotations

import html
import re
import shutil

from tests.conftest import SEED, Site
from tests.feeds import ATOM, CONTENT_ENCODED, atom_entries, parse_xml

TITLE = "France Extends Invitations to Western Allies for Ukraine Training Mission"


def _seed_paragraphs() -> list[str]:
    lines = [line for line in SEED.read_text(encoding="utf-8").split("\n") if line.strip()]
    assert lines[0] == "Latest news" and lines[-1] == "See all"
    return lines[2:-1]  # after the chrome line and the title line, before the closing chrome


def test_seed_builds_one_article_with_the_page_title(site: Site) -> None:
    shutil.copy(SEED, site.items)
    assert site.build().code == 0
    [entry] = atom_entries(site.feed())
    assert entry.findtext(f"{ATOM}title") == TITLE


def test_seed_content_is_its_paragraphs_as_escaped_html_without_chrome(site: Site) -> None:
    shutil.copy(SEED, site.items)
    site.build()
    [entry] = atom_entries(site.feed())
    content = entry.findtext(f"{ATOM}content") or ""
    paragraphs = re.findall(r"<p>(.*?)</p>", content, re.DOTALL)
    expected = _seed_paragraphs()
    assert len(expected) == 8
    assert paragraphs == [html.escape(text, quote=False) for text in expected]
    assert "\u201cWe\xa0decided" in content and "coalition\u2019s" in content  # curly quotes kept
    assert "Latest news" not in content and "See all" not in content
    assert TITLE not in content.replace("\xa0", " ")


def test_seed_content_is_the_same_in_rss(site: Site) -> None:
    shutil.copy(SEED, site.items)
    site.build()
    atom_content = atom_entries(site.feed())[0].findtext(f"{ATOM}content")
    item = parse_xml(site.feed("rss.xml")).find("channel/item")
    assert item is not None
    assert item.findtext("title") == TITLE
    assert item.findtext(CONTENT_ENCODED) == atom_content


def test_chrome_lines_come_from_the_settings(site: Site) -> None:
    site.settings += 'chrome_lines = ["Breaking"]\n'
    site.write("page.txt", "Breaking\n\nLatest news\n\nBody text.\n\nBreaking\n")
    site.build()
    [entry] = atom_entries(site.feed())
    assert entry.findtext(f"{ATOM}title") == "Latest news"  # no longer chrome
    assert entry.findtext(f"{ATOM}content") == "<p>Body text.</p>\n"


def test_chrome_words_inside_the_text_are_kept(site: Site) -> None:
    site.write("page.txt", "Title here\n\nFirst.\n\nSee all\n\nLast.\n")
    site.build()
    [entry] = atom_entries(site.feed())
    assert entry.findtext(f"{ATOM}content") == "<p>First.</p>\n<p>See all</p>\n<p>Last.</p>\n"
