"""Documents written from fragments and checked by their parts (`stages.write`) are the bytes the
format's writer makes of the whole feed, with the findings the whole document's check gives,
for entries clean and not: a clean document is never checked whole, a document carrying an
entry with a finding (or two entries with one id) always is."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from feedgen_app.config import SiteConfig
from feedgen_app.errors import Problem, SourceRef
from feedgen_app.model import ArchiveLinks, Article, Author, Body, Entry
from feedgen_app.stages.check import DocumentCheck
from feedgen_app.stages.discover import Found
from feedgen_app.stages.plan import Document, DocumentOf
from feedgen_app.stages.write import prepared, write_document

SITE = "https://example.org/"
NOW = datetime(2025, 1, 1, tzinfo=UTC)
START = datetime(2024, 6, 1, tzinfo=UTC)


def entry(rel: str, n: int, content: str = "<p>Text.</p>", **fields: Any) -> Entry:
    values: dict[str, Any] = {
        "id": f"{SITE}posts/{rel}/",
        "title": f"Post {rel}",
        "url": f"{SITE}posts/{rel}/",
        "published": START - timedelta(days=n),
        "updated": START - timedelta(days=n),
        "authors": (Author("Ada", "ada@example.org"),),
        "tags": ("python",),
        "summary": f"About {rel}.",
        "lang": None,
        "draft": False,
        "body": Body(f"items/{rel}.md", "markdown", 4),
        "source": SourceRef(f"items/{rel}.md", 1),
    }
    return Entry(Article(**(values | fields)), content, f"About {rel}.")


ENTRIES = {
    **{f"clean{n}": entry(f"clean{n}", n) for n in range(6)},
    "pictured": entry("pictured", 7, image=f"{SITE}a.png"),
    "iframe": entry("iframe", 8, '<p><iframe src="https://v.example.org/1"></iframe></p>'),
    "relative": entry("relative", 9, '<p><a href="/elsewhere/">there</a></p>'),
    "backwards": entry("backwards", 10, updated=START - timedelta(days=20)),
    "ancient": entry("ancient", 11, published=datetime(1980, 1, 1, tzinfo=UTC)),
    "twin": entry("twin", 12, id=f"{SITE}posts/clean0/"),
    "huge": entry("huge", 13, "<p>" + "word " * 230_000 + "</p>"),
}
DIRTY = {"iframe", "relative", "backwards", "ancient"}
ARCHIVE = ArchiveLinks(f"{SITE}feed", f"{SITE}archive/1", f"{SITE}archive/3")
GROUPS = {
    "clean": ([f"clean{n}" for n in range(6)], ArchiveLinks()),
    "clean archive page": (["clean1", "clean2", "pictured"], ARCHIVE),
    "one clean entry": (["clean3"], ARCHIVE),
    **{name: (["clean0", name, "clean5"], ArchiveLinks()) for name in sorted(DIRTY)},
    "same id twice": (["clean0", "twin"], ArchiveLinks()),
    "too large": (["huge", "clean4"], ARCHIVE),
    "empty": ([], ArchiveLinks()),
}
FORMAT_FILES = {"atom": "atom.xml", "rss": "rss.xml", "json": "feed.json"}


def documents() -> list[Document]:
    docs = []
    for name, (rels, archive) in GROUPS.items():
        members = tuple((Found(f"items/{rel}.md", rel, None), None) for rel in rels)
        for fmt, file in FORMAT_FILES.items():
            path = f"{name.replace(' ', '-')}/{file}"
            docs.append(DocumentOf(path, SITE + path, fmt, name, members, archive))  # type: ignore[type-var]
    return docs


def written(
    docs: Sequence[Document],
    entries: Iterable[tuple[str, Entry]],
    config: SiteConfig,
    now: datetime,
) -> Iterator[tuple[Document, bytes, list[Problem]]]:
    """Each document made from its parts in this process, with its findings (`stages.write`);
    the entries serialized there."""
    with prepared(docs, ((rel, e, None) for rel, e in entries), config, now, print) as parts:
        yield from parts.each(docs)


@pytest.fixture
def config(tmp_path: Path) -> SiteConfig:
    return SiteConfig(
        title="Example",
        site_url=SITE,
        output_dir=tmp_path / "build",
        cache_dir=tmp_path / "cache",
        hubs=("https://hub.example.org/",),
    )


def test_documents_from_parts_are_the_whole_documents_with_their_findings(
    config: SiteConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = documents()
    whole_check = DocumentCheck([e.article for e in ENTRIES.values()], config, NOW)
    expected = {}
    for doc in docs:
        data = write_document(doc, [ENTRIES[found.rel] for found, _ in doc.members], config)
        expected[doc.path] = (data, whole_check(doc, data))
    checked_whole: list[str] = []
    check_whole = DocumentCheck.__call__

    def spy(self: DocumentCheck, doc: Document, data: bytes) -> list[Problem]:
        checked_whole.append(doc.path)
        return check_whole(self, doc, data)

    monkeypatch.setattr(DocumentCheck, "__call__", spy)

    made = {
        doc.path: (data, found) for doc, data, found in written(docs, ENTRIES.items(), config, NOW)
    }

    assert made == expected
    whole = {"same-id-twice", "empty", *DIRTY}
    # RSS has no date of the last change: an entry changed before it was published is clean.
    clean = {"backwards/rss.xml"}
    assert sorted(checked_whole) == sorted(
        d.path for d in docs if d.path.split("/")[0] in whole and d.path not in clean
    )


def test_the_documents_carry_the_findings_that_make_them_checked_whole(config: SiteConfig) -> None:
    docs = documents()
    found = {doc.path: problems for doc, _, problems in written(docs, ENTRIES.items(), config, NOW)}
    rules = {
        path: {p.message.rsplit("[", 1)[1].rstrip("]") for p in problems}
        for path, problems in found.items()
    }

    assert rules["iframe/atom.xml"] == {"content-iframe"}
    assert rules["iframe/feed.json"] == {"content-iframe"}
    assert rules["relative/rss.xml"] == {"feed-relative-url"}
    assert rules["backwards/atom.xml"] == {"atom-updated-before-published"}
    assert rules["backwards/feed.json"] == {"json-updated-before-published"}
    assert rules["ancient/rss.xml"] == {"feed-date-before-1990"}
    assert rules["same-id-twice/atom.xml"] == {"atom-id-duplicate"}
    assert rules["same-id-twice/rss.xml"] == {"rss-guid-duplicate"}
    assert rules["too-large/atom.xml"] == {"feed-too-large"}
    assert rules["too-large/feed.json"] == {"feed-too-large"}
    assert all(not rules[f"clean/{file}"] for file in FORMAT_FILES.values())
    [backwards] = [p for p in found["backwards/atom.xml"]]
    assert backwards.severity == "error"
    assert backwards.where == SourceRef("items/backwards.md", 1)
