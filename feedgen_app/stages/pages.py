"""Planning the files for people beside the feeds: a subscribe page per feed folder, the CSS that
makes raw Atom and RSS readable in a browser, and the autodiscovery snippet.

Pages are outputs like feeds: planned here, made by `formats.pages`, recorded in the manifest
(so a page no longer planned is removed) and reused by key (`page_key`) like documents.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Generic, Literal

from feedgen_app import urls
from feedgen_app.config import SiteConfig
from feedgen_app.formats import FORMATS
from feedgen_app.stages.decide import InputKeys
from feedgen_app.stages.placing import Chosen, Member
from feedgen_app.state import digest

if TYPE_CHECKING:
    from feedgen_app.stages.plan import Selection

Template = Literal["subscribe.html", "feed.css", "autodiscovery.html"]
TEMPLATES = Path(__file__).resolve().parent.parent / "page_templates"
"""The package's page templates, which `formats.pages` loads with Jinja2."""


@dataclass(frozen=True)
class FeedLink:
    """One format of a feed, as a page shows it."""

    format: str
    media_type: str
    url: str
    """Public and absolute: what a reader subscribes to."""
    href: str
    """Relative to the page, so that the page works wherever the folder is served."""


@dataclass(frozen=True)
class PageOf(Generic[Member]):
    """One file for people: a template filled with a selection's feeds and newest articles."""

    path: str
    """Relative to the output folder."""
    template: Template
    title: str
    description: str
    feeds: tuple[FeedLink, ...] = ()
    members: tuple[Member, ...] = ()
    """The articles the page lists, newest first."""
    language: str = "en"
    note: str = ""
    """For the feed stylesheet: what it says above a raw feed."""


Page = PageOf[Chosen]


def plan_pages(selections: Sequence[Selection[Member]], config: SiteConfig) -> list[PageOf[Member]]:
    """The subscribe page of each selection's folder, the feed stylesheet and the snippet."""
    pages: list[PageOf[Member]] = []
    about = config.description or config.title
    language = config.language or "en"
    if config.subscribe_page:
        for selection in selections:
            path = selection.folder + config.subscribe_page
            title = (
                config.title if selection.kind == "site" else f"{config.title} — {selection.name}"
            )
            members = selection.members[: config.item_limit or len(selection.members)]
            feeds = _feeds(config, path)
            pages.append(PageOf(path, "subscribe.html", title, about, feeds, members, language))
    if config.feed_stylesheet:
        note = "This is a web feed: copy its address into a feed reader to follow it."
        if config.subscribe_page:
            note += f" The page for people: {config.subscribe_page} in the feed's folder."
        pages.append(PageOf(config.feed_stylesheet, "feed.css", config.title, about, note=note))
    if config.autodiscovery_snippet:
        path = config.autodiscovery_snippet
        pages.append(PageOf(path, "autodiscovery.html", config.title, about, _feeds(config)))
    return pages


def _feeds(config: SiteConfig, page: str = "") -> tuple[FeedLink, ...]:
    """The formats of the feed in `page`'s folder (the site's for the snippet)."""
    folder = posixpath.dirname(page)
    links = []
    for fmt, file in config.feeds.items():
        path = posixpath.join(folder, file)
        url = urls.absolute_url(config.site_url, path)
        links.append(FeedLink(fmt, FORMATS[fmt].media_type, url, relative(path, page)))
    return tuple(links)


def relative(target: str, origin: str) -> str:
    """The relative URL of output file `target` from output file `origin`."""
    return posixpath.relpath(target, posixpath.dirname(origin) or ".")


def page_key(page: Page, inputs: InputKeys) -> str:
    """What a page's bytes are made from: the page, its template, each article's bytes and
    decision, and the settings (`InputKeys`)."""
    members = [inputs.article(found.rel) for found, _ in page.members]
    fields = (page.path, page.template, page.title, page.description, page.feeds, page.note)
    made_of = (inputs.settings, template_source(page.template), fields, members)
    return digest(repr(made_of).encode())


@cache
def template_source(name: Template) -> str:
    """The text of template `name` (a page's key changes when its template does), read as a
    file: a rebuild that writes no page never loads Jinja2 (30 ms)."""
    return (TEMPLATES / name).read_text(encoding="utf-8")
