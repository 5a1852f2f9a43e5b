"""A feed family's kept plan (`state.kept_plan`, `stages.outline`): an edit that moves no article
reuses the last build's plan; every way an article can move plans anew, from what the kept plan
holds of the articles that did not change, without reading every row. Either way the output is
byte for byte what a build from nothing makes of the same articles at the same time."""

from __future__ import annotations

import marshal
import shutil
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import feedgen_app.stages.outline as outline_module
import feedgen_app.stages.replan as replan_module
from feedgen_app import pipeline
from feedgen_app.report import BuildReport
from feedgen_app.stages.assemble import Publishing
from feedgen_app.stages.plan import plan
from feedgen_app.state import DIGEST
from feedgen_app.state.kept_plan import (
    KeptArticles,
    KeptPlan,
    changed_places,
    keep_plan,
    load_kept_plan,
    pack_articles,
    positions,
    shared,
    unpack_articles,
)
from feedgen_app.state.manifest import load_manifest
from tests.conftest import Site

FAMILY = """\
tag_feeds = true
author_feeds = true
section_feeds = true
archive = true
archive_page_size = 2
"""
NOW = datetime(2024, 3, 10, tzinfo=UTC)


def _article(site: Site, name: str, day: int, tags: str, author: str, *extra: str) -> None:
    lines = [f"title: {Path(name).stem}", f"date: 2024-03-{day:02d}T12:00:00Z", f"tags: [{tags}]"]
    lines += [f"author: {author}", *extra]
    site.write(name, "---\n" + "\n".join(lines) + f"\n---\nText of {name}.\n")


@pytest.fixture
def family(site: Site, monkeypatch: pytest.MonkeyPatch) -> Site:
    site.settings += FAMILY
    monkeypatch.setattr(pipeline, "current_time", lambda: NOW)
    _article(site, "releases/one.md", 1, "Python, Feeds", "Ann")
    _article(site, "releases/two.md", 2, "python", "Bob")
    _article(site, "notes/three.md", 3, "Feeds", "Ann")
    _article(site, "four.md", 4, "Café", "Cy")
    _article(site, "notes/five.md", 20, "Feeds", "Ann")  # in the future until the 20th
    for day, name in enumerate(("ferry", "bridge", "harbour"), start=5):  # chrome to learn
        site.write(f"news/{name}.txt", _scraped(name, day, "Gazette", "Sign up"))
    return site


def _scraped(name: str, day: int, top: str, bottom: str) -> str:
    return f"Date: 2024-03-{day:02d}\n\n{top}\n\n{name}\n\nText of {name}.\n\n{bottom}\n"


def _edit(site: Site, name: str, old: str, new: str) -> None:
    path = site.items / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _later(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "current_time", lambda: datetime(2024, 3, 25, tzinfo=UTC))


Edit = Callable[[Site, pytest.MonkeyPatch], object]
KEPT: dict[str, Edit] = {
    "the body": lambda s, _: _edit(s, "notes/three.md", "Text of", "New text of"),
    "the title": lambda s, _: _edit(s, "notes/three.md", "title: three", "title: Three!"),
    "a feed file deleted": lambda s, _: (s.out / "tags" / "feeds" / "atom.xml").unlink(),
    "nothing but the file's state": lambda s, _: _edit(s, "four.md", "Text", "Text"),
}
MOVED: dict[str, Edit] = {
    "the date": lambda s, _: _edit(s, "notes/three.md", "03-03T12", "03-06T12"),
    "the date's zone, the same instant": lambda s, _: _edit(
        s, "notes/three.md", "03-03T12:00:00Z", "03-03T13:00:00+01:00"
    ),
    "a tag added": lambda s, _: _edit(s, "notes/three.md", "[Feeds]", "[Feeds, New]"),
    "a tag's spelling": lambda s, _: _edit(s, "releases/one.md", "Python,", "PYTHON,"),
    "the author": lambda s, _: _edit(s, "notes/three.md", "author: Ann", "author: Bob"),
    "the id": lambda s, _: _edit(s, "four.md", "author: Cy", "author: Cy\nid: urn:uuid:4"),
    "the slug": lambda s, _: _edit(s, "four.md", "author: Cy", "author: Cy\nslug: vier"),
    "a draft": lambda s, _: _edit(s, "four.md", "author: Cy", "author: Cy\ndraft: true"),
    "the section": lambda s, _: (s.items / "notes/three.md").rename(s.items / "releases/3.md"),
    "an article added": lambda s, _: _article(s, "six.md", 6, "Feeds", "Dee"),
    "an article removed": lambda s, _: (s.items / "four.md").unlink(),
    "a future article come due": _later,
    # Two files share the chrome now, too few to learn it: the others' records change, not
    # their bytes.
    "a sibling's chrome": lambda s, _: s.write("news/ferry.txt", _scraped("ferry", 5, "F", "E")),
}


def _outputs(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _planned_anew(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A list that grows each time the articles are planned (not taken from the kept plan as it
    is): by "rows" when they are planned from every published article's row, by "kept" when
    from what the kept plan holds of them (all of them, or the selections of those that moved:
    `stages.replan_few`)."""
    calls: list[str] = []
    chosen, few = Publishing.chosen, replan_module.replanned_few

    def every_row(publishing: Publishing) -> Any:
        calls.append("every row")
        return chosen(publishing)

    def counted(*args: Any) -> Any:
        if not calls or calls[-1] != "every row":
            calls.append("kept")
        return plan(*args)

    def some(*args: Any) -> Any:
        made = few(*args)
        if made is not None:
            calls.append("kept")
        return made

    monkeypatch.setattr(Publishing, "chosen", every_row)
    monkeypatch.setattr(outline_module, "plan", counted)
    monkeypatch.setattr(replan_module, "plan", counted)
    monkeypatch.setattr(replan_module, "replanned_few", some)
    return calls


Made = tuple[dict[str, bytes], dict[str, tuple[Any, ...]], list[Any]]


def _made(site: Site) -> Made:
    """The output, the manifest's record of each file (its digest, key and warnings), and the
    build's warnings (the plan's among them) as its report keeps them."""
    [manifest] = (site.root / ".feedgen-cache").glob("last-build-*.marshal")
    last = load_manifest(manifest)
    assert last is not None
    kept = {
        rel: (output.digest, output.key, output.warnings) for rel, output in last.outputs.items()
    }
    warnings = BuildReport.unchanged_from(marshal.loads(last.report)).warnings
    return _outputs(site.out), kept, sorted(map(str, warnings))


def _as_from_nothing(site: Site) -> None:
    """The output and the manifest's record of it are those of a build from nothing in the same
    place (without the cache and the output, which are then put back)."""
    warm = _made(site)
    aside = site.root / "aside"
    aside.mkdir()
    for folder in (".feedgen-cache", "build"):
        (site.root / folder).rename(aside / folder)
    assert site.build().code == 0
    cold = _made(site)
    for folder in (".feedgen-cache", "build"):
        shutil.rmtree(site.root / folder)
        (aside / folder).rename(site.root / folder)
    aside.rmdir()
    assert warm == cold


@pytest.mark.parametrize(
    ("name", "kept"), [*((name, True) for name in KEPT), *((name, False) for name in MOVED)]
)
def test_an_edit_builds_what_a_build_from_nothing_builds(
    family: Site, monkeypatch: pytest.MonkeyPatch, name: str, kept: bool
) -> None:
    assert family.build().code == 0
    family.build()
    _edit(family, "releases/two.md", "Text", "The text")  # an edit that keeps the plan
    assert family.build().code == 0
    planned = _planned_anew(monkeypatch)
    {**KEPT, **MOVED}[name](family, monkeypatch)
    result = family.build()
    assert result.code == 0, result.err
    assert family.build().code == 0  # nothing changed, or what the last build recorded
    assert planned == ([] if kept else ["kept"])
    _as_from_nothing(family)
    _next_edit_keeps_the_plan(family, planned, "releases/one.md")


def _next_edit_keeps_the_plan(site: Site, planned: list[str], name: str) -> None:
    """The plan now kept is the last build's: the next edit of `name`'s text reuses it as it
    is, and the build is one from nothing's."""
    planned.clear()
    _edit(site, name, "Text of", "New text of")
    assert site.build().code == 0
    assert planned == []
    _as_from_nothing(site)


def test_a_recorded_date_keys_every_document_anew_at_the_next_change(
    family: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An undated draft's date goes into the date record, and every decision is made under the
    record (the settings key): the next build with a change decides every row again and keys
    every document anew, as a build from nothing does, though no published article moved."""
    assert family.build().code == 0
    family.write("d.md", "---\ntitle: D\ndraft: true\n---\nText\n")
    assert family.build().code == 0  # the date recorded
    planned = _planned_anew(monkeypatch)
    _edit(family, "releases/one.md", "Text", "The text")
    assert family.build().code == 0
    assert planned == ["every row"]
    _as_from_nothing(family)


@pytest.mark.parametrize(
    ("move", "moved"),
    [
        (lambda s: _article(s, "nine.md", 9, "Feeds", "Dee"), "nine.md"),  # after the others
        (lambda s: _edit(s, "releases/two.md", "[python]", "[python, New]"), "releases/two.md"),
    ],
    ids=["added", "retagged"],
)
def test_a_moved_article_edited_next_keeps_the_plan(
    family: Site, monkeypatch: pytest.MonkeyPatch, move: Callable[[Site], None], moved: str
) -> None:
    """The plan kept after a move holds the moved article's decision: editing its text next
    reuses that plan as it is."""
    assert family.build().code == 0
    planned = _planned_anew(monkeypatch)
    move(family)
    assert family.build().code == 0
    assert planned == ["kept"]
    _next_edit_keeps_the_plan(family, planned, moved)


def test_an_article_added_after_the_others_can_change_their_chrome(
    family: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two files of a folder share their chrome, too few to learn it; a third added after all
    the others (the newest) has it too. The two's records change, not their files, nor their
    places, nor the archive page that holds them (pages of two, from the oldest)."""
    family.write("news/harbour.txt", _scraped("harbour", 7, "F", "E"))
    assert family.build().code == 0
    planned = _planned_anew(monkeypatch)
    family.write("news/quay.txt", _scraped("quay", 8, "Gazette", "Sign up"))
    assert family.build().code == 0
    assert planned == ["kept"]
    _as_from_nothing(family)


def _kept_files(site: Site) -> list[Path]:
    return sorted((site.root / ".feedgen-cache").glob("plan-*.marshal"))


@pytest.mark.parametrize("damage", ["a byte flipped", "cut short", "empty"])
def test_a_damaged_kept_plan_is_planned_anew(
    family: Site, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    family.build()
    [kept] = _kept_files(family)
    data = bytearray(kept.read_bytes())
    if damage == "a byte flipped":
        data[len(data) // 2] ^= 1
    kept.write_bytes(
        data[: len(data) // 2] if damage == "cut short" else data * (damage != "empty")
    )
    planned = _planned_anew(monkeypatch)
    _edit(family, "notes/three.md", "Text of", "New text of")
    assert family.build().code == 0
    assert planned == ["every row"]
    _as_from_nothing(family)


@pytest.mark.parametrize("lost", ["the output folder", "the last build's manifest"])
def test_a_build_that_makes_most_files_again_plans_from_the_rows(
    family: Site, monkeypatch: pytest.MonkeyPatch, lost: str
) -> None:
    """As a first build does: the kept plan would spare little beside making every file, and
    its records would add to the build's peak. The plan it keeps serves the next edit."""
    assert family.build().code == 0
    planned = _planned_anew(monkeypatch)
    if lost == "the output folder":
        shutil.rmtree(family.out)
    else:
        [manifest] = (family.root / ".feedgen-cache").glob("last-build-*.marshal")
        manifest.unlink()
    assert family.build().code == 0
    assert planned == ["every row"]
    _as_from_nothing(family)
    _next_edit_keeps_the_plan(family, planned, "notes/three.md")


def _one_change_at_most(site: Site, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Built, with the kept plan used for one changed article at most (`_planned_anew`)."""
    assert site.build().code == 0
    monkeypatch.setattr(outline_module, "CHANGED_FEW", 1)
    return _planned_anew(monkeypatch)


def test_many_changed_articles_are_planned_anew(
    family: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    planned = _one_change_at_most(family, monkeypatch)
    _edit(family, "notes/three.md", "Text of", "New text of")
    assert family.build().code == 0
    assert planned == []  # one changed article: the kept plan
    _edit(family, "notes/three.md", "New text of", "Text of")
    _edit(family, "four.md", "Text of", "New text of")
    assert family.build().code == 0
    assert planned == ["every row"]  # two: planned anew (keying their feeds would cost more)
    _as_from_nothing(family)


def test_a_site_without_a_family_keeps_no_plan(site: Site) -> None:
    _article(site, "one.md", 1, "Python", "Ann")
    assert site.build().code == 0
    assert _kept_files(site) == []


def test_a_kept_plan_is_read_back_only_for_its_basis(tmp_path: Path) -> None:
    documents = [
        (f"{n}/atom.xml", f"https://example.org/{n}/atom.xml", "atom", "T", None, None, None,
         positions([1, 0]), f"key {n}")
        for n in range(2_500)  # in three parts
    ]  # fmt: skip
    articles = KeptArticles(
        ["a.md", "b.md"], [None, "chrome"], ["items/a.md", "items/b.md"], [("T",), ()],
        [("Ann",), ("Ann", "Bob")], [None, "notes"],
    )  # fmt: skip
    kept = KeptPlan(
        "b" * 32,
        "p" * 32,
        "1" * DIGEST + "2" * DIGEST,
        "3" * DIGEST + "4" * DIGEST,
        pack_articles(articles.fields()),
        iter(documents),
        (("index.html", "subscribe.html", "T", "D", (), positions([0]), "en", "", "k"),),
        positions([0, 1]),
        (("items/a.md", 3, "a warning", "warning"),),
    )
    assert unpack_articles(kept.articles) == articles
    path = tmp_path / "plan.marshal"
    keep_plan(path, kept)
    asked: list[KeptPlan] = []

    def usable(head: KeptPlan) -> bool:
        asked.append(head)
        return len(asked) == 1

    loaded = load_kept_plan(path, "b" * 32, usable)
    assert loaded == replace(kept, documents=tuple(documents))
    assert asked == [replace(kept, documents=())]  # asked before the documents are read
    assert unpack_articles(loaded.articles) == articles
    assert load_kept_plan(path, "b" * 32, usable) is None  # not usable
    assert load_kept_plan(path, "c" * 32, usable) is None
    assert load_kept_plan(tmp_path / "none.marshal", "b" * 32, usable) is None
    assert len(asked) == 2


@pytest.mark.parametrize(
    "packed",
    [
        b"",
        b"garbage",
        pack_articles(KeptArticles(["a.md"], [], [], [], [], []).fields()),
        b"".join(map(marshal.dumps, [("a.md",), (None,), ("a",), ((),), ((),), (None,)])),
        pack_articles([[]] * 5),
        pack_articles([[]] * 7),
        pack_articles([["a.md"], [None], ["a"], [()], [()], [None]])[:-1],  # cut short
        b"\xe9" + b"x" * 10,
    ],
)
def test_kept_articles_of_another_shape_are_none(packed: bytes) -> None:
    assert unpack_articles(packed) is None


def test_kept_articles_share_their_names() -> None:
    """Names made one object each (`shared`) are packed once (`marshal` refers to them after):
    read back, the articles' equal names are one object, and equal lists of names too."""
    tags = [("Python", "Feeds"), ("Feeds",), ("Python", "Feeds")]
    authors = [("Ann",), ("Ann",), ("Bob",)]
    fields = [["a", "b", "c"], [None] * 3, ["a", "b", "c"], tags, authors, ["s", "s", None]]
    copies = [[tuple("".join(name) for name in names) for names in field] for field in fields[3:5]]
    articles = unpack_articles(pack_articles([*fields[:3], *map(shared, copies), fields[5]]))
    assert articles is not None and articles.tags == tags and articles.authors == authors
    assert articles.tags[0][1] is articles.tags[1][0]
    assert articles.tags[0] is articles.tags[2]
    assert articles.authors[0] is articles.authors[1]


def test_many_moved_articles_are_planned_from_every_row(
    family: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    planned = _one_change_at_most(family, monkeypatch)
    _article(family, "six.md", 6, "Feeds", "Dee")
    assert family.build().code == 0
    assert planned == ["kept"]  # one added article: from the kept plan
    _article(family, "seven.md", 7, "Feeds", "Dee")
    _article(family, "eight.md", 8, "New", "Dee")
    assert family.build().code == 0
    assert planned == ["kept", "every row"]  # two: from every row
    _as_from_nothing(family)


def test_the_changed_places_are_those_whose_row_keys_differ() -> None:
    old = [f"{n:0{DIGEST}x}" for n in range(3_000)]
    new = list(old)
    for place in (0, 1023, 1024, 2999):
        new[place] = "f" * DIGEST
    assert changed_places("".join(old), "".join(new)) == {0, 1023, 1024, 2999}
    assert changed_places("".join(old), "".join(old)) == set()
