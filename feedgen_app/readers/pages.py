"""Pages that are not articles: a generator renders them as something else, or not at all.

Zola's `render = false`, Hugo's `headless: true` and `build: {render: never}` (or `_build`), and a
page with neither a title nor any text (`+++ template = "latest.html" +++`, a list page) are
passed over with one notice in the build summary, never an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from feedgen_app.readers.fields import flag

_PAGE_KEYS = frozenset({"render", "headless", "build", "_build"})
"""The keys with which a generator says a page is not rendered as an article."""


class NotAnArticle(Exception):
    """Raised by a reader for a page that is not an article; the message says why."""


def check_is_article(meta: Mapping[str, Any], body: str, has_title: bool) -> None:
    """Raises NotAnArticle for a page no generator publishes as an article."""
    if not _PAGE_KEYS.isdisjoint(meta):
        _check_generator_flags(meta)
    if not has_title and not body.strip():
        raise NotAnArticle("no title and no text")


def _check_generator_flags(meta: Mapping[str, Any]) -> None:
    if flag(meta.get("render")) is False:
        raise NotAnArticle("render = false")
    if flag(meta.get("headless")) is True:
        raise NotAnArticle("headless: true")
    build = meta.get("build", meta.get("_build"))
    if isinstance(build, Mapping) and (
        build.get("render") == "never" or flag(build.get("render")) is False
    ):
        raise NotAnArticle("build: {render: never}")
