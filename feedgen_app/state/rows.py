"""A row of the article store: its columns, its checksum, and the values it is made of (in the
worker process that read the file: a plain tuple crosses to the main process cheaply)."""

from __future__ import annotations

import json
import marshal
import zlib
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, NamedTuple

from feedgen_app.readers import RawArticle
from feedgen_app.stages.decide import Decided
from feedgen_app.state import digest
from feedgen_app.state.records import MARSHAL_VERSION, encode_record

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
    placing: str
    """The digest of the decision's columns (`id` to `members`): with the path, what a plan is
    made of (`ArticleStore.placements` reads it instead of every decision)."""
    row_key: str
    """What a document carrying the row's article is made from, of that article: the digest of
    the values before it (the file's digest and chrome, its record and its decision, which is
    made of the row alone: `ArticleStore.decided`). Made with the row, in the process that read
    the file: a feed family keys 100,000 articles, and a kept plan compares their keys without
    reading their rows (`state.kept_plan`)."""
    checksum: int
    """Of the other values, the digests included (`sealed`)."""


Sealed = tuple[Any, ...]
"""A row's values with its checksum, as written: a plain tuple, which a worker process hands
to the main one at a third of the cost of a `Row` (100,000 of them in a first build)."""


def sealed(*values: Any) -> Sealed:
    """The values of a row (the columns before `placing`), with their digests and checksum."""
    data = _serialized(values)
    placing, key = digest(_serialized(values[_DECISION:])), digest(data)
    return (*values, placing, key, _checksum(data, placing + key))


_DECISION = Row._fields.index("id")
"""Where a row's decision starts: `id` to `members`."""


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
        None if notes is None else marshal.dumps(notes, MARSHAL_VERSION),
        None if d.chosen_date is None else d.chosen_date.isoformat(),
        marshal.dumps((d.tags, d.authors, d.section), MARSHAL_VERSION),
    )


def stamp(moment: datetime) -> int:
    """Microseconds since 1970 UTC: orders as the instants do."""
    since = moment - EPOCH
    return (since.days * 86_400 + since.seconds) * 1_000_000 + since.microseconds


def checked(values: Sequence[Any]) -> Row:
    """The row of `values` (the columns, then the digests and the checksum), if it matches its
    checksum."""
    row = Row(*values)
    digests = row.placing, row.row_key
    if not all(isinstance(text, str) for text in digests) or row.checksum != _checksum(
        _serialized(values[:-3]), "".join(digests)
    ):
        raise StoreDamaged(row.rel)
    return row


def _checksum(data: bytes, digests: str) -> int:
    """CRC-32 of the serialized values and their digests: catches a damaged or edited row (it is no
    defence against forgery, which needs write access to the cache, and with it to the
    output)."""
    return zlib.crc32(digests.encode(), zlib.crc32(data))


def _serialized(values: Sequence[Any]) -> bytes:
    """The values in marshal's version 2, which has no back-references, so the same values
    always give the same bytes."""
    return marshal.dumps(values if type(values) is tuple else tuple(values), 2)


def chrome_of(text: str | None) -> tuple[frozenset[str], tuple[str, ...]]:
    edges, applied = json.loads(text) if text else ((), ())
    return frozenset(edges), tuple(applied)
