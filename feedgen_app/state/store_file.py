"""The article store's database file: opened in write-ahead-log mode, or, when there is none
yet, made whole in a temporary file and then put in place.

A first build writes every row (90 MB at 100,000 articles). Through the write-ahead log each
page is written twice, and the commit copies them all back into the database: 0.35 s of a
4.9 s first build at 100,000. So a new store is made in a temporary file beside it, without a
journal, and linked in place once its rows are committed (`Making`). A build killed half-way
leaves only that temporary file, never a half-written store; the next build removes it
(`remove_abandoned`). A store that exists is never replaced this way: another build may have
it open, and its write-ahead log goes by the file's name.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from feedgen_app.state import digest

BUSY_TIMEOUT_MS = 10_000
"""How long a build waits for another one that has the store open (two output folders built
from one items folder at once), before it stops with an error."""


def store_path(cache_dir: Path, items_dir: Path) -> Path:
    """Where the store of `items_dir` is kept."""
    folder_key = digest(str(items_dir.resolve()).encode())[:16]
    return cache_dir / f"articles-{folder_key}.sqlite"


_MAKING = ".making"
"""The end of a temporary file's name: `articles-….sqlite.<process id>.making`."""


def connect(path: Path) -> sqlite3.Connection:
    """The store at `path`, in write-ahead-log mode (readers never wait for the writer)."""
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA temp_store = MEMORY")
    except sqlite3.DatabaseError:
        db.close()
        raise
    return db


@dataclass
class Making:
    """A new store being made in a temporary file, locked (`flock`) while this build lives."""

    path: Path
    """Where the store goes."""
    temporary: Path
    lock: int
    """The open descriptor that holds the lock."""

    @classmethod
    def start(cls, path: Path) -> tuple[Making, sqlite3.Connection]:
        """The temporary file and a connection to it without a journal (a rollback cannot
        be: `discard` deletes the file instead)."""
        temporary = path.with_name(f"{path.name}.{os.getpid()}{_MAKING}")
        try:
            lock = os.open(temporary, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
        except OSError as exc:  # a read-only cache folder: in SQLite's words
            raise sqlite3.OperationalError(f"unable to open database file: {exc}") from exc
        making = cls(path, temporary, lock)
        try:
            fcntl.flock(making.lock, fcntl.LOCK_EX)
            db = sqlite3.connect(temporary, isolation_level=None)
        except BaseException:
            making.discard()
            raise
        try:
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")  # a cache: damage is detected, then rebuilt
            db.execute("PRAGMA temp_store = MEMORY")
        except BaseException:
            db.close()
            making.discard()
            raise
        return making, db

    def put_in_place(self) -> None:
        """Link the committed (and closed) file at `path`. Raises sqlite3.OperationalError if
        another build put a store there meanwhile: which of the two holds what is unknown."""
        try:
            try:
                os.link(self.temporary, self.path)
            except FileExistsError:
                raise
            except OSError:  # a file system without hard links (FAT, some network shares)
                if self.path.exists():
                    raise FileExistsError(self.path) from None
                os.rename(self.temporary, self.path)
        except FileExistsError as exc:
            raise sqlite3.OperationalError("another build made it at the same time") from exc
        except OSError as exc:
            raise sqlite3.OperationalError(f"it cannot be put in place: {exc}") from exc
        finally:
            self.discard()

    def discard(self) -> None:
        """Remove the temporary file (what is linked in place stays) and release the lock."""
        self.temporary.unlink(missing_ok=True)
        os.close(self.lock)


def remove_abandoned(path: Path) -> None:
    """Remove the temporary files of the store at `path` left by builds that were killed:
    those whose lock is free and whose process is gone."""
    for name in glob.glob(f"{glob.escape(str(path))}.*{_MAKING}"):
        pid = name.removesuffix(_MAKING).rpartition(".")[2]
        if pid.isdigit() and _alive(int(pid)):
            continue
        with contextlib.suppress(OSError):  # locked: being made; or gone meanwhile
            lock = os.open(name, os.O_RDWR)
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                os.unlink(name)
            finally:
                os.close(lock)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True
