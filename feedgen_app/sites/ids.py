"""Entry ids as other generators' feed plugins publish them, so a moved site keeps its ids."""

from __future__ import annotations

import posixpath
from urllib.parse import urlsplit


def jekyll_feed_id(url: str, slug: str) -> str:
    """jekyll-feed's `post.id | absolute_url`: Jekyll's document id is the folder of its URL
    plus its slug (`/2024/05/01/hello`: no `.html`, no trailing slash), made absolute."""
    parts = urlsplit(url)
    folder = posixpath.dirname(parts.path.rstrip("/"))
    return f"{parts.scheme}://{parts.netloc}{folder.rstrip('/')}/{slug}"
