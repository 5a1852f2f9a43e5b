"""The iTunes tags that Apple Podcasts and Spotify read, in RSS, through feedgen's podcast
extension: the channel's category, explicit flag, owner, artwork and author, and each episode's
duration (`[podcast]` settings: `formats.podcast`)."""

from __future__ import annotations

from typing import Any

from feedgen.ext.base import BaseExtension

from feedgen_app.model import Entry, Podcast

ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"


def add_channel_tags(generator: Any, podcast: Podcast) -> None:
    generator.load_extension("podcast", atom=False, rss=True)
    category = {"cat": podcast.category[0]}
    if len(podcast.category) > 1:
        category["sub"] = podcast.category[1]
    generator.podcast.itunes_category(category)
    generator.register_extension("explicit", ExplicitExtension, None, atom=False, rss=True)
    generator.explicit.value = podcast.explicit
    generator.podcast.itunes_owner(name=podcast.owner_name, email=podcast.owner_email)
    generator.podcast.itunes_image(podcast.image)
    if podcast.author:
        generator.podcast.itunes_author(podcast.author)


class ExplicitExtension(BaseExtension):  # type: ignore[misc]
    """`<itunes:explicit>true|false</itunes:explicit>`, the values Apple's requirements name
    today (feedgen 1.0 accepts only the older yes/no/clean)."""

    def __init__(self) -> None:
        self.value = False

    def extend_rss(self, rss: Any) -> Any:
        channel = rss.find("channel")
        explicit = channel.makeelement(f"{{{ITUNES_NS}}}explicit", {})
        explicit.text = "true" if self.value else "false"
        channel.append(explicit)
        return rss


def add_episode_tags(item: Any, entry: Entry) -> None:
    enclosure = entry.article.enclosure
    if enclosure is not None and enclosure.duration is not None:
        item.podcast.itunes_duration(enclosure.duration)
