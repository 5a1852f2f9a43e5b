"""A moved article's selections planned again, the others kept (`stages.replan_few`): each
build equals a build from nothing, in its files and in the manifest's record of them; where the
moved articles would bring a warning, every article is planned instead."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

import feedgen_app.stages.replan as replan_module
import feedgen_app.stages.replan_few as replan_few_module
from feedgen_app import pipeline
from feedgen_app.config import SiteConfig
from feedgen_app.stages.placing import StandIn
from feedgen_app.stages.plan import Selection
from tests.conftest import Site
from tests.renders import counted_renders
from tests.test_kept_plan import FAMILY as KEPT_PLAN_FAMILY
from tests.test_kept_plan import NOW, _article, _as_from_nothing, _edit, _later

FAMILY = KEPT_PLAN_FAMILY + "item_limit = 3\n"


@pytest.fixture
def family(site: Site, monkeypatch: pytest.MonkeyPatch) -> Site:
    """Ten articles in two sections, three tags and two authors, one in the future; one tag
    spelled two ways (a warning, which the plan keeps while no moved article has the tag)."""
    site.settings += FAMILY
    monkeypatch.setattr(pipeline, "current_time", lambda: NOW)
    for n in range(1, 8):
        tags = "Feeds, Python" if n % 2 else "Feeds"
        _article(
            site, f"{'notes' if n < 5 else 'posts'}/a{n}.md", n, tags, "Ann" if n % 3 else "Bob"
        )
    _article(site, "posts/later.md", 20, "Feeds", "Ann")  # in the future until the 20th
    _article(site, "posts/r1.md", 5, "Rust", "Ann")
    _article(site, "notes/r2.md", 6, "rust", "Bob")
    return site


def _few_used(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each replanning planned a few selections again (True) or every article."""
    used: list[bool] = []
    few = replan_module.replanned_few

    def spy(*args: object) -> object:
        made = few(*args)  # type: ignore[arg-type]
        used.append(made is not None)
        return made

    monkeypatch.setattr(replan_module, "replanned_few", spy)
    return used


Move = Callable[[Site, pytest.MonkeyPatch], object]
FEW: dict[str, Move] = {
    "an article added after the others": lambda s, _: _article(
        s, "posts/a9.md", 9, "Python", "Ann"
    ),
    "an article added among them": lambda s, _: _article(s, "notes/b.md", 2, "Feeds", "Bob"),
    "a new tag": lambda s, _: _edit(s, "notes/a2.md", "[Feeds]", "[Feeds, Go]"),
    "a tag's last article retagged": lambda s, _: (
        _edit(s, "notes/a2.md", "[Feeds]", "[Feeds, Go]"),
        s.build(),
        _edit(s, "notes/a2.md", "[Feeds, Go]", "[Feeds]"),
    ),
    "an old article removed (the places move)": lambda s, _: (s.items / "notes/a1.md").unlink(),
    "the newest article removed": lambda s, _: (s.items / "posts/a7.md").unlink(),
    "the date": lambda s, _: _edit(s, "notes/a3.md", "03-03T12", "03-06T18"),
    "the date, passing no other": lambda s, _: _edit(s, "notes/a3.md", "03-03T12", "03-03T18"),
    "the author": lambda s, _: _edit(s, "notes/a3.md", "author: Bob", "author: Cy"),
    "the section": lambda s, _: (s.items / "notes/a2.md").rename(s.items / "posts/a2.md"),
    "a draft": lambda s, _: _edit(s, "notes/a4.md", "author: Ann", "author: Ann\ndraft: true"),
    "a future article come due": _later,
    "two at once": lambda s, _: (
        _article(s, "posts/a9.md", 9, "Go", "Dee"),
        (s.items / "notes/a1.md").unlink(),
    ),
}
EVERY: dict[str, Move] = {
    "a tag spelled another way": lambda s, _: _edit(s, "notes/a2.md", "[Feeds]", "[feeds]"),
    "a tag that makes no feed": lambda s, _: _edit(s, "notes/a2.md", "[Feeds]", "[Feeds, ++]"),
    "a tag spelled two ways already": lambda s, _: _edit(s, "posts/r1.md", "03-05T", "03-07T"),
    "an article with it added": lambda s, _: _article(s, "posts/a9.md", 9, "Rust", "Ann"),
}


@pytest.mark.parametrize("name", [*FEW, *EVERY])
def test_a_moved_article_replans_its_selections_alone(
    family: Site, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    assert family.build().code == 0
    used = _few_used(monkeypatch)
    {**FEW, **EVERY}[name](family, monkeypatch)
    result = family.build()
    assert result.code == 0, result.err
    assert used and used[-1] == (name in FEW)
    _as_from_nothing(family)
    _article(family, "posts/a10.md", 10, "Python", "Bob")  # and again, from the plan kept
    assert family.build().code == 0
    assert used[-1] == (name in FEW)
    _as_from_nothing(family)


IN_PLACE = [
    "a new tag",
    "a tag's last article retagged",
    "the author",
    "the date, passing no other",
]
"""The moves that leave every article in its place among the published: the site lists the
same articles in the same order."""


@pytest.mark.parametrize("name", FEW)
def test_the_site_is_kept_when_every_article_keeps_its_place(
    family: Site, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    assert family.build().code == 0
    planned: list[str] = []
    merged = replan_few_module._Merged
    plan_again = merged.planned

    def spy(self: object, selection: Selection[StandIn]) -> None:
        planned.append(selection.kind)
        plan_again(self, selection)  # type: ignore[arg-type]

    monkeypatch.setattr(merged, "planned", spy)
    FEW[name](family, monkeypatch)
    assert family.build().code == 0
    assert planned, "the moved article's selections are planned again"
    assert ("site" in planned) == (name not in IN_PLACE)
    _as_from_nothing(family)


def test_a_moved_article_whose_files_clash_is_refused_as_from_nothing(
    family: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its section's feeds would go in a folder named like the site's feed, which is a file."""
    assert family.build().code == 0
    used = _few_used(monkeypatch)
    _article(family, "feed.json/a9.md", 9, "Python", "Ann")
    result = family.build()
    assert used == [False]
    assert result.code == 1
    needs = "needs feed.json to be a folder, but it is also a planned file"
    # its feeds, their archive page, its subscribe page
    feeds = [
        f"{page}{name}"
        for name in ("atom.xml", "rss.xml", "feed.json")
        for page in ("", "archive/1/")
    ]
    files = [*feeds, "index.html"]
    assert result.err.splitlines() == [
        *(f"feed.json/{name}: error: feed.json/{name} {needs}" for name in files),
        "build failed: 7 problems; nothing written",
    ]


@pytest.mark.parametrize("name", ["an article added after the others", "a new tag", "the date"])
def test_after_a_move_an_edit_renders_only_the_edited_article(
    family: Site, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """The rendered cache keeps every article the feeds carry (with archives, every published
    one): the build that planned the move again said which they are."""
    assert family.build().code == 0
    FEW[name](family, monkeypatch)
    assert family.build().code == 0
    rendered = counted_renders(monkeypatch)
    _edit(family, "posts/a7.md", "Text of", "New text of")  # in the newest feeds
    assert family.build().code == 0
    assert rendered == ["a7"]


def test_articles_added_after_the_others_replan_only_the_sites_last_pages(
    family: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Archive pages are numbered from the oldest (two articles each here): an article added
    after every other fills the last page or starts a new one, and the pages before it are the
    kept ones. One at a time and two at once, each build as a build from nothing."""
    monkeypatch.setattr(pipeline, "current_time", lambda: datetime(2024, 4, 30, tzinfo=UTC))
    assert family.build().code == 0
    planned: list[int] = []
    plan_documents = replan_few_module.documents_of

    def spy(selection: Selection[StandIn], config: SiteConfig, from_page: int = 1) -> object:
        if selection.kind == "site":
            planned.append(from_page)
        return plan_documents(selection, config, from_page)

    monkeypatch.setattr(replan_few_module, "documents_of", spy)
    pages = [len(list((family.out / "archive").iterdir()))]
    for days in ([21], [22], [23, 24], [25]):
        for day in days:
            _article(family, f"posts/n{day}.md", day, "Feeds", "Ann")
        assert family.build().code == 0
        _as_from_nothing(family)
        pages.append(len(list((family.out / "archive").iterdir())))
    # ten published (the future one come due), then 11, 12, 14 and 15: 5, 6, 6, 7, 8 pages
    assert pages == [5, 6, 6, 7, 8]
    assert planned == [5, 6, 6, 7]  # the last page each time, never the first


SETTINGS = {
    "a page an article, every article current": "archive_page_size = 1\nitem_limit = 0\n",
    "three a page, no subscribe page": 'archive_page_size = 3\nsubscribe_page = ""\n',
    "no archives": "archive = false\n",
    "one format": 'feeds = { atom = "atom.xml" }\n',
}


@pytest.mark.parametrize("setting", SETTINGS)
@pytest.mark.parametrize("name", ["an article added after the others", "a new tag"])
def test_moves_replan_as_from_nothing_whatever_the_pages_and_formats(
    family: Site, monkeypatch: pytest.MonkeyPatch, setting: str, name: str
) -> None:
    """Other page sizes, feeds without archives or subscribe pages, one format: a move, then an
    article added after the others and one retagged, each build as a build from nothing."""
    changed = dict(line.split(" = ", 1) for line in SETTINGS[setting].splitlines())
    kept = [line for line in family.settings.splitlines() if line.split(" = ")[0] not in changed]
    family.settings = "\n".join([*kept, *(f"{key} = {value}" for key, value in changed.items())])
    assert family.build().code == 0
    FEW[name](family, monkeypatch)
    assert family.build().code == 0
    _as_from_nothing(family)
    _article(family, "posts/a10.md", 10, "Python", "Bob")
    assert family.build().code == 0
    _as_from_nothing(family)
    _edit(family, "posts/a10.md", "[Python]", "[Go]")
    assert family.build().code == 0
    _as_from_nothing(family)
