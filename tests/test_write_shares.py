"""Documents assembled and staged on several cores, a share each in a forked process
(`stages.write_shares`), are the bytes the format's writer makes of each whole feed, with the
findings of a whole document's check, at the article files they are in; a child that fails or
is killed leaves no file behind and its share is made in the build's own process."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from feedgen_app.config import SiteConfig
from feedgen_app.errors import Problem
from feedgen_app.formats import pages
from feedgen_app.formats.pages import Listed
from feedgen_app.stages import write_shares
from feedgen_app.stages.check import DocumentCheck
from feedgen_app.stages.pages import Page
from feedgen_app.stages.plan import Document
from feedgen_app.stages.publish import Staging
from feedgen_app.stages.write import Parts, prepared, write_document
from feedgen_app.stages.write_shares import staged_documents
from feedgen_app.validate import Finding
from tests.conftest import Site
from tests.forks import counted_forks
from tests.test_check_by_parts import DIRTY, ENTRIES, NOW, documents

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="forks on Linux only")


@pytest.fixture
def children(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Three cores, whatever the machine has, and shares for any number of documents: the
    process ids of the children forked."""
    monkeypatch.setattr(write_shares, "SHARES_FROM", 0)
    return counted_forks(monkeypatch, cores=3)


def _expected(config: SiteConfig) -> dict[str, tuple[bytes, list[Problem]]]:
    """Each document made whole by its format's writer, and checked whole."""
    whole_check = DocumentCheck([e.article for e in ENTRIES.values()], config, NOW)
    expected = {}
    for doc in documents():
        data = write_document(doc, [ENTRIES[found.rel] for found, _ in doc.members], config)
        expected[doc.path] = (data, whole_check(doc, data))
    return expected


def _made(config: SiteConfig) -> dict[str, tuple[bytes, list[Problem]]]:
    """Each document staged by `staged_documents`, read back from its place once committed."""
    out = config.output_dir
    made = {}
    docs = documents()
    entries = ((rel, entry, None) for rel, entry in ENTRIES.items())
    with prepared(docs, entries, config, NOW, print) as parts, Staging(out) as staging:
        for doc, digest, problems in staged_documents(parts, docs, staging, out):
            made[doc.path] = (digest, problems)
        staging.commit()
    on_disk = {}
    for path, (digest, problems) in made.items():
        data = (out / path).read_bytes()
        assert digest == hashlib.blake2b(data, digest_size=16).hexdigest()
        on_disk[path] = (data, problems)
    return on_disk


def _left(out: Path) -> list[str]:
    """Every file under `out` that is not a planned document: temporary files left behind."""
    planned = {doc.path for doc in documents()}
    return sorted(
        os.path.relpath(path, out)
        for path in out.rglob("*")
        if path.is_file() and os.path.relpath(path, out) not in planned
    )


def test_documents_made_on_three_cores_are_the_whole_documents_with_their_findings(
    config: SiteConfig, children: list[int]
) -> None:
    expected = _expected(config)
    assert _made(config) == expected
    assert len(children) == 2 and all(children)  # this process and two children
    # The dirty entries' findings are at their article files, which only this process knows.
    sources = {p.where.path for _, problems in expected.values() for p in problems}
    assert {f"items/{rel}.md" for rel in DIRTY} <= sources
    assert _left(config.output_dir) == []


def test_a_child_that_fails_leaves_nothing_and_its_share_is_made_here(
    config: SiteConfig, children: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With three formats on three cores, this process makes the Atom documents, one child the
    RSS ones, the other the JSON ones. Each child stages one document, then the RSS one is
    killed (SIGKILL: nothing of Python runs) and the JSON one raises; the file each staged stays
    until this process removes it: the documents are still those of one process, and no file is
    left."""
    expected = _expected(config)
    parent = os.getpid()
    in_parts = Parts.in_parts
    made: list[str] = []  # in each process, what it made

    def dies_in_a_child(self: Parts, doc: Document) -> tuple[bytes, list[Finding] | None]:
        if os.getpid() != parent and made:
            if doc.format == "rss":
                os.kill(os.getpid(), signal.SIGKILL)
            raise RuntimeError("a child fails")
        made.append(doc.path)
        return in_parts(self, doc)

    strays: list[str] = []
    remove_strays = Staging.remove_strays

    def seen(self: Staging, folders: set[str]) -> None:
        held = set(self.staged.values())
        paths = (os.path.join(folder, name) for folder in folders for name in os.listdir(folder))
        strays.extend(os.path.basename(p) for p in paths if p.endswith(".tmp") and p not in held)
        remove_strays(self, folders)

    monkeypatch.setattr(Parts, "in_parts", dies_in_a_child)
    monkeypatch.setattr(Staging, "remove_strays", seen)
    assert _made(config) == expected
    assert len(children) == 2
    assert set(made) == {doc.path for doc in documents()}  # every share was made here
    assert sorted(name[1:].rsplit(".", 2)[0] for name in strays) == ["feed.json", "rss.xml"]
    assert _left(config.output_dir) == []


def test_a_failure_here_removes_what_the_children_staged(
    config: SiteConfig, children: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """This process fails making its share; of the children, the one making the RSS documents
    is killed after staging one (as in the test above), the other ends well."""
    parent = os.getpid()
    in_parts = Parts.in_parts
    made: list[str] = []  # in each process, what it made

    def fails_here(self: Parts, doc: Document) -> tuple[bytes, list[Finding] | None]:
        if os.getpid() == parent and doc.path.startswith("too-large/"):
            raise RuntimeError("this process fails")
        if os.getpid() != parent and made and doc.format == "rss":
            os.kill(os.getpid(), signal.SIGKILL)
        made.append(doc.path)
        return in_parts(self, doc)

    monkeypatch.setattr(Parts, "in_parts", fails_here)
    with pytest.raises(RuntimeError, match="this process fails"):
        _made(config)
    assert len(children) == 2
    out = config.output_dir
    assert not out.exists() or [path for path in out.rglob("*")] == []


FAMILY = "tag_feeds = true\nauthor_feeds = true\narchive = true\narchive_page_size = 2\n"


def _family_site(site: Site) -> None:
    site.settings += FAMILY
    for n in range(7):
        tags = ", ".join(("one", "two", "three")[: 1 + n % 3])
        front = f"title: Post {n}\ndate: 2024-02-0{n + 1}T10:00:00Z\nauthor: Writer {n % 2}\n"
        site.write(f"post-{n}.md", f"---\n{front}tags: [{tags}]\n---\nText {n}.\n")


def _from_nothing(site: Site) -> dict[str, bytes]:
    """Every output file of a build from nothing."""
    for made in (site.out, site.root / ".feedgen-cache"):
        shutil.rmtree(made, ignore_errors=True)
    assert site.build().code == 0
    return {name: data for name, (data, _) in site.snapshot().items()}


def test_pages_made_on_three_cores_are_those_made_in_one_process(
    site: Site, children: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The documents and then the pages (a page a feed folder) each in three shares."""
    _family_site(site)
    on_three = _from_nothing(site)
    assert len(children) == 5  # the walk's, two for the documents, two for the pages
    made_pages = sorted(name for name in on_three if name.endswith("index.html"))
    assert len(made_pages) == 6, made_pages  # the site's, three tags', two authors'
    monkeypatch.setattr(write_shares, "SHARES_FROM", 10**9)
    assert _from_nothing(site) == on_three


def test_a_child_that_fails_making_a_page_leaves_nothing_and_its_share_is_made_here(
    site: Site, children: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    _family_site(site)
    expected = _from_nothing(site)
    parent = os.getpid()
    write_page = pages.write_page

    def fails_in_a_child(page: Page, entries: Callable[[str], Listed]) -> bytes:
        if os.getpid() != parent:
            raise RuntimeError("a child fails")
        return write_page(page, entries)

    monkeypatch.setattr(pages, "write_page", fails_in_a_child)
    assert _from_nothing(site) == expected  # no temporary file left either
