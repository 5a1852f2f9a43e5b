"""Rendering: article bodies to feed content (HTML with absolute URLs, a plain-text summary),
then each planned document to its format's bytes.

Only the articles that some feed publishes are rendered, each once however many feeds carry it,
and only if the rendered cache does not hold its HTML under the same key.
"""

from __future__ import annotations

import html
import multiprocessing
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from functools import cache
from urllib.parse import urljoin

import lxml.html
from lxml.html import HtmlElement
from markdown_it import MarkdownIt

from feedgen_app import __version__
from feedgen_app.config import SiteConfig
from feedgen_app.content.sanitize import sanitize
from feedgen_app.content.srcset import format_srcset, parse_srcset
from feedgen_app.dates import source_date_epoch
from feedgen_app.errors import counted
from feedgen_app.formats import FORMATS
from feedgen_app.model import Article, Author, Body, Entry, Feed
from feedgen_app.progress import Report
from feedgen_app.readers import body_text
from feedgen_app.readers.extract import main_html
from feedgen_app.readers.fields import normalize_space
from feedgen_app.readers.html import parse_page
from feedgen_app.stages.decide import Source, article
from feedgen_app.stages.plan import Document
from feedgen_app.state import digest
from feedgen_app.state.rendered_cache import Rendered, open_rendered, render_key

_URL_ATTRIBUTES = ("href", "src", "poster", "cite", "action")
_SUMMARY_FALLBACK_CHARS = 300


@cache
def _markdown() -> MarkdownIt:
    """CommonMark plus the GitHub tables and strikethrough that Jekyll and Hugo users write."""
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


PARALLEL_FROM = 200
"""Fewer articles than this to render are rendered in this process: workers cost more."""


def render_entries(
    documents: Iterable[Document],
    sources: Mapping[str, Source],
    file_digest: Callable[[str], str],
    config: SiteConfig,
    progress: Report,
) -> dict[str, Entry]:
    """The entry of every article some document carries, by relative path: each rendered once,
    unless the rendered cache holds it under the same key."""
    members = {found.rel: decision for doc in documents for found, decision in doc.members}
    articles = {rel: article(sources[rel], decision, config) for rel, decision in members.items()}
    rendered = open_rendered(config.cache_dir, config.items_dir)
    try:
        keys = {rel: render_key(file_digest(rel), a.url, config) for rel, a in articles.items()}
        done: dict[str, Rendered] = {}
        misses = []
        for rel, key in keys.items():
            hit = rendered.get(rel, key)
            if hit is None:
                misses.append(rel)
            else:
                done[rel] = hit
        progress(f"rendering {counted(len(misses), 'article')}")
        fresh = _render_many([articles[rel] for rel in misses])
        for rel, made in zip(misses, fresh, strict=True):
            rendered.put(rel, keys[rel], made)
            done[rel] = made
    except BaseException:
        rendered.close()
        raise
    rendered.save()
    return {rel: _entry(full, done[rel]) for rel, full in articles.items()}


def _render_many(articles: Sequence[Article]) -> Iterator[Rendered]:
    workers = min(os.cpu_count() or 1, 4)
    if len(articles) < PARALLEL_FROM or workers < 2 or os.name != "posix":
        yield from map(render_content, articles)
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        yield from pool.map(render_content, articles, chunksize=max(1, len(articles) // 64))


def document_key(doc: Document, file_digest: Callable[[str], str], config: SiteConfig) -> str:
    """What a document's bytes are made from: its place, title and links, each article's bytes
    and decision, every setting, SOURCE_DATE_EPOCH (an empty feed's date) and the version."""
    members = [(found.rel, file_digest(found.rel), decision) for found, decision in doc.members]
    made_of = (__version__, config, os.environ.get("SOURCE_DATE_EPOCH"))
    return digest(
        repr((made_of, doc.path, doc.url, doc.format, doc.title, doc.archive, members)).encode()
    )


EMPTY_FEED_DATE = datetime(2000, 1, 1, tzinfo=UTC)
"""`updated` of a feed with no entries (--allow-empty) when SOURCE_DATE_EPOCH is not set: fixed,
so the same input gives the same bytes (1970, the epoch, is refused by some readers)."""


def write_document(doc: Document, entries: Mapping[str, Entry], config: SiteConfig) -> bytes:
    """The bytes of one planned document, by its format's writer."""
    carried = tuple(entries[found.rel] for found, _ in doc.members)
    updated = max((entry.article.updated for entry in carried), default=None)
    feed = Feed(
        title=doc.title,
        subtitle=config.description or config.title,
        site_url=config.site_url,
        self_url=doc.url,
        language=config.language,
        authors=config.authors or (Author(config.title),),
        updated=updated or source_date_epoch() or EMPTY_FEED_DATE,
        entries=carried,
        archive=doc.archive,
    )
    return FORMATS[doc.format].writer()(feed)


def render_entry(article: Article) -> Entry:
    return _entry(article, render_content(article))


def render_content(article: Article) -> Rendered:
    """The body as HTML, URLs made absolute, then sanitized as the last step, and the summary
    (the `summary` field, else the first paragraph's text). Plain-text bodies are escaped
    paragraph by paragraph and so hold no markup to sanitize."""
    content = body_html(article.body)
    if article.body.format != "text":
        content = sanitize(_absolute_urls(content, article.url))
    return Rendered(content, article.summary or _first_paragraph(content))


def _entry(article: Article, rendered: Rendered) -> Entry:
    return Entry(article, rendered.content_html, rendered.summary)


def body_html(body: Body) -> str:
    text = body_text(body)
    if body.format == "markdown":
        rendered: str = _markdown().render(text)
        return rendered
    if body.format == "html":
        return main_html(parse_page(text))
    paragraphs = re.split(r"\n[ \t]*\n", text.strip())
    return "".join(
        f"<p>{html.escape(paragraph.strip(), quote=False)}</p>\n"
        for paragraph in paragraphs
        if paragraph.strip()
    )


def _fragments(content: str) -> list[HtmlElement | str]:
    return list(lxml.html.fragments_fromstring(content)) if content.strip() else []


def _absolute_urls(content: str, base: str) -> str:
    """Resolve relative `href`, `src` and `srcset` URLs against the article's own URL."""
    if not re.search(r"\b(?:href|src|srcset|poster|cite|action)\s*=", content):
        return content
    parts = _fragments(content)
    for part in parts:
        if isinstance(part, HtmlElement):
            for element in part.iter():
                _resolve_element(element, base)
    return "".join(
        part if isinstance(part, str) else lxml.html.tostring(part, encoding="unicode")
        for part in parts
    )


def _resolve_element(element: HtmlElement, base: str) -> None:
    for name in _URL_ATTRIBUTES:
        value = element.get(name)
        if value is not None and not value.startswith("#"):
            element.set(name, urljoin(base, value.strip()))
    srcset = element.get("srcset")
    if srcset is not None:
        element.set("srcset", _resolve_srcset(srcset, base))


def _resolve_srcset(srcset: str, base: str) -> str:
    return format_srcset([(urljoin(base, url), size) for url, size in parse_srcset(srcset)])


def _first_paragraph(content: str) -> str | None:
    """Plain text of the first paragraph, else the start of the whole text."""
    if not content.strip():
        return None
    parts = _fragments(content)
    for part in parts:
        if isinstance(part, HtmlElement):
            paragraph = part if part.tag == "p" else part.find(".//p")
            if paragraph is not None:
                text = normalize_space(paragraph.text_content())
                if text:
                    return text
    whole = normalize_space(" ".join(p if isinstance(p, str) else p.text_content() for p in parts))
    if len(whole) > _SUMMARY_FALLBACK_CHARS:
        whole = whole[:_SUMMARY_FALLBACK_CHARS].rsplit(" ", 1)[0] + " …"
    return whole or None
