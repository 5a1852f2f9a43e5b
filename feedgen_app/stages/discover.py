"""Finding article files in the items folder, in a stable order."""

from __future__ import annotations

import bisect
import errno
import operator
import os
import stat
import struct
from array import array
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import compress, count, repeat
from operator import itemgetter, methodcaller
from pathlib import Path
from typing import NamedTuple, cast, overload

from feedgen_app.errors import ConfigError, Problem, SourceRef, warning
from feedgen_app.memory import collector_paused
from feedgen_app.stages.file_states import file_states

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
    """The article files a walk found. Their records (`files`, sorted) are made when first
    asked for: a rebuild after an edit compares the walk with the article store's snapshot in
    C and looks up only the files that changed (`file_at`), never making 100,000 records."""

    listing: Walk
    """The walk: the files' paths and states in the order the folders listed them."""

    @property
    def skipped(self) -> tuple[Problem, ...]:
        """Files passed over that a user may have meant as articles (a warning each)."""
        return self.listing.skipped

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Folders that could not be read (an error each: articles in them would go missing)."""
        return self.listing.problems

    @property
    def rels(self) -> tuple[str, ...]:
        """The files' paths relative to the items folder, in the order of the walk."""
        return self.listing.rels

    @cached_property
    def files(self) -> tuple[Found, ...]:
        """Article files, sorted by their path relative to the items folder (made in C: no
        Python call per file)."""
        walked = self.listing
        numbers = iter(walked.states)
        states = map(_new, repeat(FileState), zip(numbers, numbers, numbers, numbers, strict=True))
        paths = map(walked.base.__add__, walked.rels)
        found = map(_new, repeat(Found), zip(paths, walked.rels, states, strict=True))
        # Two tuples a file and no reference cycles: the collector, at its default thresholds,
        # would look at the growing list again and again (a quarter of the time).
        with collector_paused():
            return tuple(sorted(found, key=_REL))

    def in_path_order(self) -> InPathOrder:
        """The files in path order, without making their records (`InPathOrder`)."""
        return InPathOrder(self)

    def folders(self) -> set[str]:
        """The folders the files are in, relative to the items folder ("" for the folder)."""
        return set(map(itemgetter(0), map(methodcaller("rpartition", "/"), self.rels)))

    def file_at(self, rel: str) -> Found | None:
        """The file at `rel`, if it was found."""
        if "files" in self.__dict__:  # the records are made: a bisection
            files = self.files
            at = bisect.bisect_left(files, rel, key=_REL)
            return files[at] if at < len(files) and files[at].rel == rel else None
        index = self._index.get(rel)
        return None if index is None else self.listed_at(index)

    def files_at(self, rels: Collection[str]) -> dict[str, Found]:
        """The files at `rels` that were found, by relative path: one pass over the walk in C,
        cheaper than `file_at`'s index for a few dozen files among 100,000."""
        wanted = set(rels)
        if "files" in self.__dict__ or "_index" in self.__dict__:
            return {rel: file for rel in wanted if (file := self.file_at(rel)) is not None}
        where = compress(count(), map(wanted.__contains__, self.listing.rels))
        return {file.rel: file for file in map(self.listed_at, where)}

    def take_states(self, files: InPathOrder, start: int, states: Sequence[int]) -> None:
        """Fill in the states the walk left to the readers (`Walk.stated`) of `files` (the
        walk's, in path order) from the `start`th: `states`, four numbers a file, those of a
        file that could not be opened `UNSTATED` (it keeps the walk's). Written in place, as
        `pack` would write them: the walk's digest and records are made from them from then
        on."""
        numbers = cast("array[int]", self.listing.states)  # an unstated walk's: `_numbers`
        positions = files.order[start : start + len(states) // 4]
        numbered = iter(states)
        fours = zip(positions, numbered, numbered, numbered, numbered, strict=True)
        for position, size, mtime, ctime, inode in fours:
            if size >= 0:
                try:
                    _put_four(numbers, position * 32, size, mtime, ctime, inode)
                except struct.error:  # a file dated after 2262: its low 64 bits, as `pack`
                    _put_four(
                        numbers, position * 32, *map(_low_64_bits, (size, mtime, ctime, inode))
                    )
        # Made from the states as they were: made again when asked for.
        self.listing.__dict__.pop("packed", None)
        self.__dict__.pop("files", None)

    def listed_at(self, index: int) -> Found:
        """The file the walk listed at position `index`."""
        rel = self.listing.rels[index]
        state = FileState(*self.listing.states[index * 4 : index * 4 + 4])
        return Found(self.listing.base + rel, rel, state)

    @cached_property
    def _index(self) -> dict[str, int]:
        """Position of each file in the walk, by relative path (made in C)."""
        return dict(zip(self.listing.rels, count(), strict=False))


class InPathOrder(Sequence[Found]):
    """The files a walk found, in path order, each file's record made when asked for: a first
    build asks for them in the processes that read the files, so that no process makes
    100,000 records before reading can start (0.1 s at 100,000, `Discovered.files`)."""

    def __init__(self, found: Discovered) -> None:
        self.found = found
        rels = found.rels
        self.order = sorted(range(len(rels)), key=rels.__getitem__)
        """The walk's positions of the files, in path order."""

    def __len__(self) -> int:
        return len(self.order)

    @overload
    def __getitem__(self, at: int) -> Found: ...
    @overload
    def __getitem__(self, at: slice) -> list[Found]: ...
    def __getitem__(self, at: int | slice) -> Found | list[Found]:
        if isinstance(at, slice):
            return list(map(self.found.listed_at, self.order[at]))
        return self.found.listed_at(self.order[at])

    def rels(self) -> Iterator[str]:
        return map(self.found.rels.__getitem__, self.order)


def rels_of(files: Sequence[Found]) -> Iterable[str]:
    """The relative paths of `files`, without making the records of an `InPathOrder`."""
    return files.rels() if isinstance(files, InPathOrder) else map(_REL, files)


def suffix_count(rels: Iterable[str], suffixes: tuple[str, ...]) -> int:
    """How many of `rels` end with one of `suffixes`, in any case (in C: a rebuild asks this of
    100,000 files)."""
    return sum(map(methodcaller("endswith", suffixes), map(str.lower, rels)))


@dataclass(frozen=True)
class Walk:
    """What a walk of the items folder saw, in the order the folders listed their entries:
    enough to tell whether anything changed (`state.manifest.walk_digest`) before any record
    is made per file (`discovered`)."""

    base: str
    """The items folder as given, ending in `/`: the start of every file's path."""
    rels: tuple[str, ...]
    """The article files' paths relative to the items folder."""
    states: Sequence[int]
    """Four numbers a file, in the order of `rels`: its `FileState` (size, times, inode). A
    tuple, or an array of 64-bit numbers from a walk made in a child (`stages.walk_beside`)."""
    skipped: tuple[Problem, ...]
    """As `Discovered.skipped`."""
    problems: tuple[Problem, ...]
    """As `Discovered.problems`."""
    hidden: tuple[str, ...] = ()
    """The hidden names in the items folder itself, passed over (a killed build's temporary
    files of the date record are among them)."""
    stated: bool = True
    """False for a first build's walk (no article store yet: every file is read): the plain
    files' states are `UNSTATED` in an array, and the readers fill them in from the `fstat`
    each makes as it opens its file (`Discovered.take_states`), the file's state as it was
    read. The walk, whose `lstat` of every file was most of it, is what the readers wait for
    (with the imports made beside it): where those calls are dear (a loaded machine, a
    network share) a first build starts reading sooner."""

    def discovered(self) -> Discovered:
        """The article files the walk found (records made when first asked for)."""
        return Discovered(self)

    @cached_property
    def packed(self) -> tuple[bytes, bytes]:
        """The paths and states as bytes (`pack`), made once: the fingerprint digests them
        (`state.manifest.walk_digest`), the article store's snapshot keeps them."""
        return pack(self.rels, self.states)


UNSTATED = (-1, -1, -1, -1)
"""The numbers of a state not taken yet (`Walk.stated`): no file's size is -1."""

_LOW_64_BITS = (1 << 64) - 1
SEPARATOR = "\0"
"""Between the packed paths (`pack`): no file name holds it."""


_put_four = struct.Struct("4q").pack_into
"""Four 64-bit numbers into an array of them (`Discovered.take_states`)."""


def _low_64_bits(number: int) -> int:
    """`number`'s lowest 64 bits, read as a signed number: what `pack` keeps of it."""
    low = number & _LOW_64_BITS
    return low - (1 << 64) if low >= 1 << 63 else low


def _numbers(states: Sequence[int]) -> array[int]:
    """`states` as 64-bit numbers, each as `pack` keeps it."""
    try:
        return array("q", states)
    except OverflowError:
        return array("q", map(_low_64_bits, states))


def pack(rels: Sequence[str], states: Sequence[int]) -> tuple[bytes, bytes]:
    """Relative paths (UTF-8, NUL-joined: no file name holds a NUL) and their states as 64-bit
    numbers, in C. A number beyond 64 bits (a file dated after 2262) is kept as its lowest 64
    bits: states are only compared."""
    try:
        numbers = array("q", states)
    except OverflowError:
        numbers = array("Q", [number & _LOW_64_BITS for number in states])
    return SEPARATOR.join(rels).encode("utf-8", "surrogateescape"), numbers.tobytes()


def discover(items_dir: Path, suffixes: frozenset[str], own: Iterable[Path] = ()) -> Discovered:
    """Article files below `items_dir`, sorted by relative path (see `walk`)."""
    return walk(items_dir, suffixes, own).discovered()


def walk(
    items_dir: Path, suffixes: frozenset[str], own: Iterable[Path] = (), *, stated: bool = True
) -> Walk:
    """Article files below `items_dir`, walked without recursion (any depth). Symbolic links
    to folders are never followed, nor links to files outside the items folder, nor loops or
    dangling links (a warning each), so a build reads only what is inside; files that are not
    regular files (named pipes, sockets, devices) are never opened. `own` folders (the output
    folder, the cache) are passed over quietly: their files are ours, not articles.

    `stated` False: the states of the plain files (regular files with ASCII names and an
    article suffix, nearly all) are left to whoever reads them (`Walk.stated`)."""
    identities = {_identity(folder) for folder in own}
    walker = _Walker(items_dir.resolve(), suffixes, identities, stated=stated)
    base = os.path.join(str(items_dir), "")
    try:
        pending = walker.folder(str(items_dir), "")
    except OSError as exc:
        message = f"cannot read the items folder: {exc.strerror or exc}"
        raise ConfigError([Problem(SourceRef(str(items_dir)), message)]) from exc
    while pending:
        pending.extend(walker.subfolder(*pending.pop()))
    rels = tuple(walker.rels)
    states = tuple(walker.states) if stated else _numbers(walker.states)  # to be filled in
    skipped, problems, hidden = tuple(walker.skipped), tuple(walker.problems), tuple(walker.hidden)
    return Walk(base, rels, states, skipped, problems, hidden, stated)


class _Walker:
    def __init__(
        self, root: Path, suffixes: frozenset[str], own: set[tuple[int, int]], *, stated: bool
    ) -> None:
        self.root, self.suffixes, self.own, self.stated = root, suffixes, own, stated
        self.plain = tuple(sorted(s for s in suffixes if _is_plain_suffix(s)))
        self.rels: list[str] = []
        self.states: list[int] = []
        self.skipped: list[Problem] = []
        self.problems: list[Problem] = []
        self.hidden: list[str] = []

    def subfolder(self, folder: str, prefix: str) -> list[tuple[str, str]]:
        try:
            return self.folder(folder, prefix)
        except OSError as exc:
            message = (
                f"cannot read this folder ({exc.strerror or exc}); the articles in it would be "
                "left out (make it readable, or move it out of the items folder)"
            )
            self.problems.append(Problem(SourceRef(folder), message))
            return []

    def folder(self, folder: str, prefix: str) -> list[tuple[str, str]]:
        """Take in the files of `folder`; return its subfolders, to be walked next. Nearly every
        entry is a regular file with an ASCII name and an article suffix: it is taken in at once
        (its name kept, all their `lstat` calls made together by `file_states`); every other
        entry gets `entry`'s closer look, in the order of the names (so that warnings come in a
        stable order)."""
        base, plain, others = os.path.join(folder, ""), self.plain, []
        names: list[str] = []
        take = names.append
        with os.scandir(folder) as scan:
            for entry in scan:
                name = entry.name
                # Hidden names, `#` leftovers and upper-case suffixes go the long way.
                if (
                    name.endswith(plain)
                    and name[0] not in ".#"
                    and name.isascii()
                    and name not in SECTION_PAGES
                    and entry.is_file(follow_symlinks=False)  # the type from the listing
                ):
                    take(name)
                else:
                    others.append(entry)
        self.states.extend(file_states(base, names) if self.stated else UNSTATED * len(names))
        self.rels.extend(map(prefix.__add__, names))
        others.sort(key=_NAME)
        subfolders: list[tuple[str, str]] = []
        for entry in others:
            self.entry(entry, base + entry.name, prefix, subfolders)
        return subfolders

    def entry(
        self, entry: os.DirEntry[str], path: str, prefix: str, subfolders: list[tuple[str, str]]
    ) -> None:
        """Any entry of a folder: a hidden or badly named one, a link, a folder, a file."""
        if entry.name.startswith("."):
            if not prefix:
                self.hidden.append(entry.name)
            return
        if not _is_utf8(entry.name):
            note = "skipped: the name is not valid UTF-8 (rename it; URLs and ids need text)"
            shown = path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            self.skipped.append(warning(SourceRef(shown), note))
        elif entry.is_symlink():
            self.link(entry, path, prefix)
        elif entry.is_dir(follow_symlinks=False):
            if (entry.stat(follow_symlinks=False).st_dev, entry.inode()) not in self.own:
                subfolders.append((path, f"{prefix}{entry.name}/"))
        elif not _is_ignorable(entry.name) and entry.name not in SECTION_PAGES:
            self.file(entry.name, path, prefix, entry.stat(follow_symlinks=False))

    def link(self, entry: os.DirEntry[str], path: str, prefix: str) -> None:
        if _is_ignorable(entry.name) or entry.name in SECTION_PAGES:
            return
        try:
            target = os.stat(path)
        except OSError as exc:
            what = _BROKEN_LINKS.get(exc.errno or 0, f"cannot be followed ({exc.strerror})")
            self.skipped.append(warning(SourceRef(path), f"symbolic link {what}: not followed"))
            return
        if stat.S_ISDIR(target.st_mode):
            note = "symbolic link to a folder not followed (copy or move the articles instead)"
            self.skipped.append(warning(SourceRef(path), note))
        elif not Path(os.path.realpath(path)).is_relative_to(self.root):
            note = "symbolic link to a file outside the items folder not followed"
            self.skipped.append(warning(SourceRef(path), note))
        else:
            self.file(entry.name, path, prefix, target)

    def file(self, name: str, path: str, prefix: str, status: os.stat_result) -> None:
        if os.path.splitext(name)[1].lower() not in self.suffixes:
            accepted = ", ".join(sorted(self.suffixes))
            note = f"skipped: not an article file type (accepted: {accepted})"
            self.skipped.append(warning(SourceRef(path), note))
        elif not stat.S_ISREG(status.st_mode):
            note = "skipped: not a regular file (a named pipe, socket or device is never read)"
            self.skipped.append(warning(SourceRef(path), note))
        else:
            self.rels.append(prefix + name)
            self.states.extend(FileState.of(status))


# tuple.__new__ through map() makes the named tuples without a Python-level call each.
_new = tuple.__new__
_REL = operator.itemgetter(1)
_NAME = operator.attrgetter("name")


def _is_plain_suffix(suffix: str) -> bool:
    """A suffix the quick test of `_Walker.folder` (`str.endswith`) may take: what
    os.path.splitext gives of a name that ends with it (one dot, first), in lower case, and
    never an ignored ending."""
    return suffix.rfind(".") == 0 and suffix == suffix.lower() and not _is_ignorable(f"x{suffix}")


def _is_utf8(name: str) -> bool:
    """False for a name whose bytes are not UTF-8 (Python hands them over as surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _identity(folder: Path) -> tuple[int, int]:
    """(device, inode) of a folder, however it is spelled; (-1, -1) if it does not exist."""
    try:
        status = os.stat(folder)
    except OSError:
        return -1, -1
    return status.st_dev, status.st_ino


_BROKEN_LINKS = {
    errno.ELOOP: "loops back on itself",
    errno.ENOENT: "points at nothing (dangling)",
}


def _is_ignorable(name: str) -> bool:
    """Hidden files, editor leftovers and assets are never articles and not worth a warning."""
    lowered = name.lower()
    return lowered.startswith((".", "#")) or lowered.endswith(_EDITOR_LEFTOVERS + _ASSETS)
