"""Writing finished files: only inside the output folder, all or nothing, only when changed.

Every changed file is first written in full to a temporary file in its own folder and flushed
to disk; only when all are staged are they renamed over the old files, so a reader (or a crash,
even SIGKILL) sees each file either complete and old or complete and new. Unchanged files are
not rewritten, so their modification times stay and deploy tools skip them. Temporary files
left by a killed build are removed by the next one.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from feedgen_app.errors import ConfigError, FeedgenError, Problem, SourceRef, warning
from feedgen_app.state import digest

_TEMPORARY_SUFFIX = ".tmp"
# `.<name>.<8 random characters>.tmp`, as tempfile.mkstemp makes them in `_stage`.
_STAGED_NAME = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")


class PublishError(FeedgenError):
    """A file could not be written; the files in place are unchanged."""


@dataclass(frozen=True)
class Outcome:
    changed: frozenset[str]
    """The files written (the others already held their bytes), as `os.fspath` gives the paths
    they were staged at."""
    removed: tuple[Path, ...]
    """Files an earlier build wrote that this one no longer plans."""
    kept: tuple[Problem, ...]
    """Warnings for such files that were changed since and so are left alone."""


FOLDERS_KEPT = 4096
"""Folders whose place `Staging` keeps at once: a selection's feeds in every format (each
format's go to the same folders, one after the other) without 12,000 paths to the end of a
family's first build at 100,000 articles (2 MB at its peak)."""


class Staging:
    """Files staged one at a time, each beside the place it goes, while nothing in place
    changes; `commit` renames them all at once. A build stages each feed as soon as it is made,
    so no more than one is held in memory. Leaving the `with` block without a commit (an error,
    a refused build) removes every staged file."""

    def __init__(self, out_dir: Path | None = None) -> None:
        """`out_dir`: every file must be inside it (None: anywhere, for the build's state)."""
        self.out_dir = out_dir
        self.staged: dict[str, str] = {}
        """Each staged file's temporary file, by the path it goes to: as text, not `Path`s (a
        family's first build at 100,000 articles stages 35,872 files; two `Path`s each held
        40 MB to the end of the build)."""
        self.created: list[Path] = []
        """Folders made for staged files: removed again with them."""
        self.committed = False
        self._root = out_dir.resolve() if out_dir is not None else None
        self._inside: dict[str, bool] = {}
        """Whether each folder of a staged file is inside the output folder, resolved: asked
        once a folder (a family's first build stages 35,000 files in 12,000 folders, and
        resolving each path took 1.9 % of it), of the last `FOLDERS_KEPT` folders."""

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *_: object) -> None:
        if self.committed:
            return
        for temporary in self.staged.values():
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        for folder in sorted(set(self.created), key=lambda folder: len(folder.parts), reverse=True):
            with contextlib.suppress(OSError):  # something else was put there meanwhile
                folder.rmdir()

    def add(self, path: Path, data: bytes) -> bool:
        """Stage `data` for `path` unless it holds exactly that; True if staged."""
        if self._root is not None and not self._is_inside(path, self._root):
            message = f"refusing to write outside the output folder {self.out_dir}"
            raise ConfigError([Problem(SourceRef(str(path)), message)])
        if _holds(path, data):
            return False
        missing = []
        folder = path.parent
        while not folder.exists() and folder != folder.parent:
            missing.append(folder)
            folder = folder.parent
        self.created += reversed(missing)
        try:
            _remove_leftovers(path)
            self.staged[os.fspath(path)] = os.fspath(_stage(path, data, flush=False))
        except OSError as exc:
            message = f"cannot write: {exc.strerror or exc}; no file was changed"
            raise PublishError([Problem(SourceRef(str(path)), message)]) from exc
        return True

    def _is_inside(self, path: Path, root: Path) -> bool:
        """Whether `path`, resolved, is inside `root`: its folder as resolved before, and the
        file itself resolved if it is a symbolic link."""
        folder = os.fspath(path.parent)
        inside = self._inside.get(folder)
        if inside is None:
            if len(self._inside) >= FOLDERS_KEPT:
                self._inside.clear()
            inside = self._inside[folder] = path.parent.resolve().is_relative_to(root)
        if inside and os.path.islink(path):
            return path.resolve().is_relative_to(root)
        return inside

    def hand_over(self) -> tuple[dict[str, str], list[Path]]:
        """What this staging holds (`staged`, `created`), for another process's to `adopt`: a
        forked process that staged some of a build's files (`stages.write_shares`). Leaving the
        block then removes nothing."""
        self.committed = True
        return self.staged, self.created

    def adopt(self, staged: Mapping[str, str], created: Iterable[Path]) -> None:
        """Hold what another process's staging handed over (`hand_over`) as staged here."""
        self.staged.update(staged)
        self.created += created

    def remove_strays(self, folders: Iterable[str]) -> None:
        """Remove the temporary files in `folders` (as `_stage` names them) that this staging
        does not hold: a forked process's that was killed before it handed them over (the
        build lock is held: no other build stages files here). The folders, and theirs up to
        the output folder, are counted as made for staged files: that process may have made
        them, and with it went its record of them (`created`; a folder that is not empty
        stays)."""
        held = set(self.staged.values())
        for folder in folders:
            self.created += _up_to(Path(folder), self.out_dir)
            try:
                names = os.listdir(folder)
            except OSError:
                continue
            for name in names:
                path = os.path.join(folder, name)
                if _STAGED_NAME.fullmatch(name) and path not in held:
                    with contextlib.suppress(OSError):
                        os.unlink(path)

    def commit(self) -> frozenset[str]:
        """Flush every staged file to disk at once, rename them all into place, and flush the
        renames (one `sync` for all: with archives a build writes thousands of files, and an
        `fsync` each cost more than rendering them). Returns the paths written."""
        if self.staged:
            os.sync()
            for path, temporary in self.staged.items():
                os.replace(temporary, path)
            os.sync()
        self.committed = True
        return frozenset(self.staged)


def staged(staging: Staging, path: Path, data: bytes) -> str:
    """Stage `data` for `path` (if it changes the file) and return its digest."""
    staging.add(path, data)
    return digest(data)


def publish(staging: Staging, out_dir: Path, stale: Mapping[Path, str] | None = None) -> Outcome:
    """Put every staged file in place (all or nothing), then remove the `stale` files (path ->
    digest of what the earlier build wrote there) that still hold exactly what it wrote."""
    root = out_dir.resolve()
    for path in stale or {}:
        if not path.resolve().is_relative_to(root):
            message = f"refusing to write outside the output folder {out_dir}"
            raise ConfigError([Problem(SourceRef(str(path)), message)])
    changed = staging.commit()
    removed, kept = _remove_stale(stale or {}, root)
    return Outcome(changed, removed, kept)


def _remove_stale(
    stale: Mapping[Path, str], root: Path
) -> tuple[tuple[Path, ...], tuple[Problem, ...]]:
    removed: list[Path] = []
    kept: list[Problem] = []
    for path, written in sorted(stale.items()):
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            continue
        except OSError as exc:
            kept.append(warning(SourceRef(str(path)), f"cannot remove: {exc.strerror or exc}"))
            continue
        if digest(data) != written:
            message = "an earlier build wrote this feed and no build plans it now, but it was "
            kept.append(warning(SourceRef(str(path)), message + "changed since: left in place"))
            continue
        path.unlink()
        removed.append(path)
        _remove_empty_folders(path.parent, root)
    return tuple(removed), tuple(kept)


def _up_to(folder: Path, top: Path | None) -> list[Path]:
    """`folder` and the folders it is in, below `top` (none without a `top`)."""
    if top is None or not folder.is_relative_to(top) or folder == top:
        return []
    return [folder, *_up_to(folder.parent, top)]


def _remove_empty_folders(folder: Path, root: Path) -> None:
    """The folders a removed feed leaves empty (a vanished tag's), up to the output folder."""
    while folder.resolve() != root and folder.resolve().is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:
            return  # not empty: something else lives there
        folder = folder.parent


def write_if_changed(path: Path, data: bytes) -> bool:
    """Atomically replace `path` with `data` unless it holds exactly that; True if written."""
    if _holds(path, data):
        return False
    write_all({path: data})
    return True


def write_all(files: Mapping[Path, bytes]) -> None:
    """Stage every file, then put them all in place at once (`Staging.commit`)."""
    with Staging() as staging:
        for path, data in files.items():
            staging.add(path, data)
        staging.commit()


def write_streamed(path: Path, chunks: Iterable[bytes], *, synced: bool = True) -> None:
    """Atomically replace `path` with the concatenated `chunks`, written as they come; with
    `synced`, on disk before this returns (else a crash may leave the file empty or torn)."""
    _remove_leftovers(path)
    temporary = _stage(path, chunks, flush=synced)
    try:
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    if synced:
        _sync_folder(path.parent)


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except FileNotFoundError:
        return False


def _stage(path: Path, data: bytes | Iterable[bytes], flush: bool = True) -> Path:
    """A temporary file beside `path` holding `data`; `flush`: on disk before this returns."""
    path.parent.mkdir(parents=True, exist_ok=True)
    import tempfile  # noqa: PLC0415 - with shutil and random: not for a build that writes nothing

    descriptor, name = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=_TEMPORARY_SUFFIX
    )
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            for chunk in [data] if isinstance(data, bytes) else data:
                stream.write(chunk)
            stream.flush()
            if flush:
                os.fsync(stream.fileno())
        temporary.chmod(0o644)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


@contextmanager
def left_tidy(out_dir: Path, cache_dir: Path) -> Iterator[None]:
    """Around a build, with the build lock held: first the temporary files a killed build left
    in the output folder are removed (`remove_leftovers`), unless the last build left a mark in
    the cache saying it ended here; leaving the block, by a return or an exception (every staged
    file is removed then), leaves the mark. A build killed meanwhile leaves none. (Walking an
    output folder of 36,000 archive folders for leftovers cost every build 0.3 s.)"""
    mark = cache_dir / f"tidy-{digest(str(out_dir.resolve()).encode())[:16]}"
    try:
        mark.unlink()
    except OSError:  # none: the first build here, or one was killed
        remove_leftovers(out_dir)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):  # no mark: the next build looks for leftovers
            mark.parent.mkdir(parents=True, exist_ok=True)
            mark.touch()


def remove_leftovers(out_dir: Path) -> None:
    """Remove the temporary files a killed build left (call it with the build lock held): in
    the output folder and its subfolders, every file named as `_stage` names them
    (`left_tidy` calls it when the last build did not end)."""
    for folder, _, names in os.walk(out_dir):
        for name in names:
            if _STAGED_NAME.fullmatch(name):
                Path(folder, name).unlink(missing_ok=True)


def remove_leftovers_among(path: Path, names: Iterable[str]) -> None:
    """As `remove_leftovers` for `path`, its folder's names given (listed already: the items
    folder holds 100,000 names, the date record's temporary files are among its hidden ones)."""
    prefix = f".{path.name}."
    for name in names:
        if (
            name.startswith(prefix)
            and name.endswith(_TEMPORARY_SUFFIX)
            and len(name) >= len(prefix) + len(_TEMPORARY_SUFFIX)
        ):
            (path.parent / name).unlink(missing_ok=True)


def _remove_leftovers(path: Path) -> None:
    """Temporary files of `path` left by a build that was killed (the build lock is held):
    `.<name>.<anything>.tmp`."""
    try:
        names = os.listdir(path.parent)
    except (FileNotFoundError, NotADirectoryError):
        return
    prefix = f".{path.name}."
    remove_leftovers_among(path, [name for name in names if name.startswith(prefix)])


def _sync_folder(folder: Path) -> None:
    """Make the renames themselves durable (POSIX); a no-op where folders cannot be opened."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
