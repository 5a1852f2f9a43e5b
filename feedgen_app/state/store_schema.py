"""The article store's file: where it is, its tables and indexes, and opening it (a header
row names the format, the tool version, the reading settings and the Python version; a store
that does not match is emptied)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from feedgen_app.errors import Problem, SourceRef, warning
from feedgen_app.readers import ReadOptions
from feedgen_app.state.article_store import ArticleStore
from feedgen_app.state.made_with import made_with
from feedgen_app.state.rows import StoreDamaged
from feedgen_app.state.store_file import Making, connect, remove_abandoned

FORMAT = 19
"""Bumped when the same bytes read differently or the rows change shape (8: YAML scalars kept as
typed, fields checked; 9: categories, template syntax, dates from paths; 10: enclosures;
11: SQLite rows; 12: CRC-32 checksums; 13: the snapshot of the states; 14: marshal;
15: checksums over marshal's version 2; 16: the settled key;
17: file states in the snapshot only; 18: the snapshot kept in parts; 19: decisions in
marshal's version 2)."""

_PARTIAL = (
    ("drafts", "draft", "draft = 1"),
    ("with_notes", "rel", "notes IS NOT NULL"),
    ("with_chosen", "rel", "chosen IS NOT NULL"),
    ("with_chrome", "rel", "chrome IS NOT NULL"),
    ("undecidable", "rel", "key IS NULL"),
)


def open_store(path: Path, items_dir: Path, options: ReadOptions) -> ArticleStore:
    """The store at `path` of the files in `items_dir`, emptied if it does not fit these
    settings or was made with other versions (`made_with`); raises sqlite3.DatabaseError if it
    cannot be read."""
    header = json.dumps(
        {
            "format": FORMAT,
            # The tool, Python (the marshal format of the records), the Markdown renderer (a
            # `# Title` line's plain text), YAML, dates, the saved pages' extractors, ...
            "made_with": made_with(),
            "reading": [
                str(options.zone),
                list(options.chrome_lines),
                options.max_file_size,
                options.learn_chrome,
            ],
        }
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned(path)
    if not path.exists():  # made whole beside, then put in place (`store_file`)
        making, db = Making.start(path)
        try:
            db.execute("BEGIN IMMEDIATE")
            _create(db, header)
        except BaseException:
            db.close()
            making.discard()
            raise
        return ArticleStore(path, db, str(items_dir), empty=True, making=making)
    db, empty = _open(path, header)
    return ArticleStore(path, db, str(items_dir), empty)


def remove_store(path: Path) -> None:
    """Delete a damaged store: the next build reads every file again."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def damaged(path: Path, exc: Exception) -> Problem:
    """The warning for a store that could not be read, or held a row that fails its check."""
    what = "a damaged row" if isinstance(exc, StoreDamaged) else type(exc).__name__
    note = f"the cache could not be read ({what}); rebuilt it from the articles"
    return warning(SourceRef(str(path)), note)


def _open(path: Path, header: str) -> tuple[sqlite3.Connection, bool]:
    """The database, in a write transaction, and whether its tables are new."""
    db = connect(path)
    try:
        db.execute("BEGIN IMMEDIATE")
        db.execute("CREATE TABLE IF NOT EXISTS header (value TEXT NOT NULL)")
        stored = db.execute("SELECT value FROM header").fetchone()
        empty = stored is None or stored[0] != header
        if empty:
            db.execute("DROP TABLE IF EXISTS articles")
            db.execute("DROP TABLE IF EXISTS shared")
            db.execute("DROP TABLE IF EXISTS snapshot")
            db.execute("DROP TABLE IF EXISTS settled")
            db.execute("DROP TABLE header")
        _create(db, header if empty else None)
    except sqlite3.DatabaseError:
        db.close()
        raise
    return db, empty


def _create(db: sqlite3.Connection, header: str | None) -> None:
    """The tables and indexes that are missing, and the `header` row if given."""
    if header is not None:
        db.execute("CREATE TABLE header (value TEXT NOT NULL)")
        db.execute("INSERT INTO header VALUES (?)", (header,))
    db.execute("CREATE TABLE IF NOT EXISTS shared (rel TEXT PRIMARY KEY)")
    db.execute("CREATE TABLE IF NOT EXISTS snapshot (part INTEGER PRIMARY KEY, value BLOB)")
    db.execute("CREATE TABLE IF NOT EXISTS settled (key TEXT)")
    db.execute(
        "CREATE TABLE IF NOT EXISTS articles (rel TEXT PRIMARY KEY,"
        " digest TEXT NOT NULL, chrome TEXT, record BLOB NOT NULL, key TEXT, id TEXT,"
        " url TEXT, published TEXT, stamp INTEGER, draft INTEGER, notes BLOB, chosen TEXT,"
        " members BLOB, checksum INTEGER NOT NULL) WITHOUT ROWID"
    )
    # Partial indexes, of the few rows that are drafts, have warnings, a chosen date or
    # plain-text edge lines: kept up to date as rows are written (other rows cost nothing).
    for name, column, test in _PARTIAL:
        db.execute(f"CREATE INDEX IF NOT EXISTS {name} ON articles ({column}) WHERE {test}")
