"""The last feed family's plan, kept for the next build: its documents and pages with their keys,
the articles each carries by their place in the newest-first list, and what the plan was made
from. A plan is a function of the settings and of the published articles' paths and decisions
in order; a document's key adds its members' row keys (`rows.row_key`). A decision is made of
the path, the record and the settings key; the record of the file's bytes and the applied
chrome, by the store's readers. So when a build finds the same settings and settings key, the
same paths in the same order with the same chrome (`basis`), and the same decisions for the
articles whose files changed (`decisions`), the plan is this one, and only the documents
carrying those articles need a new key (`stages.outline`). At 100,000 articles this spares an
edit decoding 100,000 rows, planning 34,770 documents and keying them.

Stored with `marshal` (plain values: strings, numbers, tuples, its documents a part at a time),
after its basis and before the digest of what `marshal` wrote, checked on load: a damaged or
torn file is ignored, and the plan is made again. Like every cache, it can make a build faster,
never different.
"""

from __future__ import annotations

import io
import marshal
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import Any

from feedgen_app.state import digest, digester

FORMAT = 2
"""Bumped when what is kept changes shape."""

Positions = bytes
"""Articles by their place in the newest-first list of the published ones, as unsigned 32-bit
numbers in the machine's order (`positions`): 610,000 of them at 100,000 articles, which as
Python numbers held 20 MB."""


def positions(numbers: Iterable[int]) -> Positions:
    return array("I", numbers).tobytes()


def numbers(kept: Positions) -> Sequence[int]:
    return memoryview(kept).cast("I")


@dataclass(frozen=True)
class KeptPlan:
    basis: str
    """The digest of what the plan was made from: the settings, the settings key, and every
    published article's path and applied chrome, in order (`ArticleStore.placements`)."""
    digests: str
    """The digest of the file of the article at each place when the keys below were made, one
    after the other (`DIGEST` characters each: one text, not 100,000)."""
    decisions: str
    """The digest of each one's decision (`rows.decision_digest`), the same way."""
    documents: Iterable[tuple[Any, ...]]
    """Each document as `stages.outline` encodes it: its fields, its members' positions, key
    (a tuple when loaded; written as it is made)."""
    pages: tuple[tuple[Any, ...], ...]
    """Each page, encoded the same way."""
    published: Positions
    """The articles some document carries."""
    warnings: tuple[tuple[str, int, str, str], ...]
    """The plan's warnings: (path, line, message, severity)."""


DIGEST = len(digest(b""))


def changed_places(old: str, new: str) -> set[int]:
    """The places whose digests differ between `old` and `new` (of as many places): compared
    a block of 1,024 at a time, place by place only in the blocks that differ."""
    block = 1024 * DIGEST
    places = set()
    for start in range(0, len(new), block):
        if old[start : start + block] != new[start : start + block]:
            end = min(start + block, len(new))
            places |= {
                at // DIGEST
                for at in range(start, end, DIGEST)
                if old[at : at + DIGEST] != new[at : at + DIGEST]
            }
    return places


def kept_plan_path(cache_dir: Path, items_dir: Path, output_dir: Path) -> Path:
    """Where the plan of the builds from `items_dir` to `output_dir` is kept."""
    folders = f"{items_dir.resolve()}\n{output_dir.resolve()}".encode()
    return cache_dir / f"plan-{digest(folders)[:16]}.marshal"


def load_kept_plan(path: Path, basis: str, usable: Callable[[str, str], bool]) -> KeptPlan | None:
    """The plan kept at `path` if it was made from `basis` and is `usable` (asked of its
    files' and decisions' digests), or None if there is none, it was made from another, is
    not usable, is damaged, or is of another format or Python. Its documents are read last:
    a plan that will not be used is never loaded (at 100,000 articles 0.1 s and 50 MB)."""
    try:
        with path.open("rb") as stream:
            if stream.read(len(basis)) != basis.encode():
                return None
            data = stream.read()
    except OSError:
        return None
    body, sealed = data[:-DIGEST], data[-DIGEST:]
    if sealed != digest(body).encode():
        return None
    try:
        parts = io.BytesIO(body)
        kind, digests, decisions, pages, published, warnings = marshal.load(parts)
        if kind != FORMAT or not usable(digests, decisions):
            return None
        documents = []
        while parts.tell() < len(body):
            documents += marshal.load(parts)
    except (ValueError, EOFError, TypeError):
        return None
    return KeptPlan(basis, digests, decisions, tuple(documents), pages, published, warnings)


def keep_plan(path: Path, kept: KeptPlan) -> None:
    """Keep `kept` at `path`, replacing what was there at once; its documents are written a
    part at a time as they are made."""
    from feedgen_app.stages.publish import write_streamed  # noqa: PLC0415 - only when kept

    def chunks() -> Iterator[bytes]:
        sealing = digester()
        head = (FORMAT, kept.digests, kept.decisions, kept.pages, kept.published, kept.warnings)
        yield kept.basis.encode()
        for body in chain([marshal.dumps(head, 4)], _parts(kept.documents)):
            sealing.update(body)
            yield body  # version 4 shares what repeats in a part (titles, lists)
        yield sealing.hexdigest().encode()

    path.parent.mkdir(parents=True, exist_ok=True)
    write_streamed(path, chunks(), synced=False)  # a torn file is found out by its digest


PART = 1024
"""Documents marshalled at a time."""


def _parts(documents: Iterable[tuple[Any, ...]]) -> Iterator[bytes]:
    stream = iter(documents)
    while part := tuple(islice(stream, PART)):
        yield marshal.dumps(part, 4)
