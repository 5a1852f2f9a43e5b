"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1), written directly with the json module.

Keys come in the order the spec lists them (`version` first, as it asks), absent values are
left out rather than written as null, and the bytes are UTF-8 with non-ASCII characters as they
are, two-space indentation and a final newline: the same feed always gives the same bytes.

Item ids, URLs, titles, content, summaries and dates are exactly those of the Atom and RSS
feeds built from the same `Feed`; dates are RFC 3339 in the article's own offset, written by
`isoformat()` as the Atom writer writes them.

RFC 5005 archives: JSON Feed's only paging link is `next_url`, "a feed that provides the next
n items", and a feed lists its newest items first, so the next items are the older ones:
`next_url` is the RFC 5005 prev-archive link (the next older page). JSON Feed has nothing for
`current`, `next-archive` or `fh:archive`, so an archive page says nothing else: that it is a
page of older items shows in its items and in the feed that links to it. `expired` is never
written: no feed we publish is finished.
"""

from __future__ import annotations

import json
from typing import Any, Final

from feedgen_app.model import Author, Enclosure, Entry, Feed

VERSION: Final = "https://jsonfeed.org/version/1.1"


def write(feed: Feed) -> bytes:
    """The JSON Feed 1.1 document of `feed`."""
    text = json.dumps(feed_object(feed), ensure_ascii=False, indent=2, separators=(",", ": "))
    return (text + "\n").encode("utf-8")


def feed_object(feed: Feed) -> dict[str, Any]:
    """The top-level object, in the spec's order of fields."""
    return _present(
        version=VERSION,
        title=feed.title,
        home_page_url=feed.site_url,
        feed_url=feed.self_url,
        description=feed.subtitle or None,
        next_url=feed.archive.prev_archive,
        icon=feed.logo,
        favicon=feed.icon,
        authors=[_author_object(author) for author in feed.authors] or None,
        language=feed.language or None,
        hubs=[{"type": "WebSub", "url": hub} for hub in feed.hubs] or None,
        items=[item_object(entry) for entry in feed.entries],
    )


def item_object(entry: Entry) -> dict[str, Any]:
    """One item, in the spec's order of fields."""
    article = entry.article
    return _present(
        id=article.id,
        url=article.url,
        title=article.title,
        content_html=entry.content_html,
        summary=entry.summary or None,
        image=article.image,
        date_published=article.published.isoformat(),
        date_modified=article.updated.isoformat(),
        authors=[_author_object(author) for author in article.authors] or None,
        tags=list(article.tags) or None,
        language=article.lang or None,
        attachments=[_attachment(article.enclosure)] if article.enclosure else None,
    )


def _attachment(enclosure: Enclosure) -> dict[str, Any]:
    """An attachment: a size of 0 means unknown, and is left out."""
    return _present(
        url=enclosure.url,
        mime_type=enclosure.type,
        title=enclosure.title,
        size_in_bytes=enclosure.length or None,
        duration_in_seconds=enclosure.duration,
    )


def _author_object(author: Author) -> dict[str, str]:
    """`name`, and `url`: the author's own site, else their address as a mailto: URL.

    A JSON Feed author has no e-mail field; the spec says `url` is "the URL of a site owned by
    the author" and "could be a mailto: link". The site wins because it is what the spec asks
    for first; the address is kept (as Atom keeps <email>) only when there is no site.
    """
    url = author.uri or (f"mailto:{author.email}" if author.email else None)
    return _present(name=author.name, url=url)


def _present(**fields: Any) -> dict[str, Any]:
    """`fields` in the order given, without those that are None."""
    return {key: value for key, value in fields.items() if value is not None}
