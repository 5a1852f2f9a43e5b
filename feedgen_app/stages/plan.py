"""Planning the family of feeds: which documents to write, with which articles, at which URLs.

A feed is a selection of the published articles (the whole site, one tag, one author, one
section) in one format at one path. With `archive`, each feed also gets RFC 5005 archive pages
(section 4): page 1 holds the oldest `archive_page_size` articles, so a new article changes only
the newest page(s) and the subscription feed, never an older page. Planning sees only what was
decided for each article (`Decided`), never a body.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, Literal

from feedgen_app import urls
from feedgen_app.config import SiteConfig
from feedgen_app.errors import Problem, SourceRef, warning
from feedgen_app.model import ArchiveLinks
from feedgen_app.stages.pages import PageOf, plan_pages
from feedgen_app.stages.placing import Chosen, Member

Kind = Literal["site", "tag", "author", "section"]

RESERVED_FOLDERS = ("tags", "authors", "archive")
"""First-level folders of the output that the feed family uses itself."""


@dataclass(frozen=True)
class Selection(Generic[Member]):
    """The articles of one feed, newest first (every page of it, not just the newest)."""

    kind: Kind
    name: str
    """The tag, author or section as written (the site's title for the site)."""
    folder: str
    """Where its files go, relative to the output folder: "" or e.g. "tags/python/"."""
    members: tuple[Member, ...]
    spellings: int = 1
    """How many ways its name is written (more than one: a warning)."""


@dataclass(frozen=True, slots=True)
class DocumentOf(Generic[Member]):
    """One file to write: a selection's page in one format (34,770 of them in a family at
    100,000 articles: slots, no dictionary each)."""

    path: str
    """Relative to the output folder (and, percent-encoded, to `site_url`)."""
    url: str
    format: str
    title: str
    members: tuple[Member, ...]
    """The articles in this document, newest first."""
    archive: ArchiveLinks


Document = DocumentOf[Chosen]
"""A document of articles (made with `DocumentOf`: a frozen dataclass with slots cannot be made
through an alias of its generic)."""


Span = tuple[Kind, str, str, int, int]
"""A selection's place in a plan: its kind, key (its slug, its section's name, "" for the
site), name, how many ways the name is written, and how many documents it has (they follow
those of the selections before it; its subscribe page, if any, follows theirs in the same
way)."""


@dataclass(frozen=True)
class Plan(Generic[Member]):
    documents: tuple[DocumentOf[Member], ...]
    pages: tuple[PageOf[Member], ...]
    """The files for people beside the feeds (`stages.pages`)."""
    warnings: tuple[Problem, ...]
    problems: tuple[Problem, ...]
    """Errors: folders that collide with the feed family's own."""
    spans: tuple[Span, ...] = ()
    """Each selection's, in order: the site, the sections by name, the tags, the authors by
    slug (`stages.replan` plans a few of them again)."""


def plan(chosen: Sequence[Member], config: SiteConfig) -> Plan[Member]:
    """Every document the settings ask for; `chosen` is every published article, newest first."""
    notes: list[Problem] = []
    problems: list[Problem] = []
    selections = [Selection("site", config.title, "", tuple(chosen))]
    if config.section_feeds:
        selections += sections_of(chosen, problems)
    if config.tag_feeds:
        selections += grouped(chosen, "tag", "tags", notes)
    if config.author_feeds:
        selections += grouped(chosen, "author", "authors", notes)
    documents: list[DocumentOf[Member]] = []
    spans: list[Span] = []
    for selection in selections:
        made = list(documents_of(selection, config))
        documents += made
        key = selection_key(selection)
        spans.append((selection.kind, key, selection.name, selection.spellings, len(made)))
    pages = plan_pages(selections, config)
    problems += clashes([doc.path for doc in documents] + [page.path for page in pages])
    return Plan(tuple(documents), tuple(pages), tuple(notes), tuple(problems), tuple(spans))


def selection_key(selection: Selection[Member]) -> str:
    """What orders `selection` among those of its kind: its slug, or its section's name."""
    return selection.folder.rstrip("/").rpartition("/")[2]


def sections_of(chosen: Sequence[Member], problems: list[Problem]) -> list[Selection[Member]]:
    members: dict[str, list[Member]] = {}
    for pair in chosen:
        if pair[1].section is not None:
            members.setdefault(pair[1].section, []).append(pair)
    selections = []
    for name in sorted(members):
        if name in RESERVED_FOLDERS:
            first = min(found.path for found, _ in members[name])
            message = (
                f"the section folder {name!r} collides with the feed family's own "
                f"{name}/ folder (rename the folder, or turn section_feeds off)"
            )
            problems.append(Problem(SourceRef(first, 1), message))
            continue
        selections.append(Selection("section", name, f"{name}/", tuple(members[name])))
    return selections


def grouped(
    chosen: Sequence[Member], kind: Literal["tag", "author"], parent: str, notes: list[Problem]
) -> list[Selection[Member]]:
    """A selection per tag (or author) slug; names that make the same slug share one feed."""
    members: dict[str, list[Member]] = {}
    spellings: dict[str, dict[str, str]] = {}
    slugs: dict[str, str] = {}  # each name's slug made once: names repeat across articles
    for pair in chosen:
        names = pair[1].tags if kind == "tag" else pair[1].authors
        for name in names:
            if name not in slugs:  # the first article with this name: its spelling's source
                slug = slugs[name] = urls.name_slug(name)
                spellings.setdefault(slug, {})[name] = pair[0].path
        slugged = [slugs[name] for name in names]
        for slug in dict.fromkeys(slugged) if len(slugged) > 1 else slugged:  # each feed once
            if slug:
                members.setdefault(slug, []).append(pair)
    for name, path in sorted(spellings.pop("", {}).items()):
        message = f"the {kind} {name!r} has no letter or digit to name a feed by: it gets none"
        notes.append(warning(SourceRef(path), message))
    selections = []
    for slug in sorted(members):
        spelled = spellings[slug]
        name = min(spelled)
        if len(spelled) > 1:
            listed = ", ".join(f"{other!r} ({path})" for other, path in sorted(spelled.items()))
            message = f"the {kind}s {listed} make the same feed {parent}/{slug}/; titled {name!r}"
            notes.append(warning(SourceRef(min(spelled.values())), message))
        folder = f"{parent}/{slug}/"
        selections.append(Selection(kind, name, folder, tuple(members[slug]), len(spelled)))
    return selections


def documents_of(
    selection: Selection[Member], config: SiteConfig, from_page: int = 1
) -> Iterable[DocumentOf[Member]]:
    """The selection's documents, format by format: its current feed, then its archive pages
    from the oldest. `from_page`: the pages before it are left out (a replan that knows them to
    be the kept ones: `stages.replan_few`); the links of the others are as they would be."""
    title = config.title if selection.kind == "site" else f"{config.title} — {selection.name}"
    members = selection.members
    newest = members[: config.item_limit or len(members)]
    size, count, pages = config.archive_page_size, 0, []
    if config.archive:
        count = -(-len(members) // size)
        from_page = min(max(from_page, 1), max(count, 1))
        # the pages before `from_page` hold the oldest (from_page - 1) * size articles
        pages = _pages(members[: len(members) - (from_page - 1) * size], size)
    for fmt, file in config.feeds.items():
        current = _url(config, selection.folder + file)
        # Each page's URL made once and shared by its neighbours' links (34,770 documents at
        # 100,000 articles: a string each instead of three).
        urls_from = max(from_page - 1, 1)
        page_urls = {
            n: _page_url(config, selection.folder, n, file) for n in range(urls_from, count + 1)
        }
        yield DocumentOf(
            selection.folder + file,
            current,
            fmt,
            title,
            newest,
            ArchiveLinks(prev_archive=page_urls[count] if count else None),
        )
        for number, page in enumerate(pages, start=from_page):
            yield DocumentOf(
                _page_path(selection.folder, number, file),
                page_urls[number],
                fmt,
                title,
                page,
                ArchiveLinks(
                    current=current,
                    prev_archive=page_urls[number - 1] if number > 1 else None,
                    next_archive=page_urls[number + 1] if number < count else None,
                ),
            )


def _pages(members: Sequence[Member], size: int) -> list[tuple[Member, ...]]:
    """Archive pages, numbered from the oldest: page 1 holds the oldest `size` articles; each
    page lists its articles newest first."""
    oldest_first = list(reversed(members))
    chunks = [oldest_first[start : start + size] for start in range(0, len(oldest_first), size)]
    return [tuple(reversed(chunk)) for chunk in chunks]


def _page_path(folder: str, number: int, file: str) -> str:
    return f"{folder}archive/{number}/{file}"


def _page_url(config: SiteConfig, folder: str, number: int, file: str) -> str:
    return _url(config, _page_path(folder, number, file))


def _url(config: SiteConfig, path: str) -> str:
    return urls.absolute_url(config.site_url, path)


def clashes(planned: Sequence[str]) -> list[Problem]:
    """A planned file where another planned file needs a folder (a section named like a feed
    file, say), or two planned files at one path (a page named like a feed), cannot be
    written: name both."""
    paths = Counter(planned)
    problems = [
        Problem(SourceRef(path), f"{path} is planned twice (give the page or feed another name)")
        for path, times in sorted(paths.items())
        if times > 1
    ]
    for path in planned:  # relative paths without "//": each folder is what precedes a "/"
        folder = path.rpartition("/")[0]
        while folder:
            if folder in paths:
                message = f"{path} needs {folder} to be a folder, but it is also a planned file"
                problems.append(Problem(SourceRef(path), message))
                break
            folder = folder.rpartition("/")[0]
    return problems
