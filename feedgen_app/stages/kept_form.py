"""A plan in the form a kept plan holds it (`state.kept_plan`), and back: documents and pages
as tuples of their fields with their articles by their places (`Encoder`, `kept_of_plan`), and
the documents and pages at some paths made again from them, their articles read from their
checked rows (`Members`, `planned_at`), to be made or keyed (`keyed`)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Generic

from feedgen_app.errors import Problem
from feedgen_app.model import ArchiveLinks
from feedgen_app.report import problem_to_json
from feedgen_app.stages.assemble import found_files
from feedgen_app.stages.decide import Decided, InputKeys
from feedgen_app.stages.discover import Discovered, Found
from feedgen_app.stages.pages import FeedLink, Page, PageOf, page_key
from feedgen_app.stages.placing import Chosen, Member
from feedgen_app.stages.plan import Document, DocumentOf, Plan
from feedgen_app.stages.render import document_key
from feedgen_app.state import DIGEST
from feedgen_app.state.article_store import ArticleStore, Placements
from feedgen_app.state.kept_plan import (
    KeptPlan,
    Placing,
    Positions,
    numbers,
    pack_articles,
    positions,
    shared,
)

if TYPE_CHECKING:
    from feedgen_app.stages.outline import Outline

Planned = tuple[list[Document], list[Page]]
"""Documents and pages, in the plan's order."""


def placing(found: Found, decided: Decided) -> Placing:
    """What the planner reads of an article, as a kept plan holds it."""
    return found.path, decided.tags, decided.authors, decided.section


def reversed_digests(digests: str) -> str:
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


def kept_of_plan(  # noqa: PLR0917 - what the plan was made from, and of
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
    encoder = Encoder[Chosen](lambda members: map(place.__getitem__, map(id, members)))
    documents = ((*encoder.document(doc), made.keys[doc.path]) for doc in planned.documents)
    pages = tuple((*encoder.page(page), made.keys[page.path]) for page in planned.pages)
    oldest = articles[::-1]
    published = positions(n for n, (found, _) in enumerate(oldest) if found.rel in made.published)

    def fields() -> Iterator[list[Any]]:  # `KeptArticles`' fields, each made when packed
        yield [found.rel for found, _ in oldest]
        yield placements.chromes
        yield [found.path for found, _ in oldest]
        yield shared([decided.tags for _, decided in oldest])
        yield shared([decided.authors for _, decided in oldest])
        yield shared([decided.section for _, decided in oldest])

    return KeptPlan(
        basis, placements.placed, placements.digests, decisions, pack_articles(fields()),
        documents, pages, published, warnings_of(planned.warnings), planned.spans,
    )  # fmt: skip


class Encoder(Generic[Member]):
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


def warnings_of(problems: Iterable[Problem]) -> tuple[Any, ...]:
    return tuple(tuple(problem_to_json(problem)) for problem in problems)


class Members:
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
DOCUMENT_MEMBERS, PAGE_MEMBERS = 7, 5


def _document(item: tuple[Any, ...], members: Members) -> Document:
    path, url, fmt, title, current, prev_archive, next_archive, positions, _ = item
    links = ArchiveLinks(current, prev_archive, next_archive)
    return DocumentOf(path, url, fmt, title, members[positions], links)


def _page(item: tuple[Any, ...], members: Members) -> Page:
    path, template, title, description, feeds, positions, language, note, _ = item
    links = tuple(FeedLink(*feed) for feed in feeds)
    return PageOf(path, template, title, description, links, members[positions], language, note)


def planned_at(
    kept: KeptPlan, rels: Sequence[str], members: Members, paths: Collection[str]
) -> Planned:
    """The kept plan's documents and pages at `paths`, their members read from their rows."""
    docs = [item for item in kept.documents if item[0] in paths]
    pages = [item for item in kept.pages if item[0] in paths]
    lists = [item[DOCUMENT_MEMBERS] for item in docs] + [item[PAGE_MEMBERS] for item in pages]
    members.resolve(rels, lists)
    return [_document(item, members) for item in docs], [_page(item, members) for item in pages]


def carrying(kept: KeptPlan, changed: set[int]) -> set[str]:
    """The paths of `kept`'s documents and pages that carry an article at a `changed` place."""
    documents = [(d[0], d[DOCUMENT_MEMBERS]) for d in kept.documents]
    lists = documents + [(p[0], p[PAGE_MEMBERS]) for p in kept.pages]
    carries = {id(at): at for _, at in lists}  # the formats of a feed share their list: once
    hit = {key for key, at in carries.items() if not changed.isdisjoint(numbers(at))}
    return {path for path, at in lists if id(at) in hit}


def keyed(
    kept: KeptPlan, paths: set[str], rels: Sequence[str], members: Members, inputs: InputKeys
) -> KeptPlan:
    """`kept` with the documents and pages at `paths` keyed again, from their members' rows."""
    docs, pages = planned_at(kept, rels, members, paths)
    keys = {doc.path: document_key(doc, inputs) for doc in docs}
    keys |= {page.path: page_key(page, inputs) for page in pages}
    documents = tuple((*d[:-1], keys[d[0]]) if d[0] in keys else d for d in kept.documents)
    kept_pages = tuple((*p[:-1], keys[p[0]]) if p[0] in keys else p for p in kept.pages)
    return replace(kept, documents=documents, pages=kept_pages)
