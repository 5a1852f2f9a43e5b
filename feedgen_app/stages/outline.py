"""What making the files needs of the plan (`Outline`): every planned file's key, and the
documents and pages themselves only for the files to be made again.

A feed family is planned from every published article. The last family build's plan is kept
(`state.kept_plan`) and used when few articles changed since:
- when the same articles are in the same order and the changed ones have the same decisions,
  it is that plan: only the documents and pages carrying them are keyed again, from their
  members' rows;
- when some moved (added, removed, redated, retagged), the plan is made again from what it
  holds of the articles that did not change and the rows of those that did (a few): every
  document and page with the same fields and articles keeps its key, the others are keyed
  again.
Otherwise the articles are chosen and planned from their rows (`Publishing.chosen`,
`plan.plan`). Either way the plan is kept for the next build.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from itertools import chain
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any, Generic, NamedTuple

from feedgen_app.config import SiteConfig
from feedgen_app.errors import BuildFailed, Problem
from feedgen_app.model import ArchiveLinks
from feedgen_app.report import problem_from_json, problem_to_json
from feedgen_app.stages.assemble import Publishing, every_article, found_files
from feedgen_app.stages.decide import Decided, InputKeys
from feedgen_app.stages.discover import Discovered, Found
from feedgen_app.stages.pages import FeedLink, Page, PageOf, page_key
from feedgen_app.stages.placing import Chosen, Grouping, Member, Shown, StandIn
from feedgen_app.stages.plan import Document, DocumentOf, Plan, plan
from feedgen_app.stages.render import document_key
from feedgen_app.state import digest
from feedgen_app.state.article_store import ArticleStore, Placements
from feedgen_app.state.kept_plan import (
    DIGEST,
    KeptArticles,
    KeptPlan,
    Placing,
    Positions,
    changed_places,
    keep_plan,
    load_kept_plan,
    numbers,
    pack_articles,
    positions,
    unpack_articles,
)

CHANGED_AT_MOST = 1 / 64
CHANGED_FEW = 16
"""The kept plan is used when at most this many articles' files changed, or that share of the
articles: each article is in a few feeds of a few dozen articles, whose members are read again
to key them; past that, planning anew costs less."""

Planned = tuple[list[Document], list[Page]]


@dataclass(frozen=True)
class Outline:
    keys: dict[str, str]
    """Every planned document's and page's key (`document_key`, `page_key`), by path, in the
    plan's order."""
    sizes: Callable[[], Iterator[tuple[str, int]]]
    """Each document's path and how many articles it carries, in the plan's order."""
    published: frozenset[str]
    """The articles some document carries (the rendered cache keeps theirs)."""
    warnings: tuple[Problem, ...]
    planned: Callable[[Collection[str]], Planned]
    """The documents and pages at some paths, in the plan's order."""
    keep: Callable[[], None] = lambda: None
    """Keep the plan for the next build (`state.kept_plan`), once this one is published: made
    after the files, its records (20 MB at 100,000 articles) do not add to the build's peak."""


def outline(
    publishing: Publishing, *, inputs: InputKeys, settings_key: str, kept_at: Path
) -> Outline:
    """The outline of the plan of this build's documents and pages; raises BuildFailed if
    they cannot be planned. `settings_key`: the key every decided row was decided under."""

    def planned() -> tuple[list[Chosen], Plan[Chosen]]:
        articles = publishing.chosen()
        made = plan(articles, publishing.config)
        if made.problems:
            raise BuildFailed(made.problems)
        return articles, made

    if not every_article(publishing.config):  # the newest few: planned at once
        return _of_plan(planned()[1], inputs)
    placements = publishing.placements()
    basis = digest(repr((inputs.settings, settings_key)).encode())
    members = _Members(publishing.store, publishing.files)
    config = publishing.config
    kept = _from_kept(kept_at, basis, placements, members=members, inputs=inputs, config=config)
    if kept is not None:
        return kept
    articles, made_plan = planned()
    made = _of_plan(made_plan, inputs)
    if [found.rel for found, _ in reversed(articles)] != placements.rels:  # not read alike
        return made
    store = publishing.store
    placements = placements._replace(rels=[])  # not its paths: the articles' (8 MB) are the same

    def keep() -> None:  # what it makes, after the build's peak
        decisions = _reversed(store.newest_decisions)
        keep_plan(kept_at, _kept(made_plan, made, basis, articles, placements, decisions))

    return replace(made, keep=keep)


def _from_kept(
    kept_at: Path,
    basis: str,
    placements: Placements,
    *,
    members: _Members,
    inputs: InputKeys,
    config: SiteConfig,
) -> Outline | None:
    """The outline of the plan kept at `kept_at`, if it was made from `basis` and few of its
    articles changed since: as it is, its documents and pages that carry a changed article
    keyed again, when none moved; else planned again from what it holds of the articles that
    did not change, and the documents and pages that differ from its own keyed again."""
    rels, changed = placements.rels, set[int]()
    most = max(CHANGED_FEW, CHANGED_AT_MOST * len(rels))
    moves: list[_Moves] = []

    def usable(head: KeptPlan) -> bool:
        if head.placed == placements.placed and _unmoved(head, placements, members, most, changed):
            return True
        changed.clear()
        moves.extend(filter(None, [_moves(head, placements, most)]))
        return bool(moves)

    kept = load_kept_plan(kept_at, basis, usable)
    if kept is None:
        return None
    if moves:
        replanned = _replanned(kept, moves[0], placements, members, inputs, config)
        return None if replanned is None else _kept_outline(replanned, kept_at, rels, members)
    if not changed:
        return _of_kept(kept, rels, members)
    kept = replace(kept, digests=placements.digests)
    kept = _keyed(kept, _carrying(kept, changed), rels, members, inputs)
    return _kept_outline(kept, kept_at, rels, members)


def _kept_outline(kept: KeptPlan, kept_at: Path, rels: Sequence[str], members: _Members) -> Outline:
    """The outline of `kept`, kept at `kept_at` once published."""
    return replace(_of_kept(kept, rels, members), keep=partial(keep_plan, kept_at, kept))


def _unmoved(
    kept: KeptPlan, placements: Placements, members: _Members, most: float, changed: set[int]
) -> bool:
    """Whether the articles whose files changed since `kept` (at most `most` of them, put in
    `changed`) have the decisions kept: with the same paths and chrome in the same order, no
    article then moved."""
    if len(kept.digests) != len(placements.digests):
        return False
    changed.update(changed_places(kept.digests, placements.digests))
    if len(changed) > most:
        return False
    places = sorted(changed)
    now = members.store.decision_digests([placements.rels[n] for n in places])
    return now == [kept.decisions[n * DIGEST : (n + 1) * DIGEST] for n in places]


class _Moves(NamedTuple):
    articles: KeptArticles
    """The kept plan's articles."""
    kept_at: list[int]
    """Each published article's place among them, or `FRESH` if its path, chrome or file is
    not the one kept there (its row is read)."""


FRESH = -1


def _moves(kept: KeptPlan, placements: Placements, most: float) -> _Moves | None:
    """Where each published article was in `kept`, if at most `most` of them are fresh."""
    articles = unpack_articles(kept.articles)
    if articles is None or len(articles.rels) * DIGEST != len(kept.digests):
        return None
    count, now = len(articles.rels), len(placements.rels)
    if (  # articles added after the others, the most common move: in C
        placements.digests.startswith(kept.digests)
        and placements.rels[:count] == articles.rels
        and placements.chromes[:count] == articles.chromes
    ):
        return (
            _Moves(articles, [*range(count), *[FRESH] * (now - count)])
            if now - count <= most
            else None
        )
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
    return _Moves(articles, kept_at)


def _replanned(  # noqa: PLR0917 - the parts of `_from_kept`'s
    kept: KeptPlan,
    moves: _Moves,
    placements: Placements,
    members: _Members,
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
    placings = [
        _placing(found[rels[n]], decided[rels[n]]) if at == FRESH else old.placing(at)
        for n, at in enumerate(moves.kept_at)
    ]
    stand_ins = [
        (Shown(p, n), Grouping(tags, authors, section))
        for n, (p, tags, authors, section) in enumerate(placings)
    ]
    made = plan(stand_ins[::-1], config)  # newest first
    if made.problems:
        return None
    encoder = _Encoder(_places)
    same = _Sameness(moves)
    was = {item[0]: item for item in kept.documents}
    documents = []
    for doc in made.documents:
        item, before = encoder.document(doc), was.get(doc.path)
        key = before[-1] if before and same(item, before, _DOCUMENT_MEMBERS) else ""
        documents.append((*item, key))
    carried = {n for members in encoder.lists.values() for n in numbers(members)}
    published = positions(sorted(carried))
    was = {item[0]: item for item in kept.pages}
    pages = []
    for page in made.pages:
        item, before = encoder.page(page), was.get(page.path)
        key = before[-1] if before and same(item, before, _PAGE_MEMBERS) else ""
        pages.append((*item, key))
    now = dict(zip(fresh_rels, members.store.decision_digests(fresh_rels), strict=True))
    decisions = "".join(
        kept.decisions[at * DIGEST : (at + 1) * DIGEST] if at != FRESH else now[rels[n]]
        for n, at in enumerate(moves.kept_at)
    )
    articles = KeptArticles.of(rels, placements.chromes, placings)
    replanned = KeptPlan(
        kept.basis, placements.placed, placements.digests, decisions,
        pack_articles(articles.fields()),
        tuple(documents), tuple(pages), published, _warnings(made.warnings),
    )  # fmt: skip
    unkeyed = {item[0] for item in chain(documents, pages) if not item[-1]}
    return _keyed(replanned, unkeyed, rels, members, inputs)


def _placing(found: Found, decided: Decided) -> Placing:
    return found.path, decided.tags, decided.authors, decided.section


def _places(members: tuple[StandIn, ...]) -> Iterator[int]:
    return map(_PLACE, map(_FIRST, members))


_PLACE = attrgetter("place")


def _reversed(digests: str) -> str:
    """Digests one after the other (`DIGEST` characters each), in the reverse order: made a
    block at a time (100,000 of them at once, by a list or a `StringIO`, took 12 MB at their
    peak; by blocks 6.5 MB, the result's 3.2 MB included)."""
    block = 4096 * DIGEST
    blocks = []
    for end in range(len(digests), 0, -block):
        part = digests[max(0, end - block) : end]
        blocks.append(
            "".join(reversed([part[at : at + DIGEST] for at in range(0, len(part), DIGEST)]))
        )
    return "".join(blocks)


class _Sameness:
    """Whether a document or page of the plan made again is the kept one: the same fields and
    the same articles, the kept places moved to the new. No kept place moves to a fresh
    article's (its file changed, or it is new): a list holding one is never the kept one."""

    def __init__(self, moves: _Moves) -> None:
        count = len(moves.articles.rels)
        self.new_at = array("I", [_NOWHERE]) * count
        for n, at in enumerate(moves.kept_at):
            if at != FRESH:
                self.new_at[at] = n
        self.unmoved = self.new_at == array("I", range(count))
        """Whether every kept article kept its place (articles were added after them): then
        the kept lists need no moving."""
        self.moved: dict[int, Positions] = {}

    def __call__(self, item: tuple[Any, ...], kept: tuple[Any, ...], members: int) -> bool:
        if item[:members] != kept[:members] or item[members + 1 :] != kept[members + 1 : -1]:
            return False
        moved: Positions | None = (
            kept[members] if self.unmoved else self.moved.get(id(kept[members]))
        )
        if moved is None:  # the formats of a feed share their list
            moved = positions(map(self.new_at.__getitem__, numbers(kept[members])))
            self.moved[id(kept[members])] = moved
        now: Positions = item[members]
        return moved == now


_NOWHERE = 2**32 - 1
"""The new place of a kept article that is no longer published (no place is this large)."""


def _of_plan(planned: Plan[Chosen], inputs: InputKeys) -> Outline:
    keys = {doc.path: document_key(doc, inputs) for doc in planned.documents}
    keys |= {page.path: page_key(page, inputs) for page in planned.pages}
    lists = {id(doc.members): doc.members for doc in planned.documents}.values()

    def at(paths: Collection[str]) -> Planned:
        docs = [doc for doc in planned.documents if doc.path in paths]
        return docs, [page for page in planned.pages if page.path in paths]

    return Outline(
        keys,
        lambda: ((doc.path, len(doc.members)) for doc in planned.documents),
        frozenset(map(_REL, map(_FIRST, chain.from_iterable(lists)))),  # in C: 570,000 pairs
        planned.warnings,
        at,
    )


def _kept(  # noqa: PLR0917 - what the plan was made from, and of
    planned: Plan[Chosen],
    made: Outline,
    basis: str,
    articles: Sequence[Chosen],
    placements: Placements,
    decisions: str,
) -> KeptPlan:
    """`planned` with its keys (`made`), its articles by their positions among `articles`;
    `placements`: their chrome and files' digests; `decisions`: their decisions' digests."""
    last = len(articles) - 1  # places count from the oldest
    place = {id(pair): last - n for n, pair in enumerate(articles)}
    encoder = _Encoder[Chosen](lambda members: map(place.__getitem__, map(id, members)))
    documents = ((*encoder.document(doc), made.keys[doc.path]) for doc in planned.documents)
    pages = tuple((*encoder.page(page), made.keys[page.path]) for page in planned.pages)
    oldest = articles[::-1]
    published = positions(n for n, (found, _) in enumerate(oldest) if found.rel in made.published)

    def fields() -> Iterator[list[Any]]:  # `KeptArticles`' fields, each made when packed
        yield [found.rel for found, _ in oldest]
        yield placements.chromes
        yield [found.path for found, _ in oldest]
        yield [decided.tags for _, decided in oldest]
        yield [decided.authors for _, decided in oldest]
        yield [decided.section for _, decided in oldest]

    return KeptPlan(
        basis, placements.placed, placements.digests, decisions, pack_articles(fields()),
        documents, pages, published, _warnings(planned.warnings),
    )  # fmt: skip


class _Encoder(Generic[Member]):
    """A plan's documents and pages as a kept plan holds them (without their keys), their
    articles by their `places` (570,000 members at 100,000 articles: looked up in C)."""

    def __init__(self, places: Callable[[tuple[Member, ...]], Iterator[int]]) -> None:
        self.places = places
        self.lists: dict[int, Positions] = {}

    def document(self, doc: DocumentOf[Member]) -> tuple[Any, ...]:
        archive = doc.archive
        links = archive.current, archive.prev_archive, archive.next_archive
        return (doc.path, doc.url, doc.format, doc.title, *links, self._placed(doc.members))

    def page(self, page: PageOf[Member]) -> tuple[Any, ...]:
        feeds = tuple((f.format, f.media_type, f.url, f.href) for f in page.feeds)
        return (page.path, page.template, page.title, page.description, feeds,
                self._placed(page.members), page.language, page.note)  # fmt: skip

    def _placed(self, members: tuple[Member, ...]) -> Positions:
        if id(members) not in self.lists:  # the formats of a feed share one list: kept once
            self.lists[id(members)] = positions(self.places(members))
        return self.lists[id(members)]


def _warnings(problems: Iterable[Problem]) -> tuple[Any, ...]:
    return tuple(tuple(problem_to_json(problem)) for problem in problems)


_FIRST = itemgetter(0)
_REL = attrgetter("rel")


class _Members:
    """The articles at some places (oldest first), read from their rows (checked) and found
    among the walk's files; each list of positions made into one tuple once."""

    def __init__(self, store: ArticleStore, files: Discovered) -> None:
        self.store, self.files = store, files
        self.lists: dict[int, tuple[Chosen, ...]] = {}

    def resolve(self, rels: Sequence[str], lists: Iterable[Positions]) -> None:
        wanted = {id(members): members for members in lists if id(members) not in self.lists}
        needed = sorted({rels[n] for members in wanted.values() for n in numbers(members)})
        decided = self.store.decisions(needed)
        found = found_files(self.files, needed)
        for key, members in wanted.items():
            self.lists[key] = tuple((found[rels[n]], decided[rels[n]]) for n in numbers(members))

    def __getitem__(self, members: Positions) -> tuple[Chosen, ...]:
        return self.lists[id(members)]


# A kept document: (path, url, format, title, current, prev_archive, next_archive, members,
# key); a kept page: (path, template, title, description, feeds, members, language, note, key).
_DOCUMENT_MEMBERS, _PAGE_MEMBERS = 7, 5


def _document(item: tuple[Any, ...], members: _Members) -> Document:
    path, url, fmt, title, current, prev_archive, next_archive, positions, _ = item
    links = ArchiveLinks(current, prev_archive, next_archive)
    return DocumentOf(path, url, fmt, title, members[positions], links)


def _page(item: tuple[Any, ...], members: _Members) -> Page:
    path, template, title, description, feeds, positions, language, note, _ = item
    links = tuple(FeedLink(*feed) for feed in feeds)
    return PageOf(path, template, title, description, links, members[positions], language, note)


def _planned_at(
    kept: KeptPlan, rels: Sequence[str], members: _Members, paths: Collection[str]
) -> Planned:
    """The kept plan's documents and pages at `paths`, their members read from their rows."""
    docs = [item for item in kept.documents if item[0] in paths]
    pages = [item for item in kept.pages if item[0] in paths]
    lists = [item[_DOCUMENT_MEMBERS] for item in docs] + [item[_PAGE_MEMBERS] for item in pages]
    members.resolve(rels, lists)
    return [_document(item, members) for item in docs], [_page(item, members) for item in pages]


def _carrying(kept: KeptPlan, changed: set[int]) -> set[str]:
    """The paths of `kept`'s documents and pages that carry an article at a `changed` place."""
    documents = ((d[0], d[_DOCUMENT_MEMBERS]) for d in kept.documents)
    pages = ((p[0], p[_PAGE_MEMBERS]) for p in kept.pages)
    return {path for path, at in chain(documents, pages) if not changed.isdisjoint(numbers(at))}


def _keyed(
    kept: KeptPlan, paths: set[str], rels: Sequence[str], members: _Members, inputs: InputKeys
) -> KeptPlan:
    """`kept` with the documents and pages at `paths` keyed again, from their members' rows."""
    docs, pages = _planned_at(kept, rels, members, paths)
    keys = {doc.path: document_key(doc, inputs) for doc in docs}
    keys |= {page.path: page_key(page, inputs) for page in pages}
    documents = tuple((*d[:-1], keys[d[0]]) if d[0] in keys else d for d in kept.documents)
    kept_pages = tuple((*p[:-1], keys[p[0]]) if p[0] in keys else p for p in kept.pages)
    return replace(kept, documents=documents, pages=kept_pages)


def _of_kept(kept: KeptPlan, rels: Sequence[str], members: _Members) -> Outline:
    documents, pages = kept.documents, kept.pages
    return Outline(
        {item[0]: item[-1] for item in documents} | {item[0]: item[-1] for item in pages},
        lambda: ((item[0], len(numbers(item[_DOCUMENT_MEMBERS]))) for item in documents),
        frozenset(rels[n] for n in numbers(kept.published)),
        tuple(problem_from_json(list(note)) for note in kept.warnings),
        partial(_planned_at, kept, rels, members),
    )
