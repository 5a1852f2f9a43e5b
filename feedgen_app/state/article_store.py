"""The article store: what each article file said last time and what was decided for it, a row
per file in SQLite, so that a rebuild reads and writes only the rows of the files that changed
and asks the index for the newest articles instead of loading every one.

One database per items folder in the cache folder (default `.feedgen-cache/` beside the
settings, never inside the output folder; its tables and opening it: `state/store_schema.py`).
A row holds the digest of the file's bytes when read, the record the reader made
(`state/records.py`, decoded only for an article a feed carries), and the decision (id, URL,
dates, draft, feed memberships, warnings) with the key of the settings that made it. The files'
states (size, times, inode) are in one snapshot beside the rows (`state/snapshot.py`): rows are
used only for a file whose state is unchanged, or whose bytes hash to the same digest. Every
row carries a checksum of its values, checked whenever a build uses the row's record or
decision: a damaged or edited row drops the whole store with a warning, and the build reads
every file again. A store made by another tool version, format, reading settings or Python is
emptied quietly. A store can make a build faster, never different.
"""

from __future__ import annotations

import io
import marshal
import os
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from feedgen_app.readers import RawArticle
from feedgen_app.stages.decide import Decided
from feedgen_app.state import digest
from feedgen_app.state.records import decode_record
from feedgen_app.state.rows import (
    EPOCH,
    DecisionReader,
    Known,
    Row,
    Sealed,
    StoreDamaged,
    checked,
    checked_with_key,
    chrome_of,
    decision_columns,
    decision_digest,
    row_key,
    sealed,
    stamp,
)
from feedgen_app.state.snapshot import Snapshot, decode, encode, snapshot_of
from feedgen_app.state.store_file import Making, connect

_COLUMNS = (
    "rel, digest, chrome, record, key, id, url, published, stamp, draft, notes, chosen, members"
)
_SELECT = f"SELECT {_COLUMNS}, checksum FROM articles"
_FEW = 5000
"""Up to this many rows written in a build, clashes are looked for around them (`sharing`)."""


class Placements(NamedTuple):
    """Every published article's path and applied chrome, oldest first; the digest of them
    all in that order; and each one's file digest."""

    rels: list[str]
    chromes: list[str | None]
    placed: str
    digests: str
    """One after the other (`state.kept_plan.DIGEST` characters each)."""


class Counts(NamedTuple):
    articles: int
    drafts: int
    future: int
    due: datetime | None
    """The earliest date of a left-out future article."""


@dataclass
class ArticleStore:
    """An open store: one write transaction from opening to `save` (`close` without `save`
    drops what was written); reads after `save` need none."""

    path: Path
    db: sqlite3.Connection
    items: str
    """The items folder as the user gave it: a file's path is `items/rel`."""
    empty: bool
    """Whether the store started empty (new, or made for other settings)."""
    making: Making | None = None
    """Where a new store is made until `save` puts it in place (`state.store_file`)."""
    open: bool = True
    touched: set[str] = field(default_factory=set)
    """The files whose rows were written or deleted since the store was opened."""
    parts: list[bytes] = field(default_factory=list)
    """The parts of the stored snapshot, as read or last written."""
    digests: dict[str, str | tuple[str, str]] = field(default_factory=dict)
    """The digest (with the chrome, if any) of the rows of the articles `newest` chose, each
    given once to `digest_of`, which reads none of these rows again: 100,000 queries of a whole
    row each cost a family rebuild 1.3 s."""
    keys: dict[str, str] = field(default_factory=dict)
    """The `row_key` of the rows of the articles `newest` chose, each given once to `key_of`."""
    newest_decisions: str = ""
    """The `decision_digest` of each row `newest` chose last, in order, one after the other."""
    _reader: DecisionReader = field(default_factory=DecisionReader)

    def snapshot(self) -> Snapshot:
        """The states of the files with rows: all a rebuild reads of the rows of unchanged
        files (`state.snapshot`)."""
        parts = [value for (value,) in self.db.execute("SELECT value FROM snapshot ORDER BY part")]
        if not parts:
            if self.db.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is not None:
                raise StoreDamaged("snapshot")  # rows whose files' states are unknown
            return snapshot_of([], [])
        try:
            snapshot = decode(parts)
        except (ValueError, TypeError) as exc:  # TypeError: a part that is NULL
            raise StoreDamaged("snapshot") from exc
        self.parts = parts
        return snapshot

    def remember(self, snapshot: Snapshot) -> None:
        """Keep the states of the files with rows: the parts of the stored snapshot that
        differ (`state.snapshot.encode`; an edit writes one part of 32 KB)."""
        parts, kept = encode(snapshot), self.parts
        changed = [(n, part) for n, part in enumerate(parts) if n >= len(kept) or kept[n] != part]
        self.db.executemany("INSERT OR REPLACE INTO snapshot VALUES (?, ?)", changed)
        self.db.execute("DELETE FROM snapshot WHERE part >= ?", (len(parts),))
        self.parts = parts

    def chrome(self) -> dict[str, tuple[frozenset[str], tuple[str, ...]]]:
        """(edge lines, applied chrome) of the rows that have edge lines (plain-text files)."""
        query = "SELECT rel, chrome FROM articles WHERE chrome IS NOT NULL"
        return {rel: chrome_of(text) for rel, text in self.db.execute(query)}

    def known(self, rel: str) -> Known:
        """What the row of `rel` knows of its file, without decoding the record."""
        row = self._row(rel)
        return Known(row.digest, *chrome_of(row.chrome))

    def put(self, rows: Sequence[Sealed]) -> None:
        if not self.empty:  # an empty store's clashes are looked for among every row
            self.touched.update(row[0] for row in rows)
        marks = ", ".join("?" * len(Row._fields))
        query = f"INSERT OR REPLACE INTO articles ({_COLUMNS}, checksum) VALUES ({marks})"
        self.db.executemany(query, rows)

    def index(self) -> None:
        """Make the indexes of every row, if the store was empty (writing 100,000 rows and then
        indexing them costs a third less than keeping the indexes up to date row by row)."""
        self.db.execute("CREATE INDEX IF NOT EXISTS by_date ON articles (stamp DESC, id)")
        self.db.execute("CREATE INDEX IF NOT EXISTS by_id ON articles (id)")
        self.db.execute("CREATE INDEX IF NOT EXISTS by_url ON articles (url)")

    def drop(self, rels: Iterable[str]) -> None:
        rels = list(rels)
        self.touched.update(rels)
        self.db.executemany("DELETE FROM articles WHERE rel = ?", ((rel,) for rel in rels))

    def undecided(self, key: str) -> Iterator[tuple[str, RawArticle]]:
        """The files without a decision under the settings `key`, with their records. When the
        last build decided every row under `key` (table `settled`), only the undecidable rows
        can lack it (a partial index): rows are written with this build's key (`make_row`,
        `decide`), so no pass over every row is needed."""
        settled = self.db.execute("SELECT key FROM settled").fetchone()
        if settled is not None and settled[0] == key:
            rels = self.db.execute("SELECT rel FROM articles WHERE key IS NULL ORDER BY rel")
        else:
            query = "SELECT rel FROM articles WHERE key IS NULL OR key != ? ORDER BY rel"
            rels = self.db.execute(query, (key,))
        for (rel,) in rels.fetchall():
            yield rel, self._record(self._row(rel))

    def settle(self, key: str) -> None:
        """Every row is decided under `key` now (or cannot be: no key)."""
        self.db.execute("DELETE FROM settled")
        self.db.execute("INSERT INTO settled VALUES (?)", (key,))

    def decide(self, rel: str, key: str, decided: Decided | None) -> None:
        row = self._row(rel)
        columns = (key, *decision_columns(decided)) if decided else (None,) * 9
        self.put([sealed(*row[:4], *columns)])

    def sharing(self) -> list[tuple[str, Decided]]:
        """The decided files whose id or URL another decided file has too, in path order, and
        maybe some others. A clash can only come or go with a row written or deleted in this
        build, or one that shared a value last time (table `shared`): only the rows with an id
        or URL of those are looked at, each through an index. A store that started empty, or
        many written rows, take one pass over the id and URL indexes instead."""
        # A row has an id and a URL exactly when it is decided (`decide`).
        if self.empty or len(self.touched) > _FEW:
            groups = [
                f"{column} IN (SELECT {column} FROM articles WHERE {column} IS NOT NULL"
                f" GROUP BY {column} HAVING COUNT(*) > 1)"
                for column in ("id", "url")
            ]
        else:
            self._fill("probe", self.touched)
            self.db.execute("INSERT OR IGNORE INTO probe SELECT rel FROM shared")
            groups = [
                f"{column} IN (SELECT {column} FROM articles WHERE rel IN (SELECT rel FROM probe))"
                for column in ("id", "url")
            ]
        query = f"{_SELECT} WHERE {' OR '.join(groups)} ORDER BY rel"
        rows = [checked(values) for values in self.db.execute(query)]
        ids = Counter(row.id for row in rows)
        urls = Counter(row.url for row in rows)
        shared = [row.rel for row in rows if ids[row.id] > 1 or urls[row.url] > 1]
        self.db.execute("DELETE FROM shared")
        self.db.executemany("INSERT INTO shared VALUES (?)", ((rel,) for rel in shared))
        return [(row.rel, self.decided(row)) for row in rows]

    def notes(self) -> list[tuple[str, list[Any]]]:
        """(rel, [(line, message, severity)]) of the decided files with warnings, in path
        order."""
        query = "SELECT rel, notes FROM articles WHERE notes IS NOT NULL ORDER BY rel"
        return [(rel, marshal.loads(notes)) for rel, notes in self.db.execute(query)]

    def chosen_dates(self) -> dict[str, datetime]:
        query = "SELECT rel, chosen FROM articles WHERE chosen IS NOT NULL ORDER BY rel"
        return {rel: datetime.fromisoformat(text) for rel, text in self.db.execute(query)}

    def urls(self) -> Iterator[tuple[str, str]]:
        """(rel, URL) of every decided file, in path order."""
        query = "SELECT rel, url FROM articles WHERE key IS NOT NULL ORDER BY rel"
        yield from self.db.execute(query)

    def counts(self, now: datetime, refused: Sequence[str], *, drafts: bool) -> Counts:
        """How many articles there are (the `refused` left aside), how many are drafts and
        future ones, and the earliest date of a future one (of a future non-draft, unless
        `drafts` are published). Each figure from an index: no query reads every row."""
        cutoff = stamp(now)
        self._refused(refused)

        def one(query: str, *values: object) -> Any:
            return self.db.execute(query, values).fetchone()[0]

        total = one("SELECT COUNT(*) FROM articles WHERE id IS NOT NULL")
        draft_count = one("SELECT COUNT(*) FROM articles WHERE draft = 1")
        future = one("SELECT COUNT(*) FROM articles WHERE stamp > ?", cutoff)
        due = one(
            "SELECT MIN(stamp) FROM articles WHERE stamp > ? AND (? OR draft = 0)"
            " AND rel NOT IN (SELECT rel FROM refused)",
            cutoff,
            drafts,
        )
        left_out = self.db.execute(
            "SELECT COUNT(*), COALESCE(SUM(draft = 1), 0), COALESCE(SUM(stamp > ?), 0)"
            " FROM articles WHERE rel IN (SELECT rel FROM refused)",
            (cutoff,),
        ).fetchone()
        return Counts(
            total - left_out[0], draft_count - left_out[1], future - left_out[2], _from_stamp(due)
        )

    def newest(
        self, now: datetime, refused: Sequence[str], *, drafts: bool, future: bool, limit: int
    ) -> list[tuple[str, Decided]]:
        """The published articles, newest first (ties by id), at most `limit` (-1: all)."""
        published = self._published(now, refused, drafts=drafts, future=future)
        query = f"{_SELECT} WHERE {published} ORDER BY stamp DESC, id LIMIT ?"
        chosen = []
        decisions = io.StringIO()  # one text, not 100,000 (8 MB)
        for values in self.db.execute(query, (limit,)):
            row, key = checked_with_key(values)
            chosen.append((row.rel, self.decided(row)))
            self.digests[row.rel] = _held(row)
            self.keys[row.rel] = key
            decisions.write(decision_digest(row))
        self.newest_decisions = decisions.getvalue()
        return chosen

    def placements(
        self, now: datetime, refused: Sequence[str], *, drafts: bool, future: bool
    ) -> Placements:
        """What a plan of every published article and the keys of its documents are made of, in
        the reverse of `newest`'s order (oldest first, so that an added article leaves the
        places of the others as they were), but the decisions: each one's path, applied chrome
        and file digest, read without the checksums. The record is made of the file's bytes
        with that chrome (by the store's readers), and the decision of the path, the record and
        the settings key, which every decided row shares: with those equal, so is the row
        (`row_key`). A changed value changes the digest or the file's digest; the rows of
        changed files are then read, checked (`decision_digests`)."""
        published = self._published(now, refused, drafts=drafts, future=future)
        # An index that holds every column the query reads: the rows' own columns past their
        # records are on overflow pages (at 100,000 articles 0.11 -> 0.07 s). Made by the
        # first build that asks (a feed family's), kept up to date by the next ones.
        self.db.execute(
            "CREATE INDEX IF NOT EXISTS placing ON articles (stamp, id DESC, rel, chrome, digest,"
            " draft, key)"
        )
        query = (
            f"SELECT rel, chrome, digest FROM articles WHERE {published} ORDER BY stamp, id DESC"
        )
        cursor = self.db.execute(query)
        rels: list[str] = []
        chromes: list[str | None] = []
        parts, digests = [], []  # a few thousand rows at a time: all at once held 40 MB more
        while rows := cursor.fetchmany(4096):
            parts.append(digest(marshal.dumps([row[:-1] for row in rows], 2)))
            rels += [row[0] for row in rows]
            chromes += [row[1] for row in rows]
            digests.append("".join([row[-1] for row in rows]))
        placed = digest("".join(parts).encode())
        return Placements(rels, chromes, placed, "".join(digests))

    def _published(
        self, now: datetime, refused: Sequence[str], *, drafts: bool, future: bool
    ) -> str:
        """The condition of the rows of published articles (with a temporary table)."""
        self._refused(refused)
        where = ["key IS NOT NULL", "rel NOT IN (SELECT rel FROM refused)"]
        if not drafts:
            where.append("NOT draft")
        if not future:
            where.append(f"stamp <= {stamp(now)}")
        return " AND ".join(where)

    def decision_digests(self, rels: Iterable[str]) -> list[str]:
        """The `decision_digest` of the rows at `rels`, checked."""
        return [decision_digest(self._row(rel)) for rel in rels]

    def decisions(self, rels: Iterable[str]) -> dict[str, Decided]:
        """The decisions of the files at `rels`, from their checked rows (whose digests and
        keys `digest_of` and `key_of` give then without reading them again)."""
        decided = {}
        for rel in rels:
            row, key = checked_with_key(self._values(rel))
            decided[rel] = self.decided(row)
            self.digests[rel] = _held(row)
            self.keys[rel] = key
        return decided

    def decided(self, row: Row) -> Decided:
        """The row's decision (`rows.DecisionReader`)."""
        return self._reader.decided(row, self.shown(row.rel) if row.notes else "")

    def record(self, rel: str) -> RawArticle:
        """The record of the file at `rel`, checked."""
        return self._record(self._row(rel))

    def digest_of(self, rel: str) -> tuple[str, tuple[str, ...]]:
        """(digest, applied chrome) of the file at `rel`."""
        held = self.digests.pop(rel, None) or _held(self._row(rel))  # asked once each
        return (held, ()) if isinstance(held, str) else (held[0], chrome_of(held[1])[1])

    def key_of(self, rel: str) -> str:
        """The `row_key` of the file at `rel`."""
        return self.keys.pop(rel, None) or row_key(self._row(rel))  # asked once each

    def shown(self, rel: str) -> str:
        """The file's path as discover gives it (`Found.path`)."""
        return os.path.join(self.items, rel)

    def save(self) -> None:
        """Keep what was written so far (later reads need no transaction); a new store is put
        in place and opened there."""
        if self.db.in_transaction:
            self.db.execute("COMMIT")
        if self.making is not None:
            self.db.close()
            making, self.making = self.making, None
            self.db = self._reopened(making)

    def _reopened(self, making: Making) -> sqlite3.Connection:
        try:
            making.put_in_place()
            return connect(self.path)
        except BaseException:
            self.open = False
            raise

    def close(self) -> None:
        """Close the store, dropping what was written since `save` (a failed read): a new
        store's file is deleted, a rollback of a file without a journal being undefined."""
        if self.open:
            if self.making is not None:
                self.db.close()
                self.making.discard()
            else:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                self.db.close()
            self.open = False

    def _row(self, rel: str) -> Row:
        return checked(self._values(rel))

    def _values(self, rel: str) -> tuple[Any, ...]:
        values: tuple[Any, ...] | None
        values = self.db.execute(f"{_SELECT} WHERE rel = ?", (rel,)).fetchone()
        if values is None:
            raise StoreDamaged(rel)  # the snapshot or a decision names a row that is not there
        return values

    def _record(self, row: Row) -> RawArticle:
        try:
            return decode_record(row.record, self.shown(row.rel))
        except (ValueError, EOFError, TypeError, KeyError, IndexError) as exc:
            raise StoreDamaged(row.rel) from exc

    def _refused(self, refused: Sequence[str]) -> None:
        self._fill("refused", refused)

    def _fill(self, table: str, rels: Iterable[str]) -> None:
        """A temporary table of relative paths."""
        self.db.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table} (rel TEXT PRIMARY KEY)")
        self.db.execute(f"DELETE FROM {table}")
        self.db.executemany(f"INSERT OR IGNORE INTO {table} VALUES (?)", ((r,) for r in rels))


def _from_stamp(value: int | None) -> datetime | None:
    return None if value is None else EPOCH + timedelta(microseconds=value)


def _held(row: Row) -> str | tuple[str, str]:
    """A row's digest, with its chrome if it has any (`ArticleStore.digests`)."""
    return row.digest if row.chrome is None else (row.digest, row.chrome)
