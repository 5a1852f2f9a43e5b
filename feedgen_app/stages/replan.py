"""Planning again from a kept plan when articles moved (added, removed, redated, retagged, a
future one come due, a sibling's chrome learned): the planner (`stages.plan`) is given what the
kept plan holds of each article whose path, chrome and file are the kept ones, and the checked
rows of the others (the fresh ones, a few); each document and page with the kept fields and the
kept articles (their places moved to the new ones) keeps its key, the others are keyed again.
Where it can, only the selections the moved articles belong to are planned again, the others
kept (`stages.replan_few`).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from itertools import chain, compress, count, repeat
from operator import eq, ne
from typing import Any, NamedTuple

from feedgen_app.config import SiteConfig
from feedgen_app.stages.assemble import found_files
from feedgen_app.stages.decide import InputKeys
from feedgen_app.stages.kept_form import (
    DOCUMENT_MEMBERS,
    PAGE_MEMBERS,
    Encoder,
    Members,
    keyed,
    placing,
    warnings_of,
)
from feedgen_app.stages.placing import Grouping, Shown
from feedgen_app.stages.plan import plan
from feedgen_app.stages.replan_few import places, replanned_few
from feedgen_app.state import DIGEST
from feedgen_app.state.article_store import Placements
from feedgen_app.state.kept_plan import (
    KeptArticles,
    KeptPlan,
    Positions,
    changed_places,
    numbers,
    pack_articles,
    positions,
    unpack_articles,
)


class Moves(NamedTuple):
    articles: KeptArticles
    """The kept plan's articles."""
    kept_at: list[int]
    """Each published article's place among them, or `FRESH` if its path, chrome or file is
    not the one kept there (its row is read)."""


FRESH = -1


def moves_since(kept: KeptPlan, placements: Placements, most: float) -> Moves | None:
    """Where each published article was in `kept`, if at most `most` of them are fresh."""
    articles = unpack_articles(kept.articles)
    if articles is None or len(articles.rels) * DIGEST != len(kept.digests):
        return None
    count, now = len(articles.rels), len(placements.rels)
    if placements.rels[:count] == articles.rels:  # the kept articles in their places: in C
        # (articles added after the others, the most common move; or some retagged, redated
        # in place, their files changed)
        changed = changed_places(kept.digests, placements.digests[: count * DIGEST])
        if placements.chromes[:count] != articles.chromes:
            pairs = zip(placements.chromes[:count], articles.chromes, strict=True)
            changed.update(n for n, (chrome, was) in enumerate(pairs) if chrome != was)
        if len(changed) + now - count > most:
            return None
        kept_at = [*range(count), *[FRESH] * (now - count)]
        for n in changed:
            kept_at[n] = FRESH
        return Moves(articles, kept_at)
    was = {rel: n for n, rel in enumerate(articles.rels)}
    old, new, chromes = kept.digests, placements.digests, articles.chromes
    kept_at, fresh = [], 0
    for n, (rel, chrome) in enumerate(zip(placements.rels, placements.chromes, strict=True)):
        at = was.get(rel, FRESH)
        if at != FRESH and (
            chromes[at] != chrome
            or old[at * DIGEST : (at + 1) * DIGEST] != new[n * DIGEST : (n + 1) * DIGEST]
        ):
            at = FRESH
        fresh += at == FRESH
        if fresh > most:
            return None
        kept_at.append(at)
    return Moves(articles, kept_at)


def replanned(  # noqa: PLR0917 - the parts of `_from_kept`'s
    kept: KeptPlan,
    moves: Moves,
    placements: Placements,
    members: Members,
    inputs: InputKeys,
    config: SiteConfig,
) -> KeptPlan | None:
    """The plan made again from `kept`'s articles that did not move and the rows of those that
    did (None if it has problems: they are raised when it is made from the rows); each document
    and page that `kept` holds with the same fields and articles keeps its key."""
    rels, old = placements.rels, moves.articles
    fresh = [n for n, at in enumerate(moves.kept_at) if at == FRESH]
    fresh_rels = [rels[n] for n in fresh]
    decided = members.store.decisions(fresh_rels)
    found = found_files(members.files, fresh_rels)
    kept_fields = (old.paths, old.tags, old.authors, old.sections)
    paths, tags, authors, sections = (_taken(field, moves.kept_at) for field in kept_fields)
    for n in fresh:
        paths[n], tags[n], authors[n], sections[n] = placing(found[rels[n]], decided[rels[n]])
    shown = map(_new, repeat(Shown), zip(paths, count()))  # the stand-ins, made in C
    grouping = map(_new, repeat(Grouping), zip(tags, authors, sections, strict=True))
    stand_ins = list(zip(shown, grouping, strict=True))[::-1]  # newest first
    same = Sameness(moves)
    articles = KeptArticles(rels, placements.chromes, paths, tags, authors, sections)
    few = replanned_few(kept, old, articles, fresh, stand_ins, same, config)
    if few is not None:
        documents, pages, spans = few
        warnings = kept.warnings  # about names whose articles did not move
    else:
        made = plan(stand_ins, config)
        if made.problems:
            return None
        encoder = Encoder(places)
        documents = [encoder.document(doc) for doc in made.documents]
        documents = same.keys_kept(documents, kept.documents, DOCUMENT_MEMBERS)
        pages = [encoder.page(page) for page in made.pages]
        pages = same.keys_kept(pages, kept.pages, PAGE_MEMBERS)
        spans, warnings = made.spans, warnings_of(made.warnings)
    published = _carried(documents, len(rels), config)
    now = dict(zip(fresh_rels, members.store.decision_digests(fresh_rels), strict=True))
    if not same.shifted:  # the kept articles in their places, the fresh ones in theirs
        fresh_digests = [now[rels[n]] for n in fresh]
        decisions = _spliced(kept.decisions, len(old.rels), len(rels), fresh, fresh_digests)
    else:
        decisions = "".join(
            kept.decisions[at * DIGEST : (at + 1) * DIGEST] if at != FRESH else now[rels[n]]
            for n, at in enumerate(moves.kept_at)
        )
    replanned = KeptPlan(
        kept.basis, placements.placed, placements.digests, decisions,
        pack_articles(articles.fields()),
        tuple(documents), tuple(pages), published, warnings, spans,
    )  # fmt: skip
    unkeyed = {item[0] for item in chain(documents, pages) if not item[-1]}
    return keyed(replanned, unkeyed, rels, members, inputs)


def _carried(documents: Sequence[tuple[Any, ...]], count: int, config: SiteConfig) -> Positions:
    """The places of the `count` published articles that `documents` carry: with archives,
    every one (the site's archive lists them all: 600,000 places at 100,000 articles need not
    be gathered to know it, 0.03 s)."""
    if config.archive and config.feeds:
        return positions(range(count))
    lists = {id(item[DOCUMENT_MEMBERS]): item[DOCUMENT_MEMBERS] for item in documents}
    return positions(sorted(set(numbers(b"".join(lists.values())))))  # in C


def _spliced(
    kept: str, count: int, places: int, fresh: Sequence[int], digests: Sequence[str]
) -> str:
    """The `kept` digests of `count` places with those of the `fresh` places (ascending) put in
    theirs, for the `places` there are now: every other place is the kept article's own (none
    shifted), and a fresh place past the kept ones follows them."""
    parts, at = [], 0
    for place, digest in zip(fresh, digests, strict=True):
        if place >= count:
            break
        parts += [kept[at * DIGEST : place * DIGEST], digest]
        at = place + 1
    parts.append(kept[at * DIGEST : count * DIGEST])
    parts += [digest for place, digest in zip(fresh, digests, strict=True) if place >= count]
    return "".join(parts)[: places * DIGEST]


def _taken(kept: list[Any], kept_at: list[int]) -> list[Any]:
    """The `kept` value of each article at its kept place; a fresh one's to be filled in."""
    return list(map(kept.__getitem__, kept_at)) if kept else [None] * len(kept_at)


_new = tuple.__new__


class Sameness:
    """Whether a document or page of the plan made again is the kept one: the same fields and
    the same articles, the kept places moved to the new. No kept place moves to a fresh
    article's (its file changed, or it is new): a list holding one is never the kept one."""

    def __init__(self, moves: Moves) -> None:
        count = len(moves.articles.rels)
        self.new_at = array("I", [_NOWHERE]) * count
        for n, at in enumerate(moves.kept_at):
            if at != FRESH:
                self.new_at[at] = n
        elsewhere = list(compress(range(count), map(ne, self.new_at, range(count))))  # in C
        self.unmoved = not elsewhere
        """Whether every kept article kept its place (articles were added after them): then
        the kept lists need no moving."""
        self.shifted = any(self.new_at[at] != _NOWHERE for at in elsewhere)
        """Whether some kept article that is still here is at another place: if not, a kept
        list without a gone article (`gone`) needs no moving."""
        self.moved: dict[int, Positions] = {}

    def keys_kept(
        self, items: list[tuple[Any, ...]], kept: Iterable[tuple[Any, ...]], members: int
    ) -> list[tuple[Any, ...]]:
        """`items` (documents or pages, their members at `members`) each with the key of the
        `kept` one at its path if it is the same, else with none (an empty key)."""
        was = {item[0]: item for item in kept}
        return [(*item, self._key(item, was.get(item[0]), members)) for item in items]

    def _key(self, item: tuple[Any, ...], kept: tuple[Any, ...] | None, members: int) -> str:
        return kept[-1] if kept is not None and self(item, kept, members) else ""

    def __call__(self, item: tuple[Any, ...], kept: tuple[Any, ...], members: int) -> bool:
        if item[:members] != kept[:members] or item[members + 1 :] != kept[members + 1 : -1]:
            return False
        now: Positions = item[members]
        return self.moved_places(kept[members]) == now

    def moved_places(self, kept: Positions) -> Positions:
        """The `kept` places moved to the new ones (the list itself when none moved)."""
        if self.unmoved:
            return kept
        moved = self.moved.get(id(kept))
        if moved is None:  # the formats of a feed share their list: moved once
            moved = self.moved[id(kept)] = positions(map(self.new_at.__getitem__, numbers(kept)))
        return moved

    def kept_places(self, kept: Positions) -> Positions:
        """The places of a kept list without a gone article, moved to the new ones."""
        return self.moved_places(kept) if self.shifted else kept

    def gone(self) -> list[int]:
        """The kept places whose articles are not where they were: removed, or fresh."""
        return list(compress(range(len(self.new_at)), map(eq, self.new_at, repeat(_NOWHERE))))


_NOWHERE = 2**32 - 1
"""The new place of a kept article that is no longer published (no place is this large)."""
