"""The last feed family's plan, kept for the next build: its documents and pages with their keys,
the articles each carries by their place among the published ones, and what the plan was made
from. A plan is a function of the settings and of the published articles' paths and decisions
in order; a document's key adds its members' row keys (`rows.row_key`). A decision is made of
the path, the record and the settings key; the record of the file's bytes and the applied
chrome, by the store's readers. So an article whose path, chrome and file are the ones kept
has the decision kept, under the same settings and settings key (`basis`).

Two ways to use it (`stages.outline`): when every article is where it was and the few whose
files changed have the decisions kept, the plan is this one and only the documents carrying
those articles are keyed again; when some moved (added, removed, redated, retagged), the plan
is made again from what is kept of each article that did not (`KeptArticles`) and the checked
rows of those that did, and only the documents whose articles changed are keyed again. Either
way an edit at 100,000 articles reads a few rows, not 100,000.

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
from dataclasses import dataclass, replace
from itertools import chain, islice
from pathlib import Path
from typing import Any

from feedgen_app.state import digest, digester

FORMAT = 3
"""Bumped when what is kept changes shape."""

Positions = bytes
"""Articles by their place among the published ones, oldest first (`ArticleStore.placements`:
an added article leaves the places of the others as they were), as unsigned 32-bit numbers in
the machine's order (`positions`): 610,000 of them at 100,000 articles, which as Python numbers
held 20 MB."""


def positions(numbers: Iterable[int]) -> Positions:
    return array("I", numbers).tobytes()


def numbers(kept: Positions) -> Sequence[int]:
    return memoryview(kept).cast("I")


Placing = tuple[str, tuple[str, ...], tuple[str, ...], str | None]
"""What the planner read of an article: its path as shown, its tags, authors and section."""


@dataclass(frozen=True)
class KeptArticles:
    """The published articles of the kept plan, oldest first."""

    rels: tuple[str, ...]
    chromes: tuple[str | None, ...]
    """The chrome applied to each one's file."""
    placings: tuple[Placing, ...]


@dataclass(frozen=True)
class KeptPlan:
    basis: str
    """The digest of the settings and the settings key the plan was made under."""
    placed: str
    """The digest of every published article's path and applied chrome, in order
    (`ArticleStore.placements`)."""
    digests: str
    """The digest of the file of the article at each place, oldest first, when the keys below
    were made, one after the other (`DIGEST` characters each: one text, not 100,000)."""
    decisions: str
    """The digest of each one's decision (`rows.decision_digest`), the same way."""
    articles: bytes
    """The articles (`KeptArticles`) as `pack_articles` packs them: read only when some moved."""
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


def pack_articles(articles: KeptArticles) -> bytes:
    return marshal.dumps((articles.rels, articles.chromes, articles.placings), 4)


def unpack_articles(packed: bytes) -> KeptArticles | None:
    """The articles `pack_articles` packed, or None if they are not of its shape."""
    try:
        rels, chromes, placings = marshal.loads(packed)
    except (ValueError, EOFError, TypeError):
        return None
    if not len(rels) == len(chromes) == len(placings):
        return None
    return KeptArticles(rels, chromes, placings)


def kept_plan_path(cache_dir: Path, items_dir: Path, output_dir: Path) -> Path:
    """Where the plan of the builds from `items_dir` to `output_dir` is kept."""
    folders = f"{items_dir.resolve()}\n{output_dir.resolve()}".encode()
    return cache_dir / f"plan-{digest(folders)[:16]}.marshal"


def load_kept_plan(path: Path, basis: str, usable: Callable[[KeptPlan], bool]) -> KeptPlan | None:
    """The plan kept at `path` if it was made from `basis` and is `usable` (asked of it before
    its documents are read), or None if there is none, it was made from another, is not
    usable, is damaged, or is of another format or Python. Its documents are read last: a plan
    that will not be used is never loaded (at 100,000 articles 0.1 s and 50 MB)."""
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
        kind, *head = marshal.load(parts)
        placed, digests, decisions, articles, pages, published, warnings = head
        kept = KeptPlan(basis, placed, digests, decisions, articles, (), pages, published, warnings)
        if kind != FORMAT or not usable(kept):
            return None
        documents = []
        while parts.tell() < len(body):
            documents += marshal.load(parts)
    except (ValueError, EOFError, TypeError):
        return None
    return replace(kept, documents=tuple(documents))


def keep_plan(path: Path, kept: KeptPlan) -> None:
    """Keep `kept` at `path`, replacing what was there at once; its documents are written a
    part at a time as they are made."""
    from feedgen_app.stages.publish import write_streamed  # noqa: PLC0415 - only when kept

    def chunks() -> Iterator[bytes]:
        sealing = digester()
        head = (
            FORMAT, kept.placed, kept.digests, kept.decisions, kept.articles, kept.pages,
            kept.published, kept.warnings,
        )  # fmt: skip
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
