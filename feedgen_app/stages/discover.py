"""Finding article files in the items folder, in a stable order."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from feedgen_app.errors import Problem, SourceRef, warning

ARTICLE_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".html", ".htm"})
"""The file types read as articles: the keys of `readers.READERS` (a test keeps them equal)."""
# Section and list pages of Hugo and Zola describe a folder, not an article.
SECTION_PAGES = frozenset({"_index.md", "_index.markdown"})
_EDITOR_LEFTOVERS = (".swp", ".swo", ".tmp", ".bak", "~")
# Images and other resources beside articles (Hugo page bundles, Jekyll assets) are not articles.
_ASSETS = (
    *(".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".ico", ".pdf", ".mp3"),
    *(".mp4", ".webm", ".css", ".js", ".json", ".zip", ".woff", ".woff2"),
)


class FileState(NamedTuple):
    """What `stat` says of a file. Equal states are taken to mean equal bytes: the change time
    (`ctime`) is set by the kernel on every write and cannot be set back by `touch` or an editor,
    so a changed file shows a new state even if its size and modification time are restored."""

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int

    @classmethod
    def of(cls, stat: os.stat_result) -> FileState:
        return cls(stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


class Found(NamedTuple):
    """An article file. (Named tuples, not dataclasses, for the two records made once per file:
    at 100,000 files a frozen dataclass costs a tenth of a second more to build.)"""

    path: str
    """As the user gave it (items folder + relative path), for messages."""
    rel: str
    """Path relative to the items folder, with `/`: the file's key in caches and the date record."""
    state: FileState


@dataclass(frozen=True)
class Discovered:
    files: tuple[Found, ...]
    """Article files, sorted by their path relative to the items folder."""
    skipped: tuple[Problem, ...]
    """Files passed over that a user may have meant as articles (a warning each)."""


def discover(items_dir: Path, suffixes: frozenset[str]) -> Discovered:
    """Article files below `items_dir`. Symbolic links to folders are never followed, nor links
    to files outside the items folder (a warning each), so a build reads only what is inside."""
    walk = _Walk(items_dir.resolve(), suffixes)
    walk.folder(str(items_dir), "")
    walk.files.sort(key=lambda found: found.rel)
    return Discovered(tuple(walk.files), tuple(walk.skipped))


class _Walk:
    def __init__(self, root: Path, suffixes: frozenset[str]) -> None:
        self.root, self.suffixes = root, suffixes
        self.files: list[Found] = []
        self.skipped: list[Problem] = []

    def folder(self, folder: str, prefix: str) -> None:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = os.path.join(folder, entry.name)
            if entry.is_dir(follow_symlinks=False):
                self.folder(path, f"{prefix}{entry.name}/")
            elif entry.is_symlink() and entry.is_dir():
                note = "symbolic link to a folder not followed (copy or move the articles instead)"
                self.skipped.append(warning(SourceRef(path), note))
            elif not _is_ignorable(entry.name) and entry.name not in SECTION_PAGES:
                self.file(entry, path, prefix)

    def file(self, entry: os.DirEntry[str], path: str, prefix: str) -> None:
        if os.path.splitext(entry.name)[1].lower() not in self.suffixes:
            accepted = ", ".join(sorted(self.suffixes))
            note = f"skipped: not an article file type (accepted: {accepted})"
            self.skipped.append(warning(SourceRef(path), note))
        elif entry.is_symlink() and not Path(path).resolve().is_relative_to(self.root):
            note = "symbolic link to a file outside the items folder not followed"
            self.skipped.append(warning(SourceRef(path), note))
        else:
            state = FileState.of(entry.stat())
            self.files.append(Found(path, prefix + entry.name, state))


def _is_ignorable(name: str) -> bool:
    """Hidden files, editor leftovers and assets are never articles and not worth a warning."""
    lowered = name.lower()
    return lowered.startswith((".", "#")) or lowered.endswith(_EDITOR_LEFTOVERS + _ASSETS)
