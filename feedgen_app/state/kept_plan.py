"""The last feed family's plan, kept for the next build: its documents and pages with their keys,
the articles each carries by their place among the published ones, and what the plan was made
from. A plan is a function of the settings and of the published articles' paths and decisions
in order; a document's key adds its members' row keys (`rows.row_key`). A decision is made of
the path, the record and the settings key; the record of the file's bytes and the applied
chrome, by the store's readers. So an article whose path, chrome and file are the ones kept
has the decision kept, under the same settings and settings key (`basis`).

Two ways to use it (`stages.outline`, `stages.replan`): when every article is where it was and
the few whose files changed have the decisions kept, the plan is this one and only the
documents carrying those articles are keyed again; when some moved (added, removed, redated,
retagged), the plan is made again from what is kept of each article that did not
(`KeptArticles`) and the checked rows of those that did, and only the documents whose articles
changed are keyed again. Either way an edit at 100,000 articles reads a few rows, not 100,000.

Stored with `marshal` (plain values: strings, numbers, tuples, its documents a part at a time),
after its basis and before the digest of what `marshal` wrote, checked on load: a damaged or
torn file is ignored, and the plan is made again. Like every cache, it can make a build faster,
never different. Each part is written after its length and read with `marshal.loads` from the
bytes read at once: `marshal.load` from a stream asks it for every object's bytes (at 100,000
articles the documents took 0.12 s to read that way, 0.02 s this way; the articles 0.27 s,
0.05 s).
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

from feedgen_app.state import DIGEST, digest, digester

FORMAT = 7
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
"""What the planner reads of an article (`stages.placing`): its path as shown, its tags,
authors and section."""


@dataclass(frozen=True)
class KeptArticles:
    """The published articles of the kept plan, oldest first, a list for each field (of the
    objects the build holds anyway: 100,000 tuples of them held 9 MB more)."""

    rels: list[str]
    chromes: list[str | None]
    """The chrome applied to each one's file."""
    paths: list[str]
    """With the three below, each one's `Placing`."""
    tags: list[tuple[str, ...]]
    authors: list[tuple[str, ...]]
    sections: list[str | None]

    def fields(self) -> tuple[list[Any], ...]:
        return self.rels, self.chromes, self.paths, self.tags, self.authors, self.sections


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
    """Each document as `stages.kept_form` encodes it: its fields, its members' positions, key
    (a tuple when loaded; written as it is made)."""
    pages: tuple[tuple[Any, ...], ...]
    """Each page, encoded the same way."""
    published: Positions
    """The articles some document carries."""
    warnings: tuple[tuple[str, int, str, str], ...]
    """The plan's warnings: (path, line, message, severity)."""
    spans: tuple[tuple[str, str, str, int, int], ...] = ()
    """Each selection's kind, key, name, spellings and number of documents, in order
    (`plan.Span`)."""


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


def pack_articles(fields: Iterable[list[Any]]) -> bytes:
    """`KeptArticles`' `fields`, packed one after the other: each may be made when it is packed
    and let go before the next (at 100,000 articles a list is 0.8 MB, its packing 1-3 MB)."""
    packed = io.BytesIO()
    for field in fields:
        packed.writelines(_piece(field))
    return packed.getvalue()


def shared(values: list[Any]) -> list[Any]:
    """`values` with the equal ones one object, and so the names in equal tuples: `marshal`
    writes an object met again as a reference to it, and reads it back as one object. At
    100,000 articles the tags are 1,000 names: read back as 300,000 strings (and the authors as
    100,000) they took twice as long. (The articles `unpack_articles` gives share theirs.)"""
    one: dict[Any, Any] = {}
    share = one.setdefault

    def one_of(value: Any) -> Any:
        if type(value) is tuple:
            value = tuple([share(name, name) for name in value])
        return share(value, value)

    return list(map(one_of, values))


def unpack_articles(packed: bytes) -> KeptArticles | None:
    """The articles `pack_articles` packed, or None if they are not of its shape."""
    try:
        articles = KeptArticles(*map(marshal.loads, _pieces(memoryview(packed))))
    except (ValueError, EOFError, TypeError):  # too few or too many fields among them
        return None
    fields = articles.fields()
    if not all(isinstance(field, list) for field in fields):
        return None
    return articles if len(set(map(len, fields))) == 1 else None


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
    end = len(data) - DIGEST  # the body, then its seal (not copied: 22 MB at 100,000)
    if data[end:] != digest(memoryview(data)[:end]).encode():
        return None
    try:
        pieces = _pieces(memoryview(data)[:end])
        kind, placed, pages, published, warnings, spans = marshal.loads(next(pieces))
        digests, decisions = marshal.loads(next(pieces)), marshal.loads(next(pieces))
        articles = bytes(next(pieces))
        kept = KeptPlan(
            basis, placed, digests, decisions, articles, (), pages, published, warnings, spans
        )
        if kind != FORMAT or not usable(kept):
            return None
        documents = []
        for part in pieces:
            documents += marshal.loads(part)
    except (ValueError, EOFError, TypeError, StopIteration):
        return None
    return replace(kept, documents=tuple(documents))


def keep_plan(path: Path, kept: KeptPlan) -> None:
    """Keep `kept` at `path`, replacing what was there at once; its documents are written a
    part at a time as they are made."""
    from feedgen_app.stages.publish import write_streamed  # noqa: PLC0415 - only when kept

    def chunks() -> Iterator[bytes]:
        sealing = digester()
        head = (FORMAT, kept.placed, kept.pages, kept.published, kept.warnings, kept.spans)
        yield kept.basis.encode()
        large = map(_piece, (head, kept.digests, kept.decisions))  # one at a time: 3 MB each
        articles = _sized(kept.articles)  # not copied
        documents = map(_piece, _parts(kept.documents))
        for body in chain.from_iterable(chain(large, [articles], documents)):
            sealing.update(body)
            yield body
        yield sealing.hexdigest().encode()

    path.parent.mkdir(parents=True, exist_ok=True)
    write_streamed(path, chunks(), synced=False)  # a torn file is found out by its digest


PART = 1024
"""Documents marshalled at a time."""
_SIZE = 8
"""Bytes of a part's length, written before it."""


def _piece(value: Any) -> tuple[bytes, bytes]:
    """`value` as `marshal` writes it, after its length (version 4 shares what repeats in it:
    a part's titles and lists of places, the names of `_shared`)."""
    return _sized(marshal.dumps(value, 4))


def _sized(body: bytes) -> tuple[bytes, bytes]:
    return len(body).to_bytes(_SIZE, "little"), body


def _pieces(data: memoryview) -> Iterator[memoryview]:
    """The parts of `data` that `_piece` wrote, in order (not copied); EOFError if the last one
    is cut short."""
    at = 0
    while at < len(data):
        size = int.from_bytes(data[at : at + _SIZE], "little")
        at += _SIZE
        if at + size > len(data):
            raise EOFError
        yield data[at : at + size]
        at += size


def _parts(documents: Iterable[tuple[Any, ...]]) -> Iterator[tuple[tuple[Any, ...], ...]]:
    stream = iter(documents)
    while part := tuple(islice(stream, PART)):
        yield part
