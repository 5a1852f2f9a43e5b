"""A document assembled from a shell and entry fragments (`formats.parts`) is byte for byte what
the format's writer makes of the whole feed, whatever the feed and its entries hold: this is
what lets a build serialize each entry once per format and carry it in many documents."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from feedgen_app.errors import SourceRef
from feedgen_app.formats import FORMATS
from feedgen_app.formats.parts import fragments, shell
from feedgen_app.model import ArchiveLinks, Article, Author, Body, Enclosure, Entry, Feed, Podcast

SITE = "https://example.org/blog/"
ADA = Author("Ada Lovelace", email="ada@example.org", uri="https://ada.example.org/")
NAMED = Author("Linus Størvold")
BERLIN = timezone(timedelta(hours=2))
START = datetime(2024, 5, 1, 10, tzinfo=BERLIN)
PODCAST = Podcast(("Technology",), False, "Ada", "ada@example.org", f"{SITE}cover.png", "Ada")
FORMAT_NAMES = sorted(FORMATS)


def entry(n: int, **fields: Any) -> Entry:
    values: dict[str, Any] = {
        "id": f"{SITE}posts/{n}/",
        "title": f"Post <{n}> & “quotes”",
        "url": f"{SITE}posts/{n}/",
        "published": START - timedelta(days=n),
        "updated": START - timedelta(days=n) + timedelta(hours=n % 3),
        "authors": (ADA,),
        "tags": ("python", "c&c"),
        "summary": None,
        "lang": None,
        "draft": False,
        "body": Body(f"items/{n}.md", "markdown", 5),
        "source": SourceRef(f"items/{n}.md", 1),
    }
    content = f'<p>Body {n}: <a href="{SITE}x">x</a> line\nbreak \u2028 </entry></item></p>\n'
    return Entry(Article(**(values | fields)), content, f"Summary {n} <b>")


VARIED = (
    entry(0),
    entry(1, lang="de", authors=(ADA, NAMED)),
    entry(2, image=f"{SITE}img/2.png", tags=()),
    entry(3, enclosure=Enclosure(f"{SITE}3.mp3", "audio/mpeg", 1234, "Episode", 61)),
    entry(4, authors=(), summary="An own summary"),
    entry(5, id="tag:example.org,2024:5", title="Ünïcödé 🎉"),
)
ARCHIVE = ArchiveLinks(f"{SITE}atom.xml", f"{SITE}archive/1.xml", f"{SITE}archive/3.xml")


def feed(entries: tuple[Entry, ...], **fields: Any) -> Feed:
    made = Feed(
        title="Blog <&>",
        subtitle="About things",
        site_url=SITE,
        self_url=f"{SITE}feed",
        language="en",
        authors=(ADA,),
        updated=max(e.article.updated for e in entries),
        entries=entries,
    )
    return Feed(**(vars(made) | fields))


FEEDS = {
    "plain": feed(VARIED[:1]),
    "varied": feed(VARIED),
    "archive page with hubs and stylesheet": feed(
        VARIED[2:],
        archive=ARCHIVE,
        hubs=("https://hub.example.org/",),
        stylesheet="../feed.css",
        icon=f"{SITE}icon.png",
        logo=f"{SITE}logo.png",
    ),
    "podcast": feed(VARIED[3:4], podcast=PODCAST),
    "podcast with images": feed(VARIED, podcast=PODCAST, language=None),
    "no image in this document": feed(VARIED[:2] + VARIED[3:]),
}


def assembled(whole: Feed, fmt: str) -> bytes:
    """The feed made from its shell and fragments serialized in other company: one by one,
    in reverse order, and in a batch with every other entry."""
    podcast = whole.podcast
    alone = {e.article.id: fragments([e], fmt, podcast)[0] for e in reversed(whole.entries)}
    batch = fragments(VARIED + whole.entries, fmt, podcast)[len(VARIED) :]
    assert batch == [alone[e.article.id] for e in whole.entries]
    media = any(e.article.image for e in whole.entries)
    return shell(whole, fmt, media=media).document(batch)


@pytest.mark.parametrize("fmt", FORMAT_NAMES)
@pytest.mark.parametrize("name", FEEDS)
def test_a_document_from_shell_and_fragments_is_the_writers_bytes(name: str, fmt: str) -> None:
    whole = FEEDS[name]
    written = FORMATS[fmt].writer()(whole)

    assert assembled(whole, fmt) == written


OPENING = {"atom": b"<entry", "rss": b"<item>", "json": b'"id": '}


@pytest.mark.parametrize("fmt", FORMAT_NAMES)
def test_each_fragment_is_one_entry_in_order(fmt: str) -> None:
    made = fragments(VARIED, fmt, None)

    assert [found.count(OPENING[fmt]) for found in made] == [1] * len(VARIED)
    assert all(f"/posts/{n}/".encode() in found for n, found in enumerate(made))


TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)


@settings(max_examples=40, deadline=None)
@given(titles=st.lists(TEXT.filter(str.strip), min_size=1, max_size=4), body=TEXT, summary=TEXT)
def test_any_text_gives_the_writers_bytes(titles: list[str], body: str, summary: str) -> None:
    entries = tuple(
        Entry(replace_title(entry(n).article, title), f"<p>{body}</p>", summary or None)
        for n, title in enumerate(titles)
    )
    whole = feed(entries, title=titles[0], updated=datetime(2024, 1, 1, tzinfo=UTC))
    for fmt in FORMAT_NAMES:
        assert assembled(whole, fmt) == FORMATS[fmt].writer()(whole)


def replace_title(article: Article, title: str) -> Article:
    return Article(**(vars_of(article) | {"title": title}))


def vars_of(article: Article) -> dict[str, Any]:
    return {name: getattr(article, name) for name in Article.__slots__}
