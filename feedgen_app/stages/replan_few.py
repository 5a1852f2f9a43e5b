"""Planning again only the selections that moved articles belong to (`stages.replan`): the
site, and the sections, tags and authors of the articles that changed, came or went, as they
were and as they are. Every other selection has the same articles in the same order, so its
documents and subscribe page are the kept ones, their places moved to the new. Of the site,
nothing is planned again when every article kept its place (`_in_place`), and only its last
archive pages when articles were only added after the others (`_appended_from`).

Used only where that gives what planning every article gives: the kept plan says where each
selection's documents are (`KeptPlan.spans`), and the names of the moved articles (as they
were and as they are) bring no warning and had none: none makes no feed, and each is the one
spelling of its feed's name. The plan's warnings are then the kept ones: they are about names
whose articles did not move. Nor may a moved article's section be named like the family's own
folders. Otherwise, or if any files clash, every article is planned (`plan.plan`). At 100,000
articles that took 0.36 s, and comparing every document with the kept one 0.18 s; planning
the few selections and comparing theirs, 0.12 s.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import compress
from operator import itemgetter, not_
from typing import TYPE_CHECKING, Any

from feedgen_app import urls
from feedgen_app.config import SiteConfig
from feedgen_app.errors import Problem
from feedgen_app.stages.kept_form import DOCUMENT_MEMBERS, PAGE_MEMBERS, Encoder
from feedgen_app.stages.pages import plan_pages
from feedgen_app.stages.placing import StandIn
from feedgen_app.stages.plan import (
    RESERVED_FOLDERS,
    Selection,
    clashes,
    documents_of,
    grouped,
    sections_of,
    selection_key,
)
from feedgen_app.state.kept_plan import KeptArticles, KeptPlan, numbers

if TYPE_CHECKING:
    from feedgen_app.stages.replan import Sameness

Item = tuple[Any, ...]
"""A document or page as a kept plan holds it (`stages.kept_form`)."""
KeptSpan = tuple[str, str, str, int, int]
"""A selection's span (`plan.Span`) as a kept plan holds it."""
Replanned = tuple[list[Item], list[Item], tuple[KeptSpan, ...]]
"""Documents and pages (each with its key, or "" where it differs from the kept one), and the
spans of their selections."""


def replanned_few(  # noqa: PLR0917 - what `replan.replanned` made of the kept plan
    kept: KeptPlan,
    old: KeptArticles,
    now: KeptArticles,
    fresh: Sequence[int],
    stand_ins: list[StandIn],
    same: Sameness,
    config: SiteConfig,
) -> Replanned | None:
    """The plan of `stand_ins` (newest first; `now` their fields, oldest first, `fresh` the
    places of those not kept), from `kept` (`old` its articles) and its selections the moved
    articles belong to planned again; None where planning every article is needed."""
    if not kept.spans:
        return None
    affected = _affected(kept.spans, old, now, config, gone=same.gone(), fresh=fresh)
    if affected is None:
        return None
    names, keys = affected
    subset = _having(stand_ins, names["tag"], names["author"], keys["section"])
    # The subset's other names may warn (spelled two ways, making no feed): as the kept plan
    # says, since their articles did not move.
    problems: list[Problem] = []
    in_place = _in_place(old.rels, now.rels, fresh, same)
    selections: dict[tuple[str, str], Selection[StandIn]] = {}
    if in_place is None:
        selections["site", ""] = Selection("site", config.title, "", tuple(stand_ins))
    selections |= _keyed(sections_of(subset, problems), keys["section"])
    selections |= _keyed(grouped(subset, "tag", "tags", []), keys["tag"])
    selections |= _keyed(grouped(subset, "author", "authors", []), keys["author"])
    if problems or any(selection.spellings > 1 for selection in selections.values()):
        return None
    made = _Merged(kept, same, config)
    if made.where is None:
        return None
    made.site_from = _appended_from(kept.spans, same, config)
    made.merge(_order(kept.spans, keys), selections, keys, in_place or frozenset())
    made.pages += made.kept_pages[len(kept.spans) if config.subscribe_page else 0 :]
    if _clash(made, kept):
        return None
    return made.documents, made.pages, tuple(made.spans)


def _clash(made: _Merged, kept: KeptPlan) -> bool:
    """Whether planned files clash (`plan.clashes`). The kept plan's did not (a plan with
    problems is never kept), so the same files cannot: not asked then (0.03 s at 100,000)."""
    paths = [item[0] for item in made.documents] + [item[0] for item in made.pages]
    return paths != [item[0] for item in (*kept.documents, *kept.pages)] and bool(clashes(paths))


def _appended_from(spans: Sequence[KeptSpan], same: Sameness, config: SiteConfig) -> int:
    """The first of the site's archive pages to plan again: where articles were only added
    after every kept one (none gone, none changed, none moved), its last kept page (which they
    fill, or which gains a next page) and those after it; the pages before are the kept ones.
    Else 1: every page (0.065 s at 100,000 articles, of which 2,000 pages are kept)."""
    if not same.unmoved or not config.archive or not config.feeds or spans[0][0] != "site":
        return 1
    per_format = spans[0][4] // len(config.feeds)  # the current feed and each page
    return max(per_format - 1, 1)


def _in_place(
    old: Sequence[str], now: Sequence[str], fresh: Sequence[int], same: Sameness
) -> frozenset[int] | None:
    """The `fresh` places, if each holds the article it held in the kept plan and every other
    article is in its kept place (articles retagged, or redated without passing another): the
    site then lists the same articles in the same order, and its kept documents are the plan's,
    those that list a fresh article keyed again. None if any article came, went or moved
    (the site is planned again: 0.065 s at 100,000 articles)."""
    if same.shifted or len(old) != len(now) or any(old[n] != now[n] for n in fresh):
        return None
    return frozenset(fresh)


def _affected(
    spans: Sequence[KeptSpan],
    old: KeptArticles,
    now: KeptArticles,
    config: SiteConfig,
    *,
    gone: Sequence[int],
    fresh: Sequence[int],
) -> tuple[dict[str, set[str]], dict[str, set[str]]] | None:
    """The names whose articles are read again (by kind) and the keys of the selections planned
    again (by kind); None if the moved articles bring a warning or a problem."""
    kept = {(kind, key): (name, spellings) for kind, key, name, spellings, _ in spans}
    names: dict[str, set[str]] = {"tag": set(), "author": set()}
    keys: dict[str, set[str]] = {"section": set(), "tag": set(), "author": set()}
    for kind, on, was, are in (
        ("tag", config.tag_feeds, old.tags, now.tags),
        ("author", config.author_feeds, old.authors, now.authors),
    ):
        if not on:
            continue
        moved = {name for at in gone for name in was[at]} | {n for at in fresh for n in are[at]}
        spelled: dict[str, str] = {}
        for name in moved:
            slug = urls.name_slug(name)
            if not slug or spelled.setdefault(slug, name) != name:
                return None  # no feed for it, or two spellings of one feed's name: a warning
            if kept.get((kind, slug), (name, 1)) != (name, 1):
                return None  # another spelling kept, or more than one
        names[kind], keys[kind] = moved, set(spelled)
    if config.section_feeds:
        sections = {old.sections[at] for at in gone} | {now.sections[at] for at in fresh}
        keys["section"] = {name for name in sections if name is not None}
        if keys["section"] & set(RESERVED_FOLDERS):
            return None
    return names, keys


def _having(
    stand_ins: list[StandIn], tags: set[str], authors: set[str], sections: set[str]
) -> list[StandIn]:
    """Those of `stand_ins` with one of `tags` or `authors`, or in one of `sections`, in order
    (asked in C: 100,000 stand-ins, 0.03 s in a comprehension)."""
    groupings = list(map(_GROUPING, stand_ins))
    picks: list[Iterator[bool]] = []
    if tags:
        picks.append(map(not_, map(tags.isdisjoint, map(_TAGS, groupings))))
    if authors:
        picks.append(map(not_, map(authors.isdisjoint, map(_AUTHORS, groupings))))
    if sections:
        picks.append(map(sections.__contains__, map(_SECTION, groupings)))
    if not picks:
        return []
    chosen = picks[0] if len(picks) == 1 else map(any, zip(*picks, strict=True))
    return list(compress(stand_ins, chosen))


_GROUPING = itemgetter(1)
_TAGS, _AUTHORS, _SECTION = itemgetter(0), itemgetter(1), itemgetter(2)  # a `Grouping`'s


def _keyed(
    selections: list[Selection[StandIn]], keys: set[str]
) -> dict[tuple[str, str], Selection[StandIn]]:
    """Those of `selections` with one of `keys`, by kind and key."""
    wanted = ((selection.kind, selection_key(selection), selection) for selection in selections)
    return {(kind, key): selection for kind, key, selection in wanted if key in keys}


def _order(spans: Sequence[KeptSpan], keys: dict[str, set[str]]) -> Iterator[tuple[str, str]]:
    """The selections in the plan's order (`plan.plan`): the site, then the sections, tags and
    authors by key, kept or planned again."""
    yield "site", ""
    for kind in ("section", "tag", "author"):
        known = {key for of, key, *_ in spans if of == kind} | keys[kind]
        yield from ((kind, key) for key in sorted(known))


class _Merged:
    """The documents and pages of the plan, selection by selection: the kept ones, or those of
    a selection planned again (keyed as the kept ones where they are the same)."""

    def __init__(self, kept: KeptPlan, same: Sameness, config: SiteConfig) -> None:
        self.same, self.config = same, config
        self.kept_documents = tuple(kept.documents)
        self.kept_pages = kept.pages
        self.spans_kept = {(span[0], span[1]): span for span in kept.spans}
        self.where: dict[tuple[str, str], tuple[int, int, int]] | None = {}
        """Each kept selection's documents (from, to) and number; None if the kept plan's
        documents and pages are not as its spans say."""
        start = 0
        for number, (kind, key, *_, count) in enumerate(kept.spans):
            self.where[kind, key] = (start, start + count, number)
            start += count
        pages = len(kept.spans) if config.subscribe_page else 0
        if start != len(self.kept_documents) or len(kept.pages) < pages:
            self.where = None
        self.documents: list[Item] = []
        self.pages: list[Item] = []
        self.spans: list[KeptSpan] = []
        self.site_from = 1
        """The first of the site's archive pages to plan again (`_appended_from`)."""

    def merge(
        self,
        order: Iterable[tuple[str, str]],
        selections: Mapping[tuple[str, str], Selection[StandIn]],
        keys: Mapping[str, set[str]],
        fresh: frozenset[int],
    ) -> None:
        """Each selection in `order`: planned again if in `selections`, else kept (the site's
        documents listing one of the `fresh` places keyed again), unless it is affected (by
        `keys`) and has no articles left: then it is gone."""
        for kind, key in order:
            selection = selections.get((kind, key))
            if selection is not None:
                self.planned(selection)
            elif kind == "site":
                self.kept(kind, key, fresh=fresh)
            elif key not in keys[kind]:
                self.kept(kind, key)

    def kept(self, kind: str, key: str, *, fresh: frozenset[int] = frozenset()) -> None:
        """The kept selection's documents and page, their places moved; those that list one
        of the `fresh` places (articles changed in their places: `_in_place`) keyed again."""
        assert self.where is not None
        start, end, number = self.where[kind, key]
        moved = self.same.kept_places  # no gone article in them but `fresh` ones, in place
        if not fresh and not self.same.shifted:  # every list as kept (1,100 selections)
            self.documents += self.kept_documents[start:end]
            if self.config.subscribe_page:
                self.pages.append(self.kept_pages[number])
            self.spans.append(self.spans_kept[kind, key])
            return
        for was in self.kept_documents[start:end]:
            item = _with(was, DOCUMENT_MEMBERS, moved(was[DOCUMENT_MEMBERS]))
            self.documents.append(_unkeyed(item, DOCUMENT_MEMBERS, fresh))
        if self.config.subscribe_page:
            was = self.kept_pages[number]
            page = _with(was, PAGE_MEMBERS, moved(was[PAGE_MEMBERS]))
            self.pages.append(_unkeyed(page, PAGE_MEMBERS, fresh))
        self.spans.append(self.spans_kept[kind, key])

    def planned(self, selection: Selection[StandIn]) -> None:
        assert self.where is not None
        kind, key = selection.kind, selection_key(selection)
        start, end, number = self.where.get((kind, key), (0, 0, -1))
        # An encoder knows a list of members by its `id`: one a selection, whose documents and
        # page are held while it lives (a list let go may leave its `id` to another).
        encoder = Encoder[StandIn](places)
        from_page = self.site_from if kind == "site" else 1
        planned = list(documents_of(selection, self.config, from_page))
        documents = [encoder.document(doc) for doc in planned]
        kept = self.kept_documents[start:end]
        documents = self.same.keys_kept(documents, kept, DOCUMENT_MEMBERS)
        if from_page > 1:  # the kept pages before it, in each format's place
            documents = _with_kept_pages(documents, kept, from_page, len(self.config.feeds))
        self.documents += documents
        if self.config.subscribe_page:
            [page] = plan_pages([selection], self.config)[:1]
            was = [self.kept_pages[number]] if number >= 0 else []
            self.pages += self.same.keys_kept([encoder.page(page)], was, PAGE_MEMBERS)
        self.spans.append((kind, key, selection.name, selection.spellings, len(documents)))


def _with_kept_pages(
    planned: list[Item], kept: Sequence[Item], from_page: int, formats: int
) -> list[Item]:
    """Each format's current feed and its pages from `from_page` (`planned`), with the `kept`
    pages before it between them (every list as kept: `_appended_from`)."""
    new, was = len(planned) // formats, len(kept) // formats
    merged = []
    for n in range(formats):
        own = planned[n * new : (n + 1) * new]
        merged += [own[0], *kept[n * was + 1 : n * was + from_page], *own[1:]]
    return merged


def _unkeyed(item: Item, members: int, fresh: frozenset[int]) -> Item:
    """`item` without its key if it lists one of the `fresh` places."""
    if not fresh or fresh.isdisjoint(numbers(item[members])):
        return item
    return (*item[:-1], "")


def _with(item: Item, members: int, places: bytes) -> Item:
    return item if item[members] is places else (*item[:members], places, *item[members + 1 :])


def places(members: tuple[StandIn, ...]) -> Iterator[int]:
    """The places of `members` (in C: 570,000 members at 100,000 articles)."""
    return map(_PLACE, map(_FIRST, members))


_FIRST, _PLACE = itemgetter(0), itemgetter(1)  # a stand-in's `Shown`, its `place`
