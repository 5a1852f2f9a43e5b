"""Rendering: article bodies to feed content (HTML with absolute URLs, a plain-text summary),
then each planned document to its format's bytes.

Only the articles that some feed publishes are rendered, each once however many feeds carry it,
and only if the rendered cache does not hold its HTML under the same key. A Markdown body first
has its template syntax rendered as its generator would (`templates`), then becomes HTML.
"""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from urllib.parse import urlsplit

import lxml.html
from lxml.html import HtmlElement

from feedgen_app.config import SiteConfig
from feedgen_app.content.markdown import article_html
from feedgen_app.content.nesting import MAX_HTML_DEPTH, too_deep_at
from feedgen_app.content.sanitize import sanitize
from feedgen_app.errors import (
    ArticleError,
    Problem,
    RenderFailed,
    SourceRef,
    counted,
    fail,
    warning,
)
from feedgen_app.formats.parts import Fragments, fragments_of
from feedgen_app.model import Article, Entry, Podcast
from feedgen_app.progress import Report
from feedgen_app.readers import body_and_meta, body_text
from feedgen_app.readers.fields import normalize_space
from feedgen_app.stages.decide import InputKeys, Source, article
from feedgen_app.stages.discover import Found
from feedgen_app.stages.pages import Page
from feedgen_app.stages.plan import Document
from feedgen_app.state import digest
from feedgen_app.state.rendered_cache import (
    Rendered,
    open_rendered,
    render_key,
)
from feedgen_app.templates import Asked, Syntax, Templating, expand
from feedgen_app.templates.targets import still_valid

_SUMMARY_FALLBACK_CHARS = 300
MORE = "<!--more-->"
"""Hugo's (and WordPress') summary divider: the text before it is the summary."""


PARALLEL_FROM = 200
"""Fewer articles than this to render are rendered in this process: workers cost more."""


def render_entries(
    documents: Iterable[Document | Page],
    source: Callable[[Found], Source],
    file_digest: Callable[[str], str],
    config: SiteConfig,
    progress: Report,
    *,
    templating: Templating,
    published: Iterable[str],
    formats: Collection[str],
) -> Iterator[tuple[str, Entry, tuple[Problem, ...], Fragments | None]]:
    """(relative path, entry, warnings of rendering it, its fragments in `formats` or None) of
    every article some document carries, one at a time (a family build carries every article:
    their HTML is never held at once): each rendered once, unless the rendered cache holds it
    under the same key and every other article it links to still has the URL it had. Raises
    RenderFailed for the articles that cannot be rendered (template errors, Markdown nested too
    deep), after the others, whose HTML the cache keeps: planning again without them renders
    nothing twice. The cache keeps what it holds for the `published` articles too.

    With `PARALLEL_FROM` articles or more to render, worker processes render them and serialize
    them in `formats` too (`formats.parts`); the fragments of the others (few, or held by the
    cache) are made where they are needed (None). Serializing is then not left to this
    process alone, which took in a family's first build the longest of its phases."""
    members = {found.rel: (found, decision) for doc in documents for found, decision in doc.members}
    rendered = open_rendered(config.cache_dir, config.items_dir)
    try:
        keys = {rel: render_key(file_digest(rel), d.url, config) for rel, (_, d) in members.items()}
        misses = []
        for rel, key in keys.items():
            found, d = members[rel]
            hit = rendered.get(rel, key)
            if hit is not None and still_valid(_asked(hit), templating.targets):
                yield rel, _entry(article(source(found), d, config), hit), _notes(hit), None
            else:
                misses.append(rel)
        progress(f"rendering {counted(len(misses), 'article')}")
        jobs = ((article(source(members[rel][0]), members[rel][1], config), rel) for rel in misses)
        errors: list[Problem] = []
        failed: list[str] = []
        serializing = _Serializing(templating, tuple(sorted(formats)), config.podcast)
        for full, rel, made, fragments in _render_many(jobs, len(misses), serializing):
            if isinstance(made, Rendered):
                rendered.put(rel, keys[rel], made)
                yield rel, _entry(full, made), _notes(made), fragments
            else:
                errors.extend(made)
                failed.append(rel)
    except BaseException:
        rendered.close()
        raise
    rendered.save(published)
    if errors:
        raise RenderFailed(errors, failed)


Made = Rendered | tuple[Problem, ...]
"""An article rendered, or the errors that stopped it (exceptions do not cross processes)."""

WINDOW = 512
"""Articles handed to the workers at a time: their results wait for this process, which takes
one window's while the workers make the next (two windows in flight). Two of 1,024 raised a
family's first build at 100,000 articles from 274 to 282 MB, for no time measured."""
CHUNK = 32
"""Articles a worker takes at once: serialized together, in a carrier document a format."""


def _render_many(
    jobs: Iterator[tuple[Article, str]], count: int, serializing: _Serializing
) -> Iterator[tuple[Article, str, Made, Fragments | None]]:
    """(article, relative path, what rendering made, its fragments if it was serialized in a
    worker) for each job, in order."""
    templating = serializing.templating
    workers = min(os.cpu_count() or 1, 4)
    if count < PARALLEL_FROM or workers < 2 or os.name != "posix":
        for full, rel in jobs:
            yield full, rel, _render_one(full, templating.syntax_for(rel), templating), None
        return
    import multiprocessing  # noqa: PLC0415 - hundreds of articles to render, not an edit's one
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415

    context = multiprocessing.get_context("fork")
    # What each worker needs (every article's URL among it) goes to it once, as it starts.
    initial = (serializing,)
    pool = ProcessPoolExecutor(workers, context, initializer=_WORKER.append, initargs=initial)
    # Two windows in flight: the workers render the next while this process takes the last.
    with pool:
        waiting: list[tuple[list[tuple[Article, str]], Iterator[list[Worked]]]] = []
        while True:
            if window := list(islice(jobs, WINDOW)):
                tasks = [
                    [(full, templating.syntax_for(rel)) for full, rel in window[at : at + CHUNK]]
                    for at in range(0, len(window), CHUNK)
                ]
                waiting.append((window, pool.map(_work_in_worker, tasks)))
            if not waiting:
                break
            if window and len(waiting) < 2:
                continue
            done_window, done = waiting.pop(0)
            results = (result for chunk in done for result in chunk)
            pairs = zip(done_window, results, strict=True)
            yield from ((full, rel, made, fragments) for (full, rel), (made, fragments) in pairs)


@dataclass(frozen=True)
class _Serializing:
    """What a rendering worker is given as it starts: how to render, and what to serialize in."""

    templating: Templating
    formats: tuple[str, ...]
    podcast: Podcast | None


_WORKER: list[_Serializing] = []
"""In a rendering worker process only: the build's templating and formats, set as it starts."""


Worked = tuple[Made, Fragments]
"""What a worker made of an article: its rendering, and its fragments (none if it could not be
rendered)."""


def _work_in_worker(chunk: list[tuple[Article, Syntax]]) -> list[Worked]:
    """Each article rendered, then serialized in every format (`formats.parts`): the fragments
    are made beside the rendering, on every core, not in the build's own process after it."""
    given = _WORKER[-1]
    made = [_render_one(full, syntax, given.templating) for full, syntax in chunk]
    entries = [
        _entry(full, one)
        for (full, _), one in zip(chunk, made, strict=True)
        if isinstance(one, Rendered)
    ]
    serialized = iter(fragments_of(entries, given.formats, given.podcast))
    return [(one, next(serialized) if isinstance(one, Rendered) else {}) for one in made]


def _render_one(article: Article, syntax: Syntax, templating: Templating) -> Made:
    try:
        return render_content(article, syntax, templating)
    except ArticleError as exc:
        return exc.problems


def document_key(doc: Document, inputs: InputKeys) -> str:
    """What a document's bytes are made from: its place, title and links, each article's bytes
    and decision, and the settings (`InputKeys`)."""
    place = (doc.path, doc.url, doc.format, doc.title, doc.archive)
    return digest(repr((inputs.settings, place, inputs.articles(doc.members))).encode())


def render_entry(article: Article) -> Entry:
    """An article rendered on its own (no template syntax, no other articles)."""
    return _entry(article, render_content(article))


def render_content(
    article: Article, syntax: Syntax = "none", templating: Templating | None = None
) -> Rendered:
    """The body as HTML, its template syntax rendered first (`templates`), URLs made absolute,
    then sanitized as the last step; and the summary: the `summary` field, else the text before
    `<!--more-->` or the excerpt separator (the front matter's `excerpt_separator`, else the
    setting), else the first paragraph's. Plain-text bodies are escaped paragraph by paragraph
    and so hold no markup to sanitize. Raises ArticleError for a template error."""
    if article.body.format == "text":
        content = text_html(body_text(article.body))
        return Rendered(content, article.summary or _first_paragraph(content))
    if article.body.format == "html":
        from feedgen_app.readers.extract import main_html  # noqa: PLC0415 - saved pages only
        from feedgen_app.readers.html import parse_page  # noqa: PLC0415

        page_html = main_html(parse_page(body_text(article.body)))
        content = sanitize(page_html, article.url)
        return Rendered(content, article.summary or _first_paragraph(content))
    templating = templating or Templating()
    # Only template syntax needs the front matter again (`page.*`, Jekyll's excerpt_separator).
    text, meta = body_and_meta(article.body) if syntax != "none" else (body_text(article.body), {})
    page = page_variables(article, meta)
    expanded = expand(text, syntax, page, templating, article.body.source)
    content = sanitize(_markdown_html(expanded.text, article), article.url)
    separator = meta.get("excerpt_separator", templating.excerpt_separator)
    summary = article.summary or _excerpt(expanded.text, separator) or _first_paragraph(content)
    notes = [[p.where.path, p.where.line, p.message] for p in expanded.warnings]
    depends = json.dumps([[list(asked) for asked in expanded.asked], notes], ensure_ascii=False)
    return Rendered(content, summary, depends)


def _asked(rendered: Rendered) -> Asked:
    """The other articles' URLs the HTML used (`depends` is empty for a plain-text body)."""
    asked = json.loads(rendered.depends)[0] if rendered.depends else []
    return tuple((kind, ref, url) for kind, ref, url in asked)


def _notes(rendered: Rendered) -> tuple[Problem, ...]:
    notes = json.loads(rendered.depends)[1] if rendered.depends else []
    return tuple(warning(SourceRef(path, line), message) for path, line, message in notes)


def _entry(article: Article, rendered: Rendered) -> Entry:
    return Entry(article, rendered.content_html, rendered.summary)


def page_variables(article: Article, meta: Mapping[str, object]) -> dict[str, object]:
    """`page.*` in Liquid (and page parameters for Hugo's `param`): the front matter, with the
    decided values of the fields Jekyll computes."""
    return {
        **meta,
        "title": article.title,
        "url": urlsplit(article.url).path,
        "date": article.published,
        "tags": list(article.tags),
        "id": article.id,
    }


def _markdown_html(text: str, article: Article) -> str:
    """The body's Markdown as HTML (`content.markdown`). Block quotes and lists nest without
    bound in Markdown, and the sanitizer spends time in proportion to the depth for every
    element (50,000 nested `>` took it 12 s): deeper than raw HTML may nest is an error."""
    html = article_html(text)
    if too_deep_at(html) is not None:
        message = (
            f"the Markdown nests more than {MAX_HTML_DEPTH} levels deep (block quotes or lists "
            "inside each other; flatten them)"
        )
        raise fail(article.body.source, message)
    return html


def _excerpt(text: str, separator: object) -> str | None:
    """The plain text before `<!--more-->` or the separator (within the body, whose depth
    `_markdown_html` has checked)."""
    for divider in (MORE, separator):
        if isinstance(divider, str) and divider.strip() and divider in text:
            head = article_html(text.partition(divider)[0])
            plain = normalize_space(" ".join(_text_of(part) for part in _fragments(head)))
            if plain:
                return plain
    return None


def _text_of(part: HtmlElement | str) -> str:
    return part if isinstance(part, str) else str(part.text_content())


def text_html(text: str) -> str:
    paragraphs = re.split(r"\n[ \t]*\n", text.strip())
    return "".join(
        f"<p>{html.escape(paragraph.strip(), quote=False)}</p>\n"
        for paragraph in paragraphs
        if paragraph.strip()
    )


def _fragments(content: str) -> list[HtmlElement | str]:
    return list(lxml.html.fragments_fromstring(content)) if content.strip() else []


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
