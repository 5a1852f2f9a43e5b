"""The codec of an article's record (`RawArticle`) as the article store keeps it: a list of its
fields in a fixed order, in `marshal`'s format, decoded only for an article that lands in a feed.

`marshal`, not JSON: a first build encodes 100,000 records, and marshal takes a fifth of the
time. It is Python's own format for the `.pyc` files it keeps beside the sources, with the same
trust: a cache the user's own builds wrote (the store's header holds the Python version, whose
marshal format it is, and every row is checked against its CRC-32 before it is decoded)."""

from __future__ import annotations

import marshal
from dataclasses import astuple
from datetime import datetime
from typing import Any

from feedgen_app.errors import Problem, SourceRef
from feedgen_app.model import Author, Body, Enclosure
from feedgen_app.readers import RawArticle

MARSHAL_VERSION = 4


def encode_record(raw: RawArticle) -> bytes:
    return marshal.dumps(_raw_to_list(raw), MARSHAL_VERSION)


def _raw_to_list(raw: RawArticle) -> list[Any]:
    return [
        raw.source.line,
        raw.title,
        [raw.body.format, raw.body.start, raw.body.end],
        None if raw.date is None else raw.date.isoformat(),
        None if raw.updated is None else raw.updated.isoformat(),
        [[a.name, a.email, a.uri] for a in raw.authors] if raw.authors else [],
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
        [[p.where.line, p.message, p.severity] for p in raw.warnings] if raw.warnings else [],
        list(raw.categories),
    ]


def decode_record(data: bytes, shown: str) -> RawArticle:
    """The record `encode_record` made, for the file shown as `shown`; raises ValueError,
    EOFError, TypeError, KeyError or IndexError for bytes that are not one."""
    fields = marshal.loads(data)
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


def _parse_moment(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)
