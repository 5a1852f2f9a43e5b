"""JSON Feed 1.1 output (feedgen_app.formats.jsonfeed) and the JSON Schema it is tested against.

Expected values come from the JSON Feed 1.1 spec (https://jsonfeed.org/version/1.1) and from the
Atom document the same `Feed` gives, never from the writer's own helpers.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from feedgen_app.errors import SourceRef
from feedgen_app.formats.atom import write as write_atom
from feedgen_app.formats.jsonfeed import write as write_json
from feedgen_app.model import ArchiveLinks, Article, Author, Body, Entry, Feed
from feedgen_app.validate import validate_feed
from tests.feeds import ATOM, parse_xml

REPO = Path(__file__).resolve().parent.parent
SCHEMA = json.loads(
    (REPO / "feedgen_app" / "schemas" / "jsonfeed-1.1.schema.json").read_text(encoding="utf-8")
)
VALIDATOR = Draft202012Validator(SCHEMA)
SITE = "https://example.org/blog/"
SELF = "https://example.org/blog/feed.json"
BERLIN = timezone(timedelta(hours=2))
ADA = Author("Ada Lovelace", email="ada@example.org", uri="https://ada.example.org/")
GRACE = Author("Grace Hopper", email="grace@example.org")
LINUS = Author("Linus Størvold")
NOW = datetime(2025, 1, 1, tzinfo=UTC)


def article(slug: str, published: datetime, **fields: Any) -> Article:
    values: dict[str, Any] = {
        "id": f"{SITE}posts/{slug}/",
        "title": slug.title(),
        "url": f"{SITE}posts/{slug}/",
        "published": published,
        "updated": published,
        "authors": (ADA,),
        "tags": (),
        "summary": None,
        "lang": None,
        "draft": False,
        "body": Body(f"items/{slug}.md", "markdown", 5),
        "source": SourceRef(f"items/{slug}.md", 1),
    }
    return Article(**(values | fields))


def realistic_feed(archive: ArchiveLinks | None = None) -> Feed:
    """Unicode everywhere, several authors, tags, an item in another language, a summary."""
    cafe = article(
        "café",
        datetime(2024, 5, 3, 9, 0, tzinfo=BERLIN),
        id="tag:example.org,2024:café",
        title="Crème brûlée at the Café «Zürich» — 東京 too",
        updated=datetime(2024, 5, 4, 18, 30, 15, tzinfo=BERLIN),
        authors=(ADA, GRACE, LINUS),
        tags=("cooking", "Straße", "日本"),
        summary='Dessert & "quotes" <not html>',
        lang="de",
    )
    plain = article("plain", datetime(2024, 5, 1, 10, 0, tzinfo=UTC), authors=(GRACE,))
    entries = (
        Entry(cafe, '<p>Crème <em>brûlée</em> 🍮 <a href="https://x.example/">x</a></p>', None),
        Entry(plain, "<p>Plain.</p>", "A plain post."),
    )
    return Feed(
        title="Ada\u2019s blog",
        subtitle="Notes on engines — analytical and otherwise",
        site_url=SITE,
        self_url=SELF,
        language="en",
        authors=(ADA,),
        updated=datetime(2024, 5, 4, 18, 30, 15, tzinfo=BERLIN),
        entries=entries,
        archive=archive or ArchiveLinks(),
    )


def schema_errors(document: object) -> list[tuple[str, str]]:
    """(JSON path, validator keyword) of every schema error."""
    errors = VALIDATOR.iter_errors(document)
    return sorted((error.json_path, str(error.validator)) for error in errors)


# -- the writer ----------------------------------------------------------------------------------


def test_output_matches_the_schema() -> None:
    document = json.loads(write_json(realistic_feed()))

    assert schema_errors(document) == []


def test_output_is_every_field_the_feed_has_in_the_spec_order() -> None:
    document = json.loads(write_json(realistic_feed()))

    assert document == {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Ada\u2019s blog",
        "home_page_url": SITE,
        "feed_url": SELF,
        "description": "Notes on engines — analytical and otherwise",
        "authors": [{"name": "Ada Lovelace", "url": "https://ada.example.org/"}],
        "language": "en",
        "items": [
            {
                "id": "tag:example.org,2024:café",
                "url": f"{SITE}posts/café/",
                "title": "Crème brûlée at the Café «Zürich» — 東京 too",
                "content_html": '<p>Crème <em>brûlée</em> 🍮 <a href="https://x.example/">x</a></p>',
                "date_published": "2024-05-03T09:00:00+02:00",
                "date_modified": "2024-05-04T18:30:15+02:00",
                "authors": [
                    {"name": "Ada Lovelace", "url": "https://ada.example.org/"},
                    {"name": "Grace Hopper", "url": "mailto:grace@example.org"},
                    {"name": "Linus Størvold"},
                ],
                "tags": ["cooking", "Straße", "日本"],
                "language": "de",
            },
            {
                "id": f"{SITE}posts/plain/",
                "url": f"{SITE}posts/plain/",
                "title": "Plain",
                "content_html": "<p>Plain.</p>",
                "summary": "A plain post.",
                "date_published": "2024-05-01T10:00:00+00:00",
                "date_modified": "2024-05-01T10:00:00+00:00",
                "authors": [{"name": "Grace Hopper", "url": "mailto:grace@example.org"}],
            },
        ],
    }
    # The spec's order: https://jsonfeed.org/version/1.1 "Top-level" and "Items".
    assert list(document) == [
        "version", "title", "home_page_url", "feed_url", "description", "authors", "language",
        "items",
    ]  # fmt: skip
    assert list(document["items"][0]) == [
        "id", "url", "title", "content_html", "date_published", "date_modified", "authors",
        "tags", "language",
    ]  # fmt: skip


def test_ids_dates_titles_and_content_equal_the_atom_feeds() -> None:
    feed = realistic_feed()
    items = json.loads(write_json(feed))["items"]
    entries = parse_xml(write_atom(feed)).findall(f"{ATOM}entry")

    assert len(items) == len(entries) == 2
    for item, entry in zip(items, entries, strict=True):
        assert item["id"] == entry.findtext(f"{ATOM}id")
        assert item["url"] == entry.find(f"{ATOM}link").get("href")
        assert item["title"] == entry.findtext(f"{ATOM}title")
        assert item["content_html"] == entry.findtext(f"{ATOM}content")
        assert item["date_published"] == entry.findtext(f"{ATOM}published")
        assert item["date_modified"] == entry.findtext(f"{ATOM}updated")
        assert item.get("summary") == entry.findtext(f"{ATOM}summary")


def test_bytes_are_utf8_with_non_ascii_unescaped_two_space_indent_and_a_final_newline() -> None:
    data = write_json(realistic_feed())

    assert data.startswith(b'{\n  "version": "https://jsonfeed.org/version/1.1",\n  "title": ')
    assert data.endswith(b"\n  ]\n}\n")
    assert "東京".encode() in data
    assert "🍮".encode() in data
    assert b"\\u" not in data
    assert data.decode("utf-8").count("\n") == data.count(b"\n")


def test_same_feed_gives_the_same_bytes() -> None:
    assert write_json(realistic_feed()) == write_json(realistic_feed())


def test_output_passes_the_checker_with_no_findings() -> None:
    data = write_json(realistic_feed(ArchiveLinks(prev_archive=f"{SITE}archive/3/feed.json")))

    assert validate_feed(data, self_url=SELF, now=NOW) == []


def test_author_url_is_the_site_else_a_mailto_of_the_address_else_absent() -> None:
    authors = json.loads(write_json(realistic_feed()))["items"][0]["authors"]

    assert [author.get("url") for author in authors] == [
        "https://ada.example.org/",
        "mailto:grace@example.org",
        None,
    ]


def test_empty_description_summary_language_and_lists_are_left_out() -> None:
    bare = article("bare", datetime(2024, 1, 1, tzinfo=UTC), authors=())
    feed = Feed("T", "", SITE, SELF, None, (), bare.updated, (Entry(bare, "", ""),))

    document = json.loads(write_json(feed))

    assert list(document) == ["version", "title", "home_page_url", "feed_url", "items"]
    assert document["items"] == [
        {
            "id": bare.id,
            "url": bare.url,
            "title": "Bare",
            "content_html": "",
            "date_published": "2024-01-01T00:00:00+00:00",
            "date_modified": "2024-01-01T00:00:00+00:00",
        }
    ]
    assert schema_errors(document) == []


def test_feed_without_entries_has_an_empty_items_array() -> None:
    feed = Feed("T", "", SITE, SELF, None, (), NOW, ())

    document = json.loads(write_json(feed))

    assert document["items"] == []
    assert schema_errors(document) == []


TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(title=TEXT, content=TEXT, summary=TEXT, tag=TEXT, name=TEXT.filter(str.strip))
def test_any_text_comes_back_exactly_and_the_document_stays_valid(
    title: str, content: str, summary: str, tag: str, name: str
) -> None:
    item = article("any", datetime(2024, 1, 1, tzinfo=UTC), title=title, tags=(tag,))
    item = Article(
        **{**{f: getattr(item, f) for f in Article.__slots__}, "authors": (Author(name),)}
    )
    feed = Feed(
        title, summary, SITE, SELF, "en", (), item.updated, (Entry(item, content, summary),)
    )

    data = write_json(feed)
    document = json.loads(data)

    assert document["title"] == title
    (written,) = document["items"]
    assert (written["title"], written["content_html"], written["tags"]) == (title, content, [tag])
    assert written.get("summary", "") == summary
    assert written["authors"] == [{"name": name}]
    assert schema_errors(document) == []
    assert [
        f.rule for f in validate_feed(data, self_url=SELF, now=NOW) if f.severity == "error"
    ] == []


# -- RFC 5005 archives -----------------------------------------------------------------------------


def test_prev_archive_is_written_as_next_url_after_description() -> None:
    older = f"{SITE}archive/3/feed.json"
    document = json.loads(write_json(realistic_feed(ArchiveLinks(prev_archive=older))))

    assert document["next_url"] == older
    assert list(document)[4:6] == ["description", "next_url"]


def test_archive_page_has_next_url_and_nothing_for_current_or_next_archive() -> None:
    links = ArchiveLinks(
        current=SELF,
        prev_archive=f"{SITE}archive/1/feed.json",
        next_archive=f"{SITE}archive/3/feed.json",
    )
    page = json.loads(write_json(realistic_feed(links)))
    subscription = json.loads(write_json(realistic_feed()))

    assert page["next_url"] == f"{SITE}archive/1/feed.json"
    assert schema_errors(page) == []
    assert {key: value for key, value in page.items() if key != "next_url"} == subscription


def test_no_archive_no_next_url_and_never_expired() -> None:
    document = json.loads(write_json(realistic_feed()))

    assert "next_url" not in document
    assert "expired" not in document


# -- the schema is not vacuous: each broken document fails for its reason -----------------------


def minimal() -> dict[str, Any]:
    """The spec's own first example, trimmed: a valid JSON Feed 1.1."""
    return {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "My Example Feed",
        "home_page_url": "https://example.org/",
        "feed_url": "https://example.org/feed.json",
        "items": [
            {"id": "2", "content_text": "This is a second item.", "url": "https://example.org/2"},
            {"id": "1", "content_html": "<p>Hello, world!</p>", "url": "https://example.org/1"},
        ],
    }


def test_the_specs_examples_are_valid() -> None:
    podcast = minimal() | {
        "user_comment": "A podcast.",
        "hubs": [{"type": "WebSub", "url": "https://hub.example.org/"}],
        "expired": False,
        "_blue_shed": {"about": "https://blueshed-podcasts.com/json-feed-extension-docs"},
    }
    podcast["items"][0] |= {
        "summary": "Brent interviews Chris Parrish.",
        "date_published": "2014-05-09T14:04:00-07:00",
        "authors": [{"name": "Brent", "url": "mailto:brent@example.org"}],
        "attachments": [
            {
                "url": "http://therecord.co/downloads/The-Record-sp1e1-ChrisParrish.m4a",
                "mime_type": "audio/x-m4a",
                "size_in_bytes": 89970236,
                "duration_in_seconds": 6629,
            }
        ],
    }

    assert schema_errors(minimal()) == []
    assert schema_errors(podcast) == []


DELETE = object()
"""Instead of a new value: remove the key."""

# (what is wrong, where in minimal(), the new value, the error's JSON path, the schema keyword)
SCHEMA_CASES: list[tuple[str, tuple[str | int, ...], object, str, str]] = [
    ("no version", ("version",), DELETE, "$", "required"),
    ("version 1.0", ("version",), "https://jsonfeed.org/version/1", "$.version", "const"),
    ("no title", ("title",), DELETE, "$", "required"),
    ("no items", ("items",), DELETE, "$", "required"),
    ("title a number", ("title",), 7, "$.title", "type"),
    ("relative feed_url", ("feed_url",), "/feed.json", "$.feed_url", "pattern"),
    ("item without id", ("items", 0, "id"), DELETE, "$.items[0]", "required"),
    ("numeric id", ("items", 0, "id"), 2, "$.items[0].id", "type"),
    ("blank id", ("items", 0, "id"), " ", "$.items[0].id", "pattern"),
    ("item without content", ("items", 0, "content_text"), DELETE, "$.items[0]", "anyOf"),
    (
        "date without zone",
        ("items", 0, "date_published"),
        "2014-05-09T14:04:00",
        "$.items[0].date_published",
        "pattern",
    ),
    (
        "date only",
        ("items", 0, "date_published"),
        "2014-05-09",
        "$.items[0].date_published",
        "pattern",
    ),
    ("empty author", ("items", 0, "authors"), [{}], "$.items[0].authors[0]", "anyOf"),
    ("tags a string", ("items", 0, "tags"), "python", "$.items[0].tags", "type"),
    (
        "attachment without mime_type",
        ("items", 0, "attachments"),
        [{"url": "https://example.org/a.mp3"}],
        "$.items[0].attachments[0]",
        "required",
    ),
    ("hub without type", ("hubs",), [{"url": "https://hub.example.org/"}], "$.hubs[0]", "required"),
    ("expired a string", ("expired",), "no", "$.expired", "type"),
    ("language not a tag", ("language",), "en_US", "$.language", "pattern"),
    (
        "unknown key",
        ("items", 0, "content-html"),
        "<p>typo</p>",
        "$.items[0]",
        "additionalProperties",
    ),
    ("extension with a dot", ("_blue.shed",), {}, "$", "additionalProperties"),
]


def broken(where: tuple[str | int, ...], value: object) -> dict[str, Any]:
    """`minimal()` with the value at `where` replaced by `value`, or removed."""
    document = minimal()
    holder: Any = document
    for part in where[:-1]:
        holder = holder[part]
    if value is DELETE:
        del holder[where[-1]]
    else:
        holder[where[-1]] = value
    return document


@pytest.mark.parametrize(
    ("where", "value", "path", "keyword"),
    [case[1:] for case in SCHEMA_CASES],
    ids=[case[0] for case in SCHEMA_CASES],
)
def test_schema_refuses_a_broken_document_for_its_reason(
    where: tuple[str | int, ...], value: object, path: str, keyword: str
) -> None:
    assert schema_errors(broken(where, value)) == [(path, keyword)]


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(SCHEMA)
