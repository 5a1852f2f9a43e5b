"""The rendered cache: each article's content HTML and summary as the last build rendered them,
so a rebuild renders only the articles whose bytes, URL or settings changed.

One SQLite database per items folder in the cache folder, a row per article file: its relative
path, the key it was rendered under (`render_key`: the file's digest, its URL, every setting and
the renderer),
and the HTML. A build reads the rows of the articles its feeds carry, one at a time, and keeps
only the rows it used: with archives on, that is every published article, and none of their HTML
has to sit in memory at once. A database that cannot be read is replaced quietly: rendering again
is the remedy, and the output is the same.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from feedgen_app.config import SiteConfig
from feedgen_app.state import digest
from feedgen_app.state.made_with import made_with

SCHEMA = 3


class Rendered(NamedTuple):
    content_html: str
    summary: str | None
    depends: str = ""
    """What else the HTML depends on and what rendering said (JSON, the render stage's)."""


def render_key(file_digest: str, url: str, config: SiteConfig) -> str:
    """What an article's HTML depends on: its bytes, its URL, every setting, and the versions
    of the tool, the Markdown renderer and the libraries (`made_with`): every setting, so that
    none can be forgotten (a change of `chrome_lines` moves a plain-text body's edges, a change
    of `site_url` every absolute URL); the versions, since another renderer or sanitizer may
    write other bytes."""
    return digest(repr((made_with(), file_digest, url, config)).encode())


class RenderedCache:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.used: set[str] = set()
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = self._open()
        except sqlite3.DatabaseError:
            path.unlink(missing_ok=True)
            self.db = self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level=None)
        try:
            db.execute("PRAGMA busy_timeout = 10000")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version != SCHEMA:
                db.execute("DROP TABLE IF EXISTS rendered")
                db.execute(
                    "CREATE TABLE rendered"
                    " (rel TEXT PRIMARY KEY, key TEXT NOT NULL, html TEXT NOT NULL, summary TEXT,"
                    " depends TEXT NOT NULL)"
                )
                db.execute(f"PRAGMA user_version = {SCHEMA}")
            db.execute("BEGIN")
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def get(self, rel: str, key: str) -> Rendered | None:
        """What was rendered for `rel` under `key`, if that is what the last build rendered."""
        self.used.add(rel)
        query = "SELECT html, summary, depends FROM rendered WHERE rel = ? AND key = ?"
        row = self.db.execute(query, (rel, key)).fetchone()
        return None if row is None else Rendered(*row)

    def put(self, rel: str, key: str, rendered: Rendered) -> None:
        self.used.add(rel)
        query = "INSERT OR REPLACE INTO rendered VALUES (?, ?, ?, ?, ?)"
        self.db.execute(query, (rel, key, *rendered))

    def save(self, published: Iterable[str] = ()) -> None:
        """Keep the rows this build used and those of the `published` articles (carried by files
        this build did not make again), drop the others, and commit."""
        kept = self.used.union(published)
        # As many rows as are kept: the same paths, unless some kept one has no row while some
        # other path has one; that row then stays until a build finds another number of rows
        # (it takes space, nothing else: a row is only ever used under its key). A family's
        # edit keeps 100,000 and drops none: reading their paths to find none took 0.05 s.
        (count,) = self.db.execute("SELECT count(*) FROM rendered").fetchone()
        if count != len(kept):
            # The paths held, from the table's index, against those kept (a temporary table of
            # the kept took 0.26 s at 100,000).
            held = self.db.execute("SELECT rel FROM rendered")
            dropped = [(rel,) for (rel,) in held if rel not in kept]
            self.db.executemany("DELETE FROM rendered WHERE rel = ?", dropped)
        self.db.execute("COMMIT")
        self.db.close()

    def close(self) -> None:
        """Leave the database as it was (a failed build)."""
        self.db.execute("ROLLBACK")
        self.db.close()


def open_rendered(cache_dir: Path, items_dir: Path) -> RenderedCache:
    """The rendered cache of `items_dir`."""
    folder_key = digest(str(items_dir.resolve()).encode())[:16]
    return RenderedCache(cache_dir / f"rendered-{folder_key}.sqlite")
