"""Saved web pages (`.html`, `.htm`): the article's fields from the page's markup
(`readers.pagemeta`), the gaps filled by trafilatura's and htmldate's guesses (with a warning
each), and the main text found by trafilatura (`readers.extract`).

The body is not kept: it is the whole page (`Body(format="html")`), extracted again, with the
same pinned libraries and settings, when a feed renders the article.
"""

from __future__ import annotations

from datetime import tzinfo
from urllib.parse import urljoin

import lxml.html
from lxml.html import HtmlElement

from feedgen_app import urls
from feedgen_app.dates import parse_date
from feedgen_app.errors import ArticleError, Problem, SourceRef, fail, warning
from feedgen_app.model import Body
from feedgen_app.readers import extract
from feedgen_app.readers.fields import RawArticle, ReadOptions, normalize_space, read_fields
from feedgen_app.readers.pagemeta import Markup, Stated, read_markup

_SEPARATORS = (" | ", " - ", " \u2013 ", " \u2014 ", " \u00b7 ", " :: ", " \u00bb ")
"""Between a headline and the site's name: bar, hyphen, en and em dash, middle dot, guillemet.
A `<title>` holding one of them, with no known site name to cut, is ambiguous."""
NO_MAIN_TEXT = (
    "no main text found in the page (an article page has its text in paragraphs; "
    "is this an index, search or login page?)"
)


def parse_page(text: str) -> HtmlElement:
    """The page as an lxml tree whose elements know their line (`sourceline`)."""
    try:
        return lxml.html.document_fromstring(text)
    except ValueError:  # an XML declaration with an encoding: lxml wants bytes then
        parser = lxml.html.HTMLParser(encoding="utf-8")
        return lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)


def read_html(text: str, ref: SourceRef, options: ReadOptions) -> RawArticle:
    root = parse_page(text)
    if not extract.main_html(root):
        raise fail(ref, NO_MAIN_TEXT)
    markup = read_markup(root, ref)
    notes: list[Problem] = list(markup.warnings)
    chosen: dict[str, Stated] = {}
    for name in ("title", "authors", "summary", "tags", "lang"):
        if markup.candidates[name]:
            chosen[name] = markup.candidates[name][0]
    for name in ("date", "updated"):
        moment = _first_date(markup.candidates[name], name, ref, options.zone, notes)
        if moment is not None:
            chosen[name] = moment
    link = _link(markup.candidates["link"], ref, notes)
    if link is not None:
        chosen["link"] = link
    chosen["title"] = _title(chosen.get("title"), markup, root, ref, notes)
    _guess_gaps(chosen, root, ref, options.zone, notes)
    values, lines, problems = read_fields(
        {name: stated.value for name, stated in chosen.items()},
        lambda name: chosen[name].line,
        ref,
        options.zone,
    )
    if problems:
        raise ArticleError(problems)
    return RawArticle(
        source=ref,
        body=Body(ref.path, "html", 1),
        image=_image(markup.candidates["image"], values.get("link")),
        lines=lines,
        warnings=tuple(notes),
        **values,
    )


def _first_date(
    candidates: list[Stated], name: str, ref: SourceRef, zone: tzinfo, notes: list[Problem]
) -> Stated | None:
    """The first readable date; unreadable ones are passed over with a warning."""
    for stated in candidates:
        try:
            return Stated(parse_date(stated.value, zone), stated.line)
        except ValueError as exc:
            notes.append(warning(ref.at(stated.line), f"{name}: {exc}; ignored"))
    return None


def _link(candidates: list[Stated], ref: SourceRef, notes: list[Problem]) -> Stated | None:
    """The canonical URL; a relative one is resolved against an absolute `og:url`/JSON-LD URL."""
    absolute = [s.value for s in candidates if urls.is_absolute_http_url(s.value)]
    for stated in candidates:
        resolved = urljoin(absolute[0], stated.value) if absolute else stated.value
        if urls.is_absolute_http_url(resolved):
            return Stated(resolved, stated.line)
        message = f"canonical URL {stated.value!r} is relative and the page has no absolute one"
        notes.append(warning(ref.at(stated.line), f"{message}; the article gets a URL here"))
    return None


def _title(
    stated: Stated | None, markup: Markup, root: HtmlElement, ref: SourceRef, notes: list[Problem]
) -> Stated:
    """The stated title without the site name; else `<title>` if that is unambiguous; else
    trafilatura's guess."""
    if stated is not None:
        return Stated(_without_site_name(stated.value, markup.site_names), stated.line)
    page = markup.page_title
    if page is not None:
        title = _without_site_name(page.value, markup.site_names)
        if title != page.value or not any(sep in title for sep in _SEPARATORS):
            return Stated(title, page.line)
    guessed = extract.guess_title(root)
    if guessed is None:
        raise fail(ref, "no title (add <title>, og:title or a JSON-LD headline to the page)")
    line = page.line if page is not None else 0
    notes.append(warning(ref.at(line), f"title: {guessed!r} guessed from the page's headings"))
    return Stated(guessed, line)


def _without_site_name(title: str, site_names: tuple[str, ...]) -> str:
    """`Headline | Site`, `Site - Headline` and the like, without the site's name."""
    folded = title.casefold()
    for site in site_names:
        for separator in (*_SEPARATORS, ": "):
            suffix, prefix = (separator + site).casefold(), (site + separator).casefold()
            if folded.endswith(suffix) and len(title) > len(suffix):
                return title[: -len(suffix)].strip()
            if folded.startswith(prefix) and len(title) > len(prefix):
                return title[len(prefix) :].strip()
    return title


def _guess_gaps(
    chosen: dict[str, Stated],
    root: HtmlElement,
    ref: SourceRef,
    zone: tzinfo,
    notes: list[Problem],
) -> None:
    """Authors and date that the markup does not state, from the page's text (a warning each)."""
    if "authors" not in chosen:
        names = extract.guess_authors(root)
        if names:
            chosen["authors"] = Stated(names, 0)
            notes.append(warning(ref, f"authors: {', '.join(names)} guessed from a byline"))
    guessed = extract.guess_date(root) if "date" not in chosen else None
    if guessed is not None:
        moment = _first_date([Stated(guessed, 0)], "date", ref, zone, notes)
        if moment is not None:
            chosen["date"] = moment
            where = "<time>, date meta tags or the URL"
            notes.append(warning(ref, f"date: {guessed} guessed by htmldate from {where}"))


def _image(candidates: list[Stated], link: str | None) -> str | None:
    """The page's image as an absolute URL (relative ones resolved against the article's)."""
    for stated in candidates:
        image = normalize_space(stated.value)
        if link is not None:
            image = urljoin(link, image)
        if urls.is_absolute_http_url(image):
            return image
    return None
