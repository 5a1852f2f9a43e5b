"""A row of the article store: its columns, its checksum, and the values it is made of (in the
worker process that read the file: a plain tuple crosses to the main process cheaply)."""

from __future__ import annotations

import json
import marshal
import zlib
from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo
from sys import intern
from typing import Any, NamedTuple

from feedgen_app.errors import Problem, SourceRef
from feedgen_app.readers import RawArticle
from feedgen_app.stages.decide import Decided
from feedgen_app.state import digest
from feedgen_app.state.records import encode_record

_to_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
"""JSON as compact as it gets, with one encoder made once (json.dumps makes one per call)."""
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class StoreDamaged(Exception):
    """A row's values do not match its checksum, or cannot be decoded."""


class Known(NamedTuple):
    """What the store knows of a file without decoding its record (its state is in the
    snapshot, `state.snapshot`)."""

    digest: str
    edges: frozenset[str]
    """A plain-text file's edge lines (`readers.text.edge_lines`), to learn its folder's chrome."""
    applied: tuple[str, ...]
    """The learned chrome lines among `edges` that the record was read with."""


class Row(NamedTuple):
    """A file's row, as written: made in the worker that read the file."""

    rel: str
    digest: str
    chrome: str | None
    record: bytes
    key: str | None
    id: str | None
    url: str | None
    published: str | None
    stamp: int | None
    draft: int | None
    notes: bytes | None
    chosen: str | None
    members: bytes | None
    checksum: int
    """Of the other values (`sealed`)."""


Sealed = tuple[Any, ...]
"""A row's values with its checksum, as written: a plain tuple, which a worker process hands
to the main one at a third of the cost of a `Row` (100,000 of them in a first build)."""


def sealed(*values: Any) -> Sealed:
    """The values of a row (every column but the checksum), with their checksum."""
    return (*values, _checksum(values))


def make_row(
    rel: str,
    known: Known,
    raw: RawArticle,
    decided: Decided | None,
    key: str | None,
) -> Sealed:
    """The row of a file read now; `decided` None if deciding it failed (decided again, with
    the problems reported, on every build until the file changes)."""
    chrome = _to_json([sorted(known.edges), known.applied]) if known.edges else None
    record = encode_record(raw)
    if decided is None:
        return sealed(rel, known.digest, chrome, record, *([None] * 9))
    return sealed(rel, known.digest, chrome, record, key, *decision_columns(decided))


def decision_columns(d: Decided) -> tuple[Any, ...]:
    notes = [[p.where.line, p.message, p.severity] for p in d.warnings] if d.warnings else None
    return (
        d.id,
        d.url,
        d.published.isoformat(),
        stamp(d.published),
        int(d.draft),
        None if notes is None else marshal.dumps(notes, 2),
        None if d.chosen_date is None else d.chosen_date.isoformat(),
        # Version 2, as the checksum's: the same decision gives the same bytes whether it was
        # made in the process that read the file or again in this one (version 4 marks the
        # values referred to elsewhere, such as a tag's name shared with other articles).
        marshal.dumps((d.tags, d.authors, d.section), 2),
    )


class DecisionReader:
    """Decisions read back from rows (`decision_columns` wrote them). A family build holds one
    for every published article (100,000): the names of tags, authors and sections repeat
    across articles and are shared (`intern`), as are an id equal to the URL and the zones of
    the dates (`_zoned`)."""

    def __init__(self) -> None:
        self._zones: dict[tzinfo | None, tzinfo | None] = {}

    def decided(self, row: Row, shown: str) -> Decided:
        """`row`'s decision; `shown`: the file's path, for its warnings."""
        notes = marshal.loads(row.notes) if row.notes else []
        tags, authors, section = marshal.loads(row.members or b"")
        url = row.url or ""
        return Decided(
            url if row.id == url else row.id or "",
            url,
            self._zoned(datetime.fromisoformat(row.published or "")),
            bool(row.draft),
            tuple(Problem(SourceRef(shown, n), message, kind) for n, message, kind in notes),
            None if row.chosen is None else self._zoned(datetime.fromisoformat(row.chosen)),
            tuple(map(intern, tags)),
            tuple(map(intern, authors)),
            None if section is None else intern(section),
        )

    def _zoned(self, moment: datetime) -> datetime:
        """`moment` with this reader's one object for its UTC offset (each parsed date makes
        its own): the same instant, offset and text."""
        zone = self._zones.setdefault(moment.tzinfo, moment.tzinfo)
        return moment if zone is moment.tzinfo else moment.replace(tzinfo=zone)


def stamp(moment: datetime) -> int:
    """Microseconds since 1970 UTC: orders as the instants do."""
    since = moment - EPOCH
    return (since.days * 86_400 + since.seconds) * 1_000_000 + since.microseconds


def checked(values: Sequence[Any]) -> Row:
    """The row of `values` (the columns, then the checksum), if it matches its checksum."""
    return _verified(values)[0]


def checked_with_key(values: Sequence[Any]) -> tuple[Row, str]:
    """`checked`, and the row's `row_key`, from the one serialization of its values."""
    row, data = _verified(values)
    return row, digest(data)


def decision_digest(values: Sequence[Any]) -> str:
    """The digest of the columns a row's decision is read from (`id` to `members`)."""
    return digest(_serialized(values[_DECISION]))


_DECISION = slice(Row._fields.index("id"), Row._fields.index("members") + 1)


def _verified(values: Sequence[Any]) -> tuple[Row, bytes]:
    """The row of `values` and its values serialized, if they match its checksum."""
    row = Row(*values)
    data = _serialized(values[:-1])
    if row.checksum != zlib.crc32(data):
        raise StoreDamaged(row.rel)
    return row, data


def row_key(row: Row) -> str:
    """What a document carrying the row's article is made from, of that article: the digest of
    every value of its row but the checksum (the file's digest and chrome, its record and its
    decision, which is made of the row alone: `ArticleStore.decided`), over the same bytes as
    the checksum. A feed family keys 100,000 articles: one digest each, not the text of each
    decision."""
    return digest(_serialized(row[:-1]))


def _checksum(values: Sequence[Any]) -> int:
    """CRC-32 of the values: catches a damaged or edited row (it is no defence against forgery,
    which needs write access to the cache, and with it to the output)."""
    return zlib.crc32(_serialized(values))


def _serialized(values: Sequence[Any]) -> bytes:
    """The values in marshal's version 2, which has no back-references, so the same values
    always give the same bytes."""
    return marshal.dumps(values if type(values) is tuple else tuple(values), 2)


def chrome_of(text: str | None) -> tuple[frozenset[str], tuple[str, ...]]:
    edges, applied = json.loads(text) if text else ((), ())
    return frozenset(edges), tuple(applied)
