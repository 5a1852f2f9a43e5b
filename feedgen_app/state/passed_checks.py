"""The entries that passed their checks (`stages.check.DocumentCheck.clean`), so that a rebuild
checks only the entries it has not seen pass: an edit at any size re-checked the 150 entries of
the three feeds, 36 ms of a 0.4 s rebuild.

An entry is known by the digest of what its check saw: the tool version, the format, the
document's URL, the shell around it and its own bytes. What a check finds depends on nothing else
but the time of the check, and only through "this date is in the future": an entry that passed at
one time passes at any later one. So each key keeps the time it passed at, and counts only for a
check at that time or later (a clock set back, or an earlier SOURCE_DATE_EPOCH, checks again).

One SQLite table in the cache folder. A build keeps the keys it used or added and, up to a
limit it is given (twice the keys of what its feeds carry), the others most recently used: an
edit makes only the feeds that carry the article, and the next one, of another article, others
whose entries passed in earlier builds. (Keeping only its own, an edit at 100,000 articles in a
feed family checked again every entry of the feeds the next edit made: 0.15 to 0.25 s.) A database
that cannot be read is replaced: checking again is the remedy, and the output is the same."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

from feedgen_app.state import digest
from feedgen_app.state.made_with import made_with

SCHEMA = 1
_COLUMNS = "key TEXT PRIMARY KEY, at REAL NOT NULL, build INTEGER NOT NULL"


def check_key(fmt: str, url: str, around: bytes, fragment: bytes) -> str:
    """The key of an entry's check: `fragment` in a document of format `fmt` at `url` whose
    shell is `around` (its head and tail)."""
    head = repr((made_with(), fmt, url, len(around))).encode()
    return digest(b"\0".join([head, around, fragment]))


class PassedChecks:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db, self.build = _open(path)
        except sqlite3.DatabaseError:
            path.unlink(missing_ok=True)
            self.db, self.build = _open(path)
        self.touched = 0
        """Keys this build found or added (a key is one or the other)."""

    def passed(self, keys: Sequence[str], now: datetime) -> set[str]:
        """Those of `keys` that passed a check made at `now` or earlier (kept by this build)."""
        found: set[str] = set()
        for start in range(0, len(keys), 500):  # SQLite's limit on parameters is 999 or more
            part = keys[start : start + 500]
            query = f"SELECT key FROM passed WHERE at <= ? AND key IN ({','.join('?' * len(part))})"
            found.update(key for (key,) in self.db.execute(query, (now.timestamp(), *part)))
        self.db.executemany(
            "UPDATE passed SET build = ? WHERE key = ?", ((self.build, k) for k in found)
        )
        self.touched += len(found)
        return found

    def add(self, keys: Iterable[str], now: datetime) -> None:
        """`keys` passed a check made at `now`."""
        query = "INSERT OR REPLACE INTO passed VALUES (?, ?, ?)"
        rows = [(key, now.timestamp(), self.build) for key in keys]
        self.db.executemany(query, rows)
        self.touched += len(rows)

    def save(self, keep: int) -> None:
        """Keep the keys this build found or added, and of the others the most recently used,
        `keep` keys in all (no fewer than this build's); the rest are deleted, or, when they
        outnumber the kept ones, the kept are copied into a table that replaces the old (an
        edit after a family's first build kept a dozen keys of 300,000: deleting the rest one
        by one took 0.81 s, the copy 0.12 s)."""
        (total,) = self.db.execute("SELECT count(*) FROM passed").fetchone()
        kept = max(keep, self.touched)
        newest_first = "SELECT * FROM passed ORDER BY build DESC, key LIMIT ?"
        if total - kept > kept:
            self.db.execute(f"CREATE TABLE kept ({_COLUMNS})")
            self.db.execute(f"INSERT INTO kept {newest_first}", (kept,))
            self.db.execute("DROP TABLE passed")
            self.db.execute("ALTER TABLE kept RENAME TO passed")
        elif total > kept:
            oldest = "SELECT key FROM passed ORDER BY build, key DESC LIMIT ?"
            self.db.execute(f"DELETE FROM passed WHERE key IN ({oldest})", (total - kept,))
        self.db.execute("COMMIT")
        self.db.close()


def _open(path: Path) -> tuple[sqlite3.Connection, int]:
    """The database, in a transaction, and the number of this build (one more than the last)."""
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA busy_timeout = 10000")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA:
            db.execute("DROP TABLE IF EXISTS passed")
            db.execute(f"CREATE TABLE passed ({_COLUMNS})")
            db.execute(f"PRAGMA user_version = {SCHEMA}")
        db.execute("BEGIN")
        build: int = db.execute("SELECT coalesce(max(build), 0) + 1 FROM passed").fetchone()[0]
    except sqlite3.DatabaseError:
        db.close()
        raise
    return db, build


def open_passed(cache_dir: Path, items_dir: Path) -> PassedChecks:
    """The passed checks of the feeds made from `items_dir`."""
    folder_key = digest(str(items_dir.resolve()).encode())[:16]
    return PassedChecks(cache_dir / f"checked-{folder_key}.sqlite")
