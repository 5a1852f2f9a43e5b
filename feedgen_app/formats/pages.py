"""Making the pages for people (`stages.pages`) from the package's Jinja2 templates.

Every value is escaped by the template engine (autoescape), so an article title such as
`<script>` shows as text. The templates live in `feedgen_app/page_templates/`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, get_args

import markupsafe

from feedgen_app.model import Entry
from feedgen_app.stages.pages import TEMPLATES, Page, Template

if TYPE_CHECKING:
    import jinja2


@dataclass(frozen=True, slots=True)
class Listed:
    """What a page shows of an article: a build keeps this, not the entry, for each article a
    page lists (a family build at 100,000 articles lists half of them)."""

    title: str
    url: str
    published: datetime
    summary: str | None

    @classmethod
    def of(cls, entry: Entry) -> Listed:
        article = entry.article
        return cls(article.title, article.url, article.published, entry.summary)


@cache
def _environment() -> jinja2.Environment:
    import jinja2  # noqa: PLC0415 - a build imports this module (`Listed`) before it knows of pages

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),  # the files `page_key` reads
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["css_string"] = css_string
    return environment


def prepare() -> None:
    """Load Jinja2 and compile every page template ahead of `write_page` (a first build does
    this while its workers read the files: 20 ms)."""
    for name in get_args(Template):
        _environment().get_template(name)


def css_string(text: str) -> markupsafe.Markup:
    """`text` as a CSS string literal: quotes, backslashes, line breaks and `<>` escaped."""
    escaped = "".join(f"\\{ord(c):x} " if c in '"\\\n\r\f<>' else c for c in text)
    return markupsafe.Markup(f'"{escaped}"')


def write_page(page: Page, entries: Callable[[str], Listed]) -> bytes:
    """The bytes of one page: its template filled with the page and what it lists of its
    articles (`entries`: by relative path)."""
    listed = [entries(found.rel) for found, _ in page.members]
    text = _environment().get_template(page.template).render(page=page, entries=listed)
    return text.encode("utf-8")
