"""The main text of a saved web page and the guesses for what its markup does not state, by
trafilatura and htmldate.

Both are imported on first use only, so a build without HTML files never loads them. Every
call gets fixed settings (no "today" as the latest acceptable date), so the same page gives the
same result on every machine and every day.
"""

from __future__ import annotations

import logging
from copy import deepcopy
from datetime import datetime

import lxml.html
from lxml.html import HtmlElement

from feedgen_app.readers.fields import normalize_space

LATEST_DATE = datetime(2100, 1, 1)
"""htmldate's latest acceptable date, fixed: its default is today, which makes a result depend on
the day of the build. A page dated in the future is left out by the build's own rule."""
EARLIEST_DATE = datetime(1995, 1, 1)

# trafilatura logs "discarding data" for a page without main text: we report that ourselves.
for _name in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).addHandler(logging.NullHandler())
    logging.getLogger(_name).propagate = False


def main_html(root: HtmlElement) -> str:
    """The page's main text as an HTML fragment (paragraphs, headings, lists, tables, images,
    links, emphasis), without navigation, related links, cookie banners, comments and ads, and
    without a leading `<h1>` (the title, carried separately).
    Empty if there is none. `root` is not changed."""
    import trafilatura  # noqa: PLC0415 - loaded only when a build has HTML files

    extracted = trafilatura.extract(
        root,
        output_format="html",
        favor_precision=True,
        include_comments=False,
        include_tables=True,
        include_images=True,
        include_links=True,
        include_formatting=True,
        deduplicate=False,
        with_metadata=False,
    )
    if not extracted:
        return ""
    body = lxml.html.document_fromstring(extracted).find("body")
    if body is None:
        return ""
    first = body[0] if len(body) else None
    if isinstance(first, HtmlElement) and first.tag == "h1":
        first.drop_tree()  # keeps the text after it
    return "".join(lxml.html.tostring(child, encoding="unicode") for child in body)


def guess_title(root: HtmlElement) -> str | None:
    """trafilatura's title: a single `<h1>`, else the `<title>` part without the site name."""
    from trafilatura.metadata import extract_title  # noqa: PLC0415

    title = extract_title(root)
    return normalize_space(title) if title else None


def guess_authors(root: HtmlElement) -> list[str]:
    """trafilatura's author names from bylines (`By …`, `rel=author`, author classes)."""
    from trafilatura.metadata import extract_author  # noqa: PLC0415

    found = extract_author(root)
    return [normalize_space(name) for name in (found or "").split(";") if name.strip()]


def guess_date(root: HtmlElement) -> str | None:
    """htmldate's publication date (`<time>`, date meta tags, the URL; no free-text search),
    as YYYY-MM-DD: a day (htmldate keeps the time of some sources and not of others)."""
    from htmldate import find_date  # noqa: PLC0415

    found: str | None = find_date(
        deepcopy(root),
        extensive_search=False,
        original_date=True,
        outputformat="%Y-%m-%d",
        min_date=EARLIEST_DATE,
        max_date=LATEST_DATE,
    )
    return found
