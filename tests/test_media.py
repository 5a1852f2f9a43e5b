"""Enclosures and images from front matter, feed icon and logo, and the podcast tags, in every
format; expected values come from the fixture files (their sizes) and the specs."""

from __future__ import annotations

import json

import pytest

from feedgen_app.cli import main
from tests.conftest import Site
from tests.feeds import ATOM, parse_xml

MEDIA = "{http://search.yahoo.com/mrss/}"
ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
POST = "https://example.org/blog/posts/episode/"
AUDIO = bytes(range(256)) * 40  # 10240 bytes
APPLE_TYPES = {"audio/x-m4a", "audio/mpeg", "video/quicktime", "video/mp4", "video/x-m4v"}
PODCAST = """
icon = "https://example.org/icon.png"
logo = "https://example.org/logo.png"

[podcast]
category = "Technology > Podcasting"
explicit = false
owner = { name = "Site Owner", email = "owner@example.org" }
image = "https://example.org/artwork.jpg"
author = "Site Owner"
"""


def _episode(site: Site, enclosure: str, image: str = "cover.jpg") -> None:
    front = f"title: Episode\ndate: 2024-03-01\nimage: {image}\nenclosure: {enclosure}"
    site.write("episode.md", f"---\n{front}\n---\nHi.\n")


@pytest.fixture
def episode(site: Site) -> Site:
    (site.items / "ep1.mp3").write_bytes(AUDIO)
    (site.items / "cover.jpg").write_bytes(b"\xff\xd8\xff")
    _episode(site, "{ path: ep1.mp3, title: Part one, duration: '1:02:03' }")
    return site


def test_a_local_enclosure_takes_its_length_from_the_file_and_type_from_its_name(
    episode: Site,
) -> None:
    assert episode.build("--strict").code == 0
    entry = parse_xml(episode.feed("atom.xml")).find(f"{ATOM}entry")
    assert entry is not None
    enclosures = [link.attrib for link in entry.findall(f"{ATOM}link[@rel='enclosure']")]
    assert enclosures == [
        {
            "href": f"{POST}ep1.mp3",
            "rel": "enclosure",
            "type": "audio/mpeg",
            "length": "10240",
            "title": "Part one",
        }
    ]
    item = parse_xml(episode.feed("rss.xml")).find("channel/item")
    assert item is not None
    assert [e.attrib for e in item.findall("enclosure")] == [
        {"url": f"{POST}ep1.mp3", "length": "10240", "type": "audio/mpeg"}
    ]
    content = item.find(f"{MEDIA}content")
    thumbnail = item.find(f"{MEDIA}thumbnail")
    assert content is not None and thumbnail is not None
    assert (content.get("url"), content.get("medium")) == (f"{POST}cover.jpg", "image")
    assert thumbnail.get("url") == f"{POST}cover.jpg"
    item_json = json.loads(episode.feed("feed.json"))["items"][0]
    assert item_json["image"] == f"{POST}cover.jpg"
    assert item_json["attachments"] == [
        {
            "url": f"{POST}ep1.mp3",
            "mime_type": "audio/mpeg",
            "title": "Part one",
            "size_in_bytes": 10240,
            "duration_in_seconds": 3723,
        }
    ]
    assert main(["check", "--strict", "--config", str(episode.root / "site.toml")]) == 0


def test_a_remote_enclosure_keeps_its_stated_type_and_length(site: Site) -> None:
    _episode(
        site,
        "{ url: 'https://cdn.example.net/e.m4a', type: audio/x-m4a, length: 123 }",
        image="https://cdn.example.net/c.png",
    )
    assert site.build("--strict").code == 0
    item = parse_xml(site.feed("rss.xml")).find("channel/item")
    assert item is not None
    enclosure = item.find("enclosure")
    assert enclosure is not None
    assert enclosure.attrib == {
        "url": "https://cdn.example.net/e.m4a",
        "length": "123",
        "type": "audio/x-m4a",
    }
    assert (
        json.loads(site.feed("feed.json"))["items"][0]["image"] == "https://cdn.example.net/c.png"
    )


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("enclosure: missing.mp3", "items/episode.md:5: error: enclosure: no such file"),
        ("enclosure: https://x.example/a", "items/episode.md:5: error: enclosure: no media type"),
        ("enclosure: { url: a.mp3, size: 3 }", "items/episode.md:5: error: enclosure: unknown key"),
        (
            "enclosure: { url: 'https://x.example/a.mp3', duration: soon }",
            "items/episode.md:5: error: enclosure: duration: expected seconds or H:MM:SS",
        ),
        ("image: nowhere.png", "items/episode.md:5: error: image: no such file"),
    ],
)
def test_a_bad_enclosure_or_image_is_an_error_at_its_line(
    site: Site, front: str, message: str
) -> None:
    site.write(
        "episode.md", f"---\ntitle: Episode\ndate: 2024-03-01\ntags: [a]\n{front}\n---\nHi.\n"
    )
    result = site.build()
    assert result.code == 1
    first = result.err.splitlines()[0]
    assert first.startswith(str(site.root / message.split(":", maxsplit=1)[0])), first
    assert first.removeprefix(str(site.root) + "/").startswith(message), first


def test_icon_and_logo_in_every_format(episode: Site) -> None:
    episode.settings += PODCAST
    assert episode.build("--strict").code == 0, episode.build("--strict").err
    atom = parse_xml(episode.feed("atom.xml"))
    assert atom.findtext(f"{ATOM}icon") == "https://example.org/icon.png"
    assert atom.findtext(f"{ATOM}logo") == "https://example.org/logo.png"
    image = parse_xml(episode.feed("rss.xml")).find("channel/image")
    assert image is not None
    assert [(child.tag, child.text) for child in image] == [
        ("url", "https://example.org/logo.png"),
        ("title", "Test site"),
        ("link", "https://example.org/blog/"),
    ]
    data = json.loads(episode.feed("feed.json"))
    assert (data["icon"], data["favicon"]) == (
        "https://example.org/logo.png",
        "https://example.org/icon.png",
    )


def test_the_podcast_feed_has_what_apple_podcasts_requires(episode: Site) -> None:
    """Apple's RSS requirements: channel title, description, language, itunes:image (.jpg or
    .png), itunes:category (from Apple's list) and itunes:explicit; owner e-mail; each episode
    a title, an enclosure with url, length and a supported type, a guid; and a duration."""
    episode.settings += PODCAST
    assert episode.build("--strict").code == 0
    channel = parse_xml(episode.feed("rss.xml")).find("channel")
    assert channel is not None
    assert channel.findtext("title") == "Test site"
    assert channel.findtext("description")
    assert channel.findtext("language") == "en"
    artwork = channel.find(f"{ITUNES}image")
    assert artwork is not None and artwork.get("href") == "https://example.org/artwork.jpg"
    category = channel.find(f"{ITUNES}category")
    assert category is not None and category.get("text") == "Technology"
    sub = category.find(f"{ITUNES}category")
    assert sub is not None and sub.get("text") == "Podcasting"
    assert [e.text for e in channel.findall(f"{ITUNES}explicit")] == ["false"]
    assert channel.findtext(f"{ITUNES}owner/{ITUNES}email") == "owner@example.org"
    assert channel.findtext(f"{ITUNES}owner/{ITUNES}name") == "Site Owner"
    assert channel.findtext(f"{ITUNES}author") == "Site Owner"
    for item in channel.findall("item"):
        assert item.findtext("title") and item.findtext("guid")
        enclosure = item.find("enclosure")
        assert enclosure is not None
        assert enclosure.get("type") in APPLE_TYPES
        assert int(enclosure.get("length", "0")) > 0
        assert enclosure.get("url", "").startswith("https://")
        assert item.findtext(f"{ITUNES}duration") == "3723"
    assert main(["check", "--strict", "--config", str(episode.root / "site.toml")]) == 0


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('category = "Cooking"', "podcast: category: expected one of Arts, Business"),
        ('image = "https://example.org/a.gif"', "podcast: image: expected the URL of square"),
        ('explicit = "no"', "podcast: explicit: expected true or false"),
    ],
)
def test_podcast_settings_are_checked(site: Site, table: str, message: str) -> None:
    key = table.split(" =", maxsplit=1)[0]
    lines = [line for line in PODCAST.splitlines() if not line.startswith(f"{key} =")]
    site.settings += "\n".join([*lines, table, ""])
    site.write("a.md", "---\ntitle: A\ndate: 2024-03-01\n---\nHi.\n")
    result = site.build()
    assert result.code == 1
    assert message in result.err
