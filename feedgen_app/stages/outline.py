"""What making the files needs of the plan (`Outline`): every planned file's key, and the
documents and pages themselves only for the files to be made again.

A feed family is planned from every published article. When the last family build's plan was
made from the same settings and the same decisions in the same order (`state.kept_plan`), it
is that plan: the outline is read from it, and only the documents and pages carrying an article
whose file's bytes changed are keyed again, from their members' rows. Otherwise the articles
are chosen and planned (`Publishing.chosen`, `plan.plan`), and the plan is kept for the next
build.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from itertools import chain
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any

from feedgen_app.errors import BuildFailed, Problem
from feedgen_app.model import ArchiveLinks
from feedgen_app.report import problem_from_json, problem_to_json
from feedgen_app.stages.assemble import Publishing, every_article, found_files
from feedgen_app.stages.decide import InputKeys
from feedgen_app.stages.discover import Discovered
from feedgen_app.stages.pages import FeedLink, Page, page_key
from feedgen_app.stages.plan import Chosen, Document, Plan, plan
from feedgen_app.stages.render import document_key
from feedgen_app.state import digest
from feedgen_app.state.article_store import ArticleStore, Placements
from feedgen_app.state.kept_plan import (
    DIGEST,
    KeptPlan,
    Positions,
    changed_places,
    keep_plan,
    load_kept_plan,
    numbers,
    positions,
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

    def planned() -> tuple[list[Chosen], Plan]:
        articles = publishing.chosen()
        made = plan(articles, publishing.config)
        if made.problems:
            raise BuildFailed(made.problems)
        return articles, made

    if not every_article(publishing.config):  # the newest few: planned at once
        return _of_plan(planned()[1], inputs)
    placements = publishing.placements()
    basis = digest(repr((inputs.settings, settings_key, placements.placed)).encode())
    members = _Members(publishing.store, publishing.files)
    kept = _from_kept(kept_at, basis, placements, members, inputs)
    if kept is not None:
        return kept
    articles, made_plan = planned()
    made = _of_plan(made_plan, inputs)
    if [found.rel for found, _ in articles] != placements.rels:  # not read in the same order
        return made
    digests = placements.digests  # not its paths: the articles' (8 MB at 100,000) are the same
    decisions = publishing.store.newest_decisions
    del placements

    def keep() -> None:
        keep_plan(kept_at, _kept(made_plan, made, basis, articles, (digests, decisions)))

    return replace(made, keep=keep)


def _from_kept(
    kept_at: Path, basis: str, placements: Placements, members: _Members, inputs: InputKeys
) -> Outline | None:
    """The outline of the plan kept at `kept_at`, if it was made from `basis` and few of its
    articles' files changed since; their documents and pages keyed again, and kept so."""
    rels, changed = placements.rels, set[int]()

    def usable(digests: str, decisions: str) -> bool:
        if len(digests) != len(placements.digests):
            return False
        changed.update(changed_places(digests, placements.digests))
        if len(changed) > max(CHANGED_FEW, CHANGED_AT_MOST * len(rels)):
            return False
        places = sorted(changed)
        now = members.store.decision_digests([rels[n] for n in places])
        # Not if one of them moved (its date, tags, id, ...): then it is planned anew.
        return now == [decisions[n * DIGEST : (n + 1) * DIGEST] for n in places]

    kept = load_kept_plan(kept_at, basis, usable)
    if kept is None:
        return None
    if not changed:
        return _of_kept(kept, rels, members)
    kept = _rekeyed(kept, changed, placements, members, inputs)
    return replace(_of_kept(kept, rels, members), keep=partial(keep_plan, kept_at, kept))


def _of_plan(planned: Plan, inputs: InputKeys) -> Outline:
    keys = {doc.path: document_key(doc, inputs) for doc in planned.documents}
    keys |= {page.path: page_key(page, inputs) for page in planned.pages}
    lists = {id(doc.members): doc.members for doc in planned.documents}.values()

    def at(paths: Collection[str]) -> Planned:
        docs = [doc for doc in planned.documents if doc.path in paths]
        return docs, [page for page in planned.pages if page.path in paths]

    return Outline(
        keys,
        lambda: ((doc.path, len(doc.members)) for doc in planned.documents),
        frozenset(map(_REL, map(_FOUND, chain.from_iterable(lists)))),  # in C: 570,000 pairs
        planned.warnings,
        at,
    )


def _kept(
    planned: Plan,
    made: Outline,
    basis: str,
    articles: Sequence[Chosen],
    digests: tuple[str, str],
) -> KeptPlan:
    """`planned` with its keys (`made`), its articles by their positions among `articles`;
    `digests`: their files' and their decisions' digests."""
    # By the article's object: the plan's lists hold the very pairs of `articles` (570,000
    # members at 100,000 articles, looked up in C).
    place = {id(pair): number for number, pair in enumerate(articles)}
    lists: dict[int, Positions] = {}

    def placed(members: tuple[Chosen, ...]) -> Positions:
        if id(members) not in lists:  # the formats of a feed share one list: kept once
            lists[id(members)] = positions(map(place.__getitem__, map(id, members)))
        return lists[id(members)]

    documents = (  # made as they are written
        (doc.path, doc.url, doc.format, doc.title, *_links(doc.archive), placed(doc.members),
         made.keys[doc.path])
        for doc in planned.documents
    )  # fmt: skip
    pages = tuple(
        (page.path, page.template, page.title, page.description,
         tuple((f.format, f.media_type, f.url, f.href) for f in page.feeds),
         placed(page.members), page.language, page.note, made.keys[page.path])
        for page in planned.pages
    )  # fmt: skip
    published = positions(n for n, (found, _) in enumerate(articles) if found.rel in made.published)
    warnings = tuple(tuple(problem_to_json(problem)) for problem in planned.warnings)
    return KeptPlan(basis, *digests, documents, pages, published, warnings)


_FOUND = itemgetter(0)
_REL = attrgetter("rel")


def _links(archive: ArchiveLinks) -> tuple[str | None, str | None, str | None]:
    return archive.current, archive.prev_archive, archive.next_archive


class _Members:
    """The articles at some positions of the newest-first list, read from their rows (checked)
    and found among the walk's files; each list of positions made into one tuple once."""

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
    return Document(path, url, fmt, title, members[positions], links)


def _page(item: tuple[Any, ...], members: _Members) -> Page:
    path, template, title, description, feeds, positions, language, note, _ = item
    links = tuple(FeedLink(*feed) for feed in feeds)
    return Page(path, template, title, description, links, members[positions], language, note)


def _planned_at(
    kept: KeptPlan, rels: Sequence[str], members: _Members, paths: Collection[str]
) -> Planned:
    """The kept plan's documents and pages at `paths`, their members read from their rows."""
    docs = [item for item in kept.documents if item[0] in paths]
    pages = [item for item in kept.pages if item[0] in paths]
    lists = [item[_DOCUMENT_MEMBERS] for item in docs] + [item[_PAGE_MEMBERS] for item in pages]
    members.resolve(rels, lists)
    return [_document(item, members) for item in docs], [_page(item, members) for item in pages]


def _rekeyed(
    kept: KeptPlan, changed: set[int], placements: Placements, members: _Members, inputs: InputKeys
) -> KeptPlan:
    """`kept` with the documents and pages that carry a `changed` article keyed again, and the
    files' digests of now."""
    documents, pages = kept.documents, kept.pages
    touched = {d[0] for d in documents if not changed.isdisjoint(numbers(d[_DOCUMENT_MEMBERS]))}
    touched |= {p[0] for p in pages if not changed.isdisjoint(numbers(p[_PAGE_MEMBERS]))}
    docs, kept_pages = _planned_at(kept, placements.rels, members, touched)
    keys = {doc.path: document_key(doc, inputs) for doc in docs}
    keys |= {page.path: page_key(page, inputs) for page in kept_pages}
    documents = tuple((*d[:-1], keys[d[0]]) if d[0] in keys else d for d in documents)
    pages = tuple((*p[:-1], keys[p[0]]) if p[0] in keys else p for p in pages)
    return replace(kept, digests=placements.digests, documents=documents, pages=pages)


def _of_kept(kept: KeptPlan, rels: Sequence[str], members: _Members) -> Outline:
    documents, pages = kept.documents, kept.pages
    return Outline(
        {item[0]: item[-1] for item in documents} | {item[0]: item[-1] for item in pages},
        lambda: ((item[0], len(numbers(item[_DOCUMENT_MEMBERS]))) for item in documents),
        frozenset(rels[n] for n in numbers(kept.published)),
        tuple(problem_from_json(list(note)) for note in kept.warnings),
        partial(_planned_at, kept, rels, members),
    )
