"""The records that flow through the pipeline: articles in, feeds out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from feedgen_app.errors import SourceRef

BodyFormat = Literal["markdown", "text", "html"]


@dataclass(frozen=True, slots=True)
class Author:
    name: str
    email: str | None = None
    uri: str | None = None


@dataclass(frozen=True, slots=True)
class Body:
    """Where an article's body is: lines `start` to `end` (1-based, end excluded; None = to the
    end of the file) of the file's text as read. The body is not kept in memory: it is read
    again (`readers.body_text`) only if some feed renders it. An `html` body is a whole saved
    page, whose main text is extracted again when it is rendered."""

    path: str
    format: BodyFormat
    start: int
    end: int | None = None

    @property
    def source(self) -> SourceRef:
        return SourceRef(self.path, self.start)


@dataclass(frozen=True, slots=True)
class Enclosure:
    """A file that comes with an article (a podcast episode's audio)."""

    url: str
    """Absolute once decided; as written (maybe a path relative to the article) when read."""
    type: str
    length: int
    """In bytes; 0 when unknown (a URL given without `length`)."""
    title: str | None = None
    duration: int | None = None
    """In seconds."""


@dataclass(frozen=True, slots=True)
class Article:
    """One publishable article with every value decided (id, URL, dates)."""

    id: str
    title: str
    url: str
    published: datetime
    updated: datetime
    authors: tuple[Author, ...]
    tags: tuple[str, ...]
    summary: str | None
    lang: str | None
    draft: bool
    body: Body
    source: SourceRef
    image: str | None = None
    """An absolute URL of the article's image (`image:`, or a saved page's `og:image`)."""
    enclosure: Enclosure | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    """An article as it appears in a feed: content rendered, summary decided."""

    article: Article
    content_html: str
    summary: str | None


@dataclass(frozen=True, slots=True)
class ArchiveLinks:
    """A feed document's place in an RFC 5005 (section 4) archive; every URL absolute."""

    current: str | None = None
    """The subscription feed: set on archive pages."""
    prev_archive: str | None = None
    """The next older archive page."""
    next_archive: str | None = None
    """The next newer archive page (archive pages only)."""

    @property
    def is_archive_page(self) -> bool:
        """Archive pages carry `fh:archive`; the subscription feed does not."""
        return self.current is not None


@dataclass(frozen=True)
class Podcast:
    """The iTunes tags that Apple Podcasts and Spotify read (`[podcast]` settings)."""

    category: tuple[str, ...]
    """A category and optionally its subcategory, from Apple's list."""
    explicit: bool
    owner_name: str
    owner_email: str
    image: str
    """Square artwork, a .jpg or .png URL."""
    author: str | None = None


@dataclass(frozen=True)
class Feed:
    """Everything a writer needs; writers translate it to their format and nothing else."""

    title: str
    subtitle: str
    site_url: str
    self_url: str
    language: str | None
    authors: tuple[Author, ...]
    updated: datetime
    entries: tuple[Entry, ...]
    archive: ArchiveLinks = ArchiveLinks()
    stylesheet: str | None = None
    """The URL (relative to the feed) of the CSS that Atom and RSS name for browsers."""
    hubs: tuple[str, ...] = ()
    """WebSub hubs that subscribers may use."""
    icon: str | None = None
    """A small square image (Atom icon, JSON Feed favicon)."""
    logo: str | None = None
    """A larger image (Atom logo, RSS image, JSON Feed icon)."""
    podcast: Podcast | None = None
