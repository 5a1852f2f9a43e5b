"""Writing the planned documents: each entry serialized once per format, each document assembled
from its shell and its members' fragments (`formats.parts`) and checked by its parts
(`stages.check`; which entries pass on their own: `stages.entry_checks`).

A family build carries each article in a dozen documents: serializing and checking it once per
format instead of once per document is most of such a build's time. The fragments wait in a
spool file beside the caches, not in memory: at 100,000 articles they are gigabytes, like the
rendered HTML they are made from, which is dropped as soon as an entry's fragments are made.
"""

from __future__ import annotations

import gc
import os
import pickle
import tempfile
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import BinaryIO, TypeGuard

from feedgen_app.config import SiteConfig
from feedgen_app.dates import source_date_epoch
from feedgen_app.errors import Problem, SourceRef, counted
from feedgen_app.formats import FORMATS
from feedgen_app.formats.pages import Listed
from feedgen_app.formats.parts import Fragments, Shell, fragments_of, shell
from feedgen_app.memory import give_back
from feedgen_app.model import Author, Entry, Feed
from feedgen_app.progress import Report
from feedgen_app.stages.check import DocumentCheck
from feedgen_app.stages.entry_checks import BATCH, checked_entries
from feedgen_app.stages.pages import relative
from feedgen_app.stages.placing import Chosen
from feedgen_app.stages.plan import Document, Selection, documents_of
from feedgen_app.validate import Finding

EMPTY_FEED_DATE = datetime(2000, 1, 1, tzinfo=UTC)
"""`updated` of a feed with no entries (--allow-empty) when SOURCE_DATE_EPOCH is not set: fixed,
so the same input gives the same bytes (1970, the epoch, is refused by some readers)."""


@contextmanager
def prepared(
    todo: Sequence[Document],
    entries: Iterable[tuple[str, Entry, Fragments | None]],
    config: SiteConfig,
    now: datetime,
    progress: Report,
    *,
    sources: Callable[[str], SourceRef] | None = None,
    live: int | None = None,
) -> Iterator[Parts]:
    """The `Parts` that `todo` is assembled from, `entries` (those it carries, each with its
    fragments if it was serialized where it was rendered) serialized once per format into a
    spool file that lasts as long as the block, and checked once per format;
    `sources`: where an article was read from, by relative path, looked up only when a finding
    names it (else each entry's is kept); `live`: how many articles the whole plan's feeds carry
    (else those of `entries`), for the record of passed checks (`checked_entries`)."""
    config.cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile(dir=config.cache_dir) as file:
        spool = Spool(file)
        formats = {doc.format for doc in todo}
        carried = spool_entries(entries, formats, config, spool, sources)
        if len(carried) >= GIVE_BACK_FROM:
            give_back()  # what rendering and serializing freed
        progress(f"writing {counted(len(todo), 'feed file')}")
        check = DocumentCheck(carried.values(), config, now)
        checked_in = _checked_in(formats, config)

        def shell_of(fmt: str, media: bool) -> Shell:
            return shell(document_feed(checked_in[fmt], (), config), fmt, media=media)

        live_now = len(carried) if live is None else live
        failed = checked_entries(
            checked_in, carried, spool, check, config, shell_of=shell_of, live=live_now
        )
        parts = Parts(carried, failed, spool, check, config)
        yield parts
        if parts.large:
            give_back()


def _checked_in(formats: Iterable[str], config: SiteConfig) -> dict[str, Document]:
    """The document each format's entries are checked in (`checked_entries`): the site's
    current feed, without entries. The same in every build, whatever it makes, so an entry
    whose bytes did not change passed its check before (`state.passed_checks`: its key holds
    the shell). A build's first document of each format changed with the articles moved or
    edited, and every entry it carried was checked again: 0.19 s of a retagging at 100,000."""
    site = Selection[Chosen]("site", config.title, "", ())
    return {doc.format: doc for doc in documents_of(site, config) if doc.format in formats}


GIVE_BACK_FROM = 1_000
"""From this many entries, the memory freed is given back to the system (`memory`) after
rendering, checking, and every `GIVE_BACK_EVERY` documents: not for an edit's few."""
GIVE_BACK_EVERY = 4_096


class Kept:
    """What outlives an entry's fragments: the warnings of rendering it, and for the pages
    (`page_rels`), what they list of it, in an unnamed file beside the caches (a family build
    at 100,000 articles lists tens of thousands of them, each with its summary)."""

    def __init__(self, page_rels: set[str], file: BinaryIO) -> None:
        self.page_rels = page_rels
        self.notes: dict[str, tuple[Problem, ...]] = {}
        self._listing = Spool(file)

    @classmethod
    @contextmanager
    def spooled(cls, page_rels: set[str], folder: Path) -> Iterator[Kept]:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder) as file:
            yield cls(page_rels, file)

    def entries(
        self, rendering: Iterable[tuple[str, Entry, tuple[Problem, ...], Fragments | None]]
    ) -> Iterator[tuple[str, Entry, Fragments | None]]:
        for rel, entry, notes, made in rendering:
            if notes:
                self.notes[rel] = notes
            if rel in self.page_rels:
                shown = Listed.of(entry)
                fields = (shown.title, shown.url, shown.published, shown.summary)
                self._listing.add(rel, "page", pickle.dumps(fields))
            yield rel, entry, made

    def listed(self, rel: str) -> Listed:
        """What a page lists of the article at `rel` (one of `page_rels`, rendered)."""
        # This build's own file, written above: nothing else unpickled.
        return Listed(*pickle.loads(self._listing.get(rel, "page")))


@dataclass(frozen=True, slots=True)
class Carried:
    """What a document needs of an entry besides its fragments (100,000 of them in a family
    build: where the article was read from is looked up when a finding names it, not kept)."""

    id: str
    rel: str
    updated: datetime
    image: bool
    sources: Callable[[str], SourceRef]

    @property
    def source(self) -> SourceRef:
        return self.sources(self.rel)


class Spool:
    """Fragments by (article, format) in an unnamed file: written once, read by every document
    that carries them (the system's page cache keeps what is read often). Where each is, in
    arrays: 100,000 articles in three formats would cost 60 MB as a dict of tuples."""

    def __init__(self, file: BinaryIO) -> None:
        self._file = file
        self._end = 0
        self._number: dict[str, int] = {}
        self._spans: dict[str, tuple[array[int], array[int]]] = {}

    def add(self, rel: str, fmt: str, data: bytes) -> None:
        number = self._number.setdefault(rel, len(self._number))
        offsets, sizes = self._spans.setdefault(fmt, (array("q"), array("q")))
        if number >= len(offsets):
            grow = number + 1 - len(offsets)
            offsets.extend([0] * grow)
            sizes.extend([-1] * grow)
        os.pwrite(self._file.fileno(), data, self._end)
        offsets[number], sizes[number] = self._end, len(data)
        self._end += len(data)

    def get(self, rel: str, fmt: str) -> bytes:
        number = self._number[rel]
        offsets, sizes = self._spans[fmt]
        if number >= len(sizes) or sizes[number] < 0:
            raise KeyError((rel, fmt))
        return os.pread(self._file.fileno(), sizes[number], offsets[number])


def spool_entries(
    entries: Iterable[tuple[str, Entry, Fragments | None]],
    formats: Iterable[str],
    config: SiteConfig,
    spool: Spool,
    sources: Callable[[str], SourceRef] | None = None,
) -> dict[str, Carried]:
    """Put each entry's fragment in every format into `spool`: those it comes with (serialized
    where it was rendered, `render_entries`), else serialized here, `BATCH` entries at a time."""
    carried: dict[str, Carried] = {}
    kept: dict[str, SourceRef] = {}
    lookup = sources or kept.__getitem__
    wanted = sorted(set(formats))
    stream = iter(entries)
    while batch := list(islice(stream, BATCH)):
        given = [made if _covers(made, wanted) else None for _, _, made in batch]
        bare = [entry for (_, entry, _), made in zip(batch, given, strict=True) if made is None]
        serialized = iter(fragments_of(bare, wanted, config.podcast))
        for (rel, _, _), made in zip(batch, given, strict=True):
            by_format = made if made is not None else next(serialized)
            for fmt in wanted:
                spool.add(rel, fmt, by_format[fmt])
        for rel, entry, _ in batch:
            article = entry.article
            if sources is None:
                kept[rel] = article.source
            carried[rel] = Carried(article.id, rel, article.updated, bool(article.image), lookup)
        # Serializing leaves reference cycles (JSON Feed's indenting encoder makes some per
        # item) that the build's lazy collector (`cli`) would let pile up between the
        # long-lived records: free them while they are young.
        gc.collect(0)
    return carried


def _covers(made: Fragments | None, formats: Iterable[str]) -> TypeGuard[Fragments]:
    """Whether `made` holds a fragment in each of `formats`."""
    return made is not None and all(fmt in made for fmt in formats)


@dataclass(frozen=True)
class Parts:
    """What documents are assembled and checked from."""

    carried: Mapping[str, Carried]
    failed: Mapping[str, set[str]]
    """By format, the entries that add a finding to a document (the others pass)."""
    spool: Spool
    check: DocumentCheck
    config: SiteConfig

    @property
    def large(self) -> bool:
        """Whether the memory freed is given back to the system as documents are made."""
        return len(self.carried) >= GIVE_BACK_FROM

    def each(self, todo: Sequence[Document]) -> Iterator[tuple[Document, bytes, list[Problem]]]:
        """Each document of `todo` with its bytes and its findings (`assembled`)."""
        for number, doc in enumerate(todo, start=1):
            self.tidy(number)
            yield doc, *self.assembled(doc)

    def tidy(self, number: int) -> None:
        """Before the `number`th document: the memory of the documents before, given back."""
        if self.large and number % GIVE_BACK_EVERY == 1:
            give_back()  # what checking the entries, or the documents before, freed
        if number % BATCH == 1:
            gc.collect(0)  # as in `spool_entries`: the shells' cycles

    def assembled(self, doc: Document) -> tuple[bytes, list[Problem]]:
        """`doc`'s bytes and findings, from its shell and its members' fragments."""
        data, found = self.in_parts(doc)
        return data, self.check(doc, data) if found is None else self.check.problems(doc, found)

    def in_parts(self, doc: Document) -> tuple[bytes, list[Finding] | None]:
        """`doc`'s bytes, and its findings when its parts tell them (`DocumentCheck.of_parts`):
        None when it is to be checked whole (`DocumentCheck.__call__`)."""
        members = [self.carried[found.rel] for found, _ in doc.members]
        if not members:
            return write_document(doc, (), self.config), None
        feed = document_feed(doc, (), self.config, max(member.updated for member in members))
        around = shell(feed, doc.format, media=any(member.image for member in members))
        data = around.document([self.spool.get(found.rel, doc.format) for found, _ in doc.members])
        failed = self.failed[doc.format]
        if any(found.rel in failed for found, _ in doc.members):
            return data, None
        if not _distinct(member.id for member in members):
            return data, None
        return data, self.check.of_parts(doc, around, len(data))


def _distinct(ids: Iterable[str]) -> bool:
    seen = list(ids)
    return len(set(seen)) == len(seen)


def write_document(doc: Document, entries: Sequence[Entry], config: SiteConfig) -> bytes:
    """The bytes of one planned document, carrying `entries`, by its format's writer."""
    updated = max((entry.article.updated for entry in entries), default=None)
    return FORMATS[doc.format].writer()(document_feed(doc, tuple(entries), config, updated))


def document_feed(
    doc: Document,
    entries: tuple[Entry, ...],
    config: SiteConfig,
    updated: datetime | None = None,
) -> Feed:
    """The `Feed` of `doc` carrying `entries`; `updated`: its newest entry's."""
    return Feed(
        title=doc.title,
        subtitle=config.description or config.title,
        site_url=config.site_url,
        self_url=doc.url,
        language=config.language,
        authors=config.authors or (Author(config.title),),
        updated=updated or source_date_epoch() or EMPTY_FEED_DATE,
        entries=entries,
        archive=doc.archive,
        stylesheet=_stylesheet(doc, config),
        hubs=config.hubs,
        icon=config.icon,
        logo=config.logo,
        podcast=config.podcast,
    )


def _stylesheet(doc: Document, config: SiteConfig) -> str | None:
    """The feed stylesheet's URL relative to `doc`, for the XML formats."""
    if not config.feed_stylesheet or doc.format not in ("atom", "rss"):
        return None
    return relative(config.feed_stylesheet, doc.path)
