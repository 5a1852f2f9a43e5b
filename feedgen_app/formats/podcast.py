"""Podcasts: the `[podcast]` settings, which turn on the iTunes tags in RSS (`formats.itunes`).

Reading the settings imports feedgen only when a `[podcast]` table is there (to check the
category against the list that feedgen accepts)."""

from __future__ import annotations

from feedgen_app.model import Podcast

_KEYS = ("category", "explicit", "owner", "image", "author")


def read_podcast(value: object) -> Podcast:
    """The `[podcast]` table; raises ValueError saying what is wrong."""
    if not isinstance(value, dict):
        raise ValueError("expected a table: [tool.feedgen_app.podcast]")
    unknown = sorted(set(value) - set(_KEYS))
    missing = [key for key in _KEYS[:4] if key not in value]
    if unknown or missing:
        raise ValueError(f"unknown key(s) {unknown}, missing {missing} (keys: {', '.join(_KEYS)})")
    category = _category(value["category"])
    if not isinstance(value["explicit"], bool):
        raise ValueError("explicit: expected true or false")
    owner = value["owner"]
    if not (
        isinstance(owner, dict) and all(isinstance(owner.get(k), str) for k in ("name", "email"))
    ):
        raise ValueError('owner: expected { name = "…", email = "…" }')
    image = value["image"]
    if not isinstance(image, str) or not image.lower().endswith((".jpg", ".png")):
        raise ValueError("image: expected the URL of square .jpg or .png artwork (1400 to 3000 px)")
    author = value.get("author")
    if author is not None and not isinstance(author, str):
        raise ValueError("author: expected text")
    return Podcast(category, value["explicit"], owner["name"], owner["email"], image, author)


def _category(value: object) -> tuple[str, ...]:
    """`"Technology"` or `"Arts > Design"`, checked against the categories feedgen knows."""
    from feedgen.ext.podcast import PodcastExtension  # noqa: PLC0415

    known: dict[str, list[str]] = PodcastExtension._itunes_categories
    parts = tuple(p.strip() for p in value.split(">")) if isinstance(value, str) else ()
    if (
        not 1 <= len(parts) <= 2
        or parts[0] not in known
        or (parts[1:] and parts[1] not in known[parts[0]])
    ):
        raise ValueError(
            f"category: expected one of {', '.join(known)} (or 'Category > Subcategory')"
        )
    return parts
