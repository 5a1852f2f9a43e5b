"""The last successful build, remembered so that a rebuild with nothing changed does nothing.

A build's fingerprint covers everything its output depends on: the tool version, the settings
and options, SOURCE_DATE_EPOCH, the state (size, times, inode) of every article file and of the
date record, and the files passed over. If the fingerprint is the same, the output files still
hold the bytes that build wrote, and no left-out future article has come due, the rebuild
reports the last build's result and touches nothing. Anything else means a full build (which
still reuses the article store).

Stored with `marshal` (plain values: the outputs a column a field, as the kept plan has them),
before the digest of what `marshal` wrote, checked on load: a family at 100,000 articles has
35,884 outputs, which as JSON took 0.17 s to read and 0.11 s to write, every rebuild. A damaged,
torn or foreign file is as no manifest: the next build is a full one.
"""

from __future__ import annotations

import marshal
import os
from dataclasses import dataclass
from datetime import datetime
from itertools import repeat
from pathlib import Path
from typing import NamedTuple

from feedgen_app.config import SiteConfig
from feedgen_app.errors import Problem
from feedgen_app.report import BuildReport, problem_from_json, problem_to_json
from feedgen_app.stages.discover import FileState, Walk
from feedgen_app.stages.publish import write_streamed
from feedgen_app.state import DIGEST, digest
from feedgen_app.state.made_with import made_with
from feedgen_app.urls import absolute_url


class Output(NamedTuple):
    """A file a build wrote (or found already holding its bytes) in the output folder."""

    digest: str
    """Of its bytes."""
    state: FileState
    """Its `stat` after the build: while the state is the same, the bytes are still ours."""
    key: str
    """What its bytes were made from (`render.document_key`): a later build with the same key
    and an unchanged file neither renders nor checks it again."""
    warnings: tuple[Problem, ...]
    """What checking it found (warnings only: an error refuses the build)."""

    def still_holds(self, path: str | Path) -> bool:
        try:
            status = os.stat(path)
        except OSError:
            return False
        return (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino) == self.state


@dataclass(frozen=True)
class Manifest:
    fingerprint: str
    outputs: dict[str, Output]
    """By path relative to the output folder: every file the build owns there, and only those
    are ever removed when a later build no longer plans them."""
    report: bytes
    """Its `BuildReport` (`BuildReport.kept`), marshalled: read only by a build with nothing to
    do (a family's lists 34,770 documents; a build with work to do would hold them for nothing)."""
    due: str | None
    """When the earliest left-out future article comes due (ISO 8601), if any."""


def manifest_path(cache_dir: Path, items_dir: Path, output_dir: Path) -> Path:
    folders = f"{items_dir.resolve()}\n{output_dir.resolve()}".encode()
    return cache_dir / f"last-build-{digest(folders)[:16]}.marshal"


def walk_digest(walked: Walk) -> str:
    """The digest of what the walk of the items folder saw: every article file's relative path
    and state, and the files passed over. A build computes it once, from the states seen before
    any file was read, and puts it in both its fingerprints (`fingerprint`). The files are
    taken in the order the folders listed them, which stays the same while a folder does not
    change (were it to change all the same, a build would merely not take the shortcut)."""
    rels, states = walked.packed  # 32 bytes a file, made in C (and kept for the snapshot)
    skipped = repr([str(problem) for problem in walked.skipped]).encode("utf-8", "surrogateescape")
    head = f"{len(walked.rels)}:{len(rels)}:{len(states)}\n".encode()
    return digest(b"".join([head, rels, states, skipped]))


def fingerprint(settings: str, found: str, record: Path) -> str:
    """The digest of everything a build's output depends on: the versions it is made with
    (`made_with`), SOURCE_DATE_EPOCH, `settings` the options' repr, `found` the `walk_digest`
    of the items folder, `record` the date record (its state now)."""
    parts = [made_with(), os.environ.get("SOURCE_DATE_EPOCH", ""), settings, _state(record), found]
    return digest(repr(parts).encode("utf-8", "surrogateescape"))


def load_manifest(path: Path) -> Manifest | None:
    """The last successful build's manifest, or None if there is none that can be read."""
    try:
        data = path.read_bytes()
    except OSError:
        return None  # as if there had been no earlier build
    body = memoryview(data)[:-DIGEST]
    if data[-DIGEST:] != digest(body).encode():
        return None
    try:
        form, print_, due, report, rels, digests, states, keys, notes = marshal.loads(body)
        if form != FORMAT or len(states) != 4 * len(rels):
            return None
        if not (isinstance(print_, str) and isinstance(report, bytes)):
            return None
        if due is not None:
            datetime.fromisoformat(due)  # ValueError, TypeError if it is not a date
        numbers = iter(states)
        quads = zip(numbers, numbers, numbers, numbers, strict=True)
        file_states = map(_new, repeat(FileState), quads)
        warnings: list[tuple[Problem, ...]] = [()] * len(rels)
        for at, problems in notes:
            warnings[at] = tuple(map(problem_from_json, problems))
        records = zip(digests, file_states, keys, warnings, strict=True)
        outputs = dict(zip(rels, map(_new, repeat(Output), records), strict=True))
        return Manifest(print_, outputs, report, due)
    except (ValueError, TypeError, EOFError, IndexError):  # not what `remember` writes
        return None


FORMAT = 2
"""Bumped when what is kept changes shape."""

_new = tuple.__new__  # through map(): a record a file without a Python-level call each


def built_feeds(config: SiteConfig) -> dict[str, str]:
    """Path (relative to the output folder) -> public URL (by the settings) of every feed the
    last successful build wrote (not its pages); before any build, the site's feeds the
    settings name."""
    manifest = load_manifest(manifest_path(config.cache_dir, config.items_dir, config.output_dir))
    paths = manifest.outputs if manifest is not None else config.feeds.values()
    files = config.feeds.values()
    feeds = [rel for rel in paths if any(rel == f or rel.endswith(f"/{f}") for f in files)]
    return {rel: absolute_url(config.site_url, rel) for rel in feeds}


def unchanged_report(
    manifest: Manifest | None, print_: str, out_dir: Path, now: datetime
) -> BuildReport | None:
    """The last build's report if it still holds for fingerprint `print_` at `now`, else None."""
    if manifest is None or manifest.fingerprint != print_:
        return None
    if manifest.due is not None and now >= datetime.fromisoformat(manifest.due):
        return None
    # Paths as strings: a feed family has tens of thousands of files, a Path each cost more
    # than the stat itself.
    base = os.path.join(out_dir, "")
    if not all(output.still_holds(base + rel) for rel, output in manifest.outputs.items()):
        return None
    try:
        return BuildReport.unchanged_from(marshal.loads(manifest.report))
    except (ValueError, EOFError, TypeError):
        return None


def remember(path: Path, print_: str, outputs: dict[str, Output], report: BuildReport,
             due: datetime | None) -> None:  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    rels = sorted(outputs)
    listed = list(map(outputs.__getitem__, rels))
    states = [number for output in listed for number in output.state]
    notes = [(at, tuple(map(problem_to_json, output.warnings)))
             for at, output in enumerate(listed) if output.warnings]  # fmt: skip
    due_text = None if due is None else due.isoformat()
    columns = ([output.digest for output in listed], states, [output.key for output in listed])
    kept = marshal.dumps(report.kept())
    body = marshal.dumps((FORMAT, print_, due_text, kept, rels, *columns, notes))
    write_streamed(path, [body, digest(body).encode()])
    path.with_suffix(".json").unlink(missing_ok=True)  # as JSON, before 2026-11-26


def _state(path: Path) -> str:
    try:
        return _state_of(FileState.of(path.stat()))
    except FileNotFoundError:
        return "-"


def _state_of(state: FileState) -> str:
    return f"{state.size}:{state.mtime_ns}:{state.ctime_ns}:{state.inode}"
