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

from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from itertools import chain
from operator import attrgetter, itemgetter
from pathlib import Path

from feedgen_app.config import SiteConfig
from feedgen_app.errors import BuildFailed, Problem
from feedgen_app.report import problem_from_json
from feedgen_app.stages.assemble import Publishing, every_article
from feedgen_app.stages.decide import InputKeys
from feedgen_app.stages.kept_form import (
    DOCUMENT_MEMBERS,
    Members,
    Planned,
    carrying,
    kept_of_plan,
    keyed,
    planned_at,
    reversed_digests,
)
from feedgen_app.stages.pages import page_key
from feedgen_app.stages.placing import Chosen
from feedgen_app.stages.plan import Plan, plan
from feedgen_app.stages.render import document_key
from feedgen_app.stages.replan import Moves, moves_since, replanned
from feedgen_app.state import DIGEST, digest
from feedgen_app.state.article_store import Placements
from feedgen_app.state.kept_plan import (
    KeptPlan,
    changed_places,
    keep_plan,
    load_kept_plan,
    numbers,
)

CHANGED_AT_MOST = 1 / 64
CHANGED_FEW = 16
"""The kept plan is used when at most this many articles' files changed, or that share of the
articles: each article is in a few feeds of a few dozen articles, whose members are read again
to key them; past that, planning anew costs less."""


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
    publishing: Publishing, *, inputs: InputKeys, settings_key: str, kept_at: Path, reuse: bool
) -> Outline:
    """The outline of the plan of this build's documents and pages; raises BuildFailed if
    they cannot be planned. `settings_key`: the key every decided row was decided under.
    `reuse`: whether the plan kept at `kept_at` may be used; not when most files are to be made
    again (the last build's manifest lost, the output folder emptied): planning then costs
    little beside making them, and the kept plan's records would add to the build's peak (at
    100,000 articles with the output folder emptied: 338 MB; planned from the rows, and the
    last build's records of the files gone forgotten, 288 MB)."""

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
    members = Members(publishing.store, publishing.files)
    config = publishing.config
    kept = (
        _from_kept(kept_at, basis, placements, members=members, inputs=inputs, config=config)
        if reuse
        else None
    )
    if kept is not None:
        return kept
    articles, made_plan = planned()
    made = _of_plan(made_plan, inputs)
    if [found.rel for found, _ in reversed(articles)] != placements.rels:  # not read alike
        return made
    store = publishing.store
    placements = placements._replace(rels=[])  # not its paths: the articles' (8 MB) are the same

    def keep() -> None:  # what it makes, after the build's peak
        decisions = reversed_digests(store.newest_decisions)
        keep_plan(kept_at, kept_of_plan(made_plan, made, basis, articles, placements, decisions))

    return replace(made, keep=keep)


def _from_kept(
    kept_at: Path,
    basis: str,
    placements: Placements,
    *,
    members: Members,
    inputs: InputKeys,
    config: SiteConfig,
) -> Outline | None:
    """The outline of the plan kept at `kept_at`, if it was made from `basis` and few of its
    articles changed since: as it is, its documents and pages that carry a changed article
    keyed again, when none moved; else planned again from what it holds of the articles that
    did not change, and the documents and pages that differ from its own keyed again."""
    rels, changed = placements.rels, set[int]()
    most = max(CHANGED_FEW, CHANGED_AT_MOST * len(rels))
    moves: list[Moves] = []

    def usable(head: KeptPlan) -> bool:
        if head.placed == placements.placed and _unmoved(head, placements, members, most, changed):
            return True
        changed.clear()
        moves.extend(filter(None, [moves_since(head, placements, most)]))
        return bool(moves)

    kept = load_kept_plan(kept_at, basis, usable)
    if kept is None:
        return None
    if moves:
        again = replanned(kept, moves[0], placements, members, inputs, config)
        return None if again is None else _kept_outline(again, kept_at, rels, members)
    if not changed:
        return _of_kept(kept, rels, members)
    kept = replace(kept, digests=placements.digests)
    kept = keyed(kept, carrying(kept, changed), rels, members, inputs)
    return _kept_outline(kept, kept_at, rels, members)


def _kept_outline(kept: KeptPlan, kept_at: Path, rels: Sequence[str], members: Members) -> Outline:
    """The outline of `kept`, kept at `kept_at` once published."""
    return replace(_of_kept(kept, rels, members), keep=partial(keep_plan, kept_at, kept))


def _unmoved(
    kept: KeptPlan, placements: Placements, members: Members, most: float, changed: set[int]
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


_FIRST = itemgetter(0)
_REL = attrgetter("rel")


def _of_kept(kept: KeptPlan, rels: Sequence[str], members: Members) -> Outline:
    documents, pages = kept.documents, kept.pages
    return Outline(
        {item[0]: item[-1] for item in documents} | {item[0]: item[-1] for item in pages},
        lambda: ((item[0], len(numbers(item[DOCUMENT_MEMBERS]))) for item in documents),
        frozenset(map(rels.__getitem__, numbers(kept.published))),  # in C: 100,000
        tuple(problem_from_json(list(note)) for note in kept.warnings),
        partial(planned_at, kept, rels, members),
    )
