"""The JSON codec of an article's record (`RawArticle`) as the article store keeps it: a list
of its fields in a fixed order, decoded only for an article that lands in a feed."""

from __future__ import annotations

import json
from dataclasses import astuple
from datetime import datetime
from typing import Any

from feedgen_app.errors import Problem, SourceRef
from feedgen_app.model import Author, Body, Enclosure
from feedgen_app.readers import RawArticle

_to_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def encode_record(raw: RawArticle) -> str:
    return _to_json(_raw_to_json(raw))


def _raw_to_json(raw: RawArticle) -> list[Any]:
    return [
        raw.source.line,
        raw.title,
        [raw.body.format, raw.body.start, raw.body.end],
        _moment(raw.date),
        _moment(raw.updated),
        [[a.name, a.email, a.uri] for a in raw.authors],
        list(raw.tags),
        raw.summary,
        raw.id,
        raw.slug,
        raw.permalink,
        raw.link,
        raw.lang,
        raw.draft,
        raw.image,
        None if raw.enclosure is None else list(astuple(raw.enclosure)),
        dict(raw.lines),
        [[p.where.line, p.message, p.severity] for p in raw.warnings],
        list(raw.categories),
    ]


def decode_record(text: str, shown: str) -> RawArticle:
    """The record of `text` for the file shown as `shown`; raises ValueError, TypeError,
    KeyError or IndexError for text that is not one."""
    fields = json.loads(text)
    line, title, body, date, updated, authors, tags, summary, id_, slug = fields[:10]
    permalink, link, lang, draft, image, enclosure, lines, notes, categories = fields[10:]
    return RawArticle(
        source=SourceRef(shown, line),
        title=title,
        body=Body(shown, body[0], body[1], body[2]),
        date=_parse_moment(date),
        updated=_parse_moment(updated),
        authors=tuple(Author(*author) for author in authors),
        tags=tuple(tags),
        summary=summary,
        id=id_,
        slug=slug,
        permalink=permalink,
        link=link,
        lang=lang,
        draft=draft,
        image=image,
        enclosure=None if enclosure is None else Enclosure(*enclosure),
        lines=lines,
        warnings=tuple(Problem(SourceRef(shown, n), message, kind) for n, message, kind in notes),
        categories=tuple(categories),
    )


def _moment(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _parse_moment(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)
