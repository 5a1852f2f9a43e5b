"""Markdown articles with optional YAML or TOML front matter (Jekyll, Hugo, Zola)."""

from __future__ import annotations

import re

import lxml.html

from feedgen_app.content.markdown import commonmark_html
from feedgen_app.content.nesting import MAX_HTML_DEPTH, too_deep_at
from feedgen_app.errors import ArticleError, SourceRef, fail
from feedgen_app.model import Body
from feedgen_app.readers.fields import RawArticle, ReadOptions, normalize_space, read_fields
from feedgen_app.readers.frontmatter import split_front_matter
from feedgen_app.readers.pages import check_is_article

_HEADING = re.compile(r"^#[ \t]+(?P<title>.+?)(?:[ \t]+#+)?[ \t]*$")


def read_markdown(text: str, ref: SourceRef, options: ReadOptions) -> RawArticle:
    front, body, body_line = split_front_matter(text, ref)
    deep = too_deep_at(body)
    if deep is not None:
        message = (
            f"the HTML in the text nests more than {MAX_HTML_DEPTH} elements deep "
            "(close the tags, or simplify the markup)"
        )
        raise fail(ref.at(body_line + deep - 1), message)
    meta, line_of = (front.meta, front.line_of) if front else ({}, lambda _key: 1)
    values, lines, problems = read_fields(meta, line_of, ref, options.zone)
    if problems and any(problem.severity == "error" for problem in problems):
        raise ArticleError([problem for problem in problems if problem.severity == "error"])
    check_is_article(meta, body, "title" in values)
    if "title" not in values:
        heading = _leading_heading(body)
        if heading is None:
            where = ref.at(1)
            raise fail(where, "no title (add `title:` to the front matter or start with `# Title`)")
        index, values["title"] = heading
        lines["title"] = body_line + index
        body_lines = body.split("\n")
        body = "\n".join(body_lines[index + 1 :])
        body_line += index + 1
    return RawArticle(
        source=ref,
        body=Body(ref.path, "markdown", body_line),
        lines=lines,
        warnings=(*(front.notes if front else ()), *problems),
        **values,
    )


def _leading_heading(body: str) -> tuple[int, str] | None:
    """(line index, text) of a `# Title` heading before any other text."""
    for index, line in enumerate(body.split("\n")):
        if not line.strip():
            continue
        match = _HEADING.match(line)
        return (index, plain_title(match["title"])) if match else None
    return None


def plain_title(markdown: str) -> str:
    """A heading's Markdown as the plain text a feed title holds: `*em*`, `` `code` `` and
    `[links](…)` keep only their text, raw HTML tags go. Parsed as the `# heading` it is
    (CommonMark, no extensions), so that `1. Intro` stays text rather than becoming a list."""
    heading = lxml.html.fragment_fromstring(commonmark_html(f"# {markdown}"))
    return normalize_space(heading.text_content()) or normalize_space(markdown)
