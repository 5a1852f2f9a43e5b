"""The parse cache: what each article file said last time, so a rebuild reads only what changed.

One file per items folder (a JSON header line, a JSON line per article, a checksum line) in
the cache folder (default `.feedgen-cache/` beside the settings, never inside the output folder).
An entry is used only for a file whose state (size, times, inode) is unchanged, or whose bytes
hash to the same digest. The whole cache is dropped when the tool version or a setting that
changes how files are read differs; a cache that cannot be read or fails its checksum is dropped
with a warning. A cache can make a build faster, never different.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import os
from collections.abc import Iterator
from dataclasses import astuple, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from feedgen_app import __version__
from feedgen_app.errors import Problem, SourceRef, warning
from feedgen_app.model import Author, Body, Enclosure
from feedgen_app.readers import RawArticle, ReadOptions
from feedgen_app.stages.decide import Decided
from feedgen_app.stages.discover import FileState
from feedgen_app.stages.publish import write_streamed
from feedgen_app.state import digest

FORMAT = 10
"""Bumped when the same bytes read differently (8: YAML scalars kept as typed, fields checked;
9: categories, template syntax, dates from paths; 10: enclosures)."""


@dataclass(slots=True)
class CacheEntry:
    """One file: its state and digest when read, its record, and what was decided for it."""

    state: FileState
    digest: str
    raw: RawArticle | None = None
    stored: str | None = None
    """The record as the cache holds it (JSON), decoded only if the record is needed."""
    shown: str = ""
    """The file's path as shown in messages, for decoding `stored`."""
    decided: Decided | None = None
    decided_key: str | None = None
    """The settings key `decided` is valid for (`assemble.settings_key`)."""
    edges: frozenset[str] = frozenset()
    """A plain-text file's edge lines (`readers.text.edge_lines`), to learn its folder's chrome."""
    applied: tuple[str, ...] = ()
    """The learned chrome lines among `edges` that the record was read with."""

    def record(self) -> RawArticle:
        if self.raw is None:
            if self.stored is None:
                raise ValueError("a cache entry without a record")
            self.raw = _raw_from_json(json.loads(self.stored), self.shown)
        return self.raw

    def decided_for(self, key: str) -> Decided | None:
        return self.decided if self.decided_key == key else None


REWRITE_SHARE = 0.01
"""A cache that was read whole is rewritten only when more than this share of its entries (or
50) changed: rewriting 100,000 entries for one edit costs more than re-reading the few files
whose entries are stale (their state differs, so they are read and hashed again)."""


@dataclass
class ArticleCache:
    path: Path
    header: dict[str, Any]
    entries: dict[str, CacheEntry] = field(default_factory=dict)
    changed: int = 0
    """Entries added, changed or removed since the cache was read."""
    loaded: bool = False

    def save(self) -> None:
        """Write the cache if enough changed, keeping only `entries` (files that exist)."""
        threshold = max(50, int(len(self.entries) * REWRITE_SHARE)) if self.loaded else 1
        if self.changed < threshold:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_streamed(self.path, self._lines())

    def _lines(self) -> Iterator[bytes]:
        """The header, one line per entry, and the checksum of all that: written as it is made,
        so a 100,000-article cache never sits in memory twice."""
        checksum = hashlib.blake2b(digest_size=16)
        lines = itertools.chain(
            [json.dumps(self.header)],
            (_entry_line(rel, e) for rel, e in self.entries.items()),
        )
        for line in lines:
            data = line.encode("utf-8") + b"\n"
            checksum.update(data)
            yield data
        yield checksum.hexdigest().encode() + b"\n"


def open_cache(
    cache_dir: Path, items_dir: Path, options: ReadOptions, extractors: str | None = None
) -> tuple[ArticleCache, tuple[Problem, ...]]:
    """The cache for `items_dir`, empty if there is none or it does not fit these settings or
    the versions of the libraries that read saved web pages (`extractors`)."""
    folder_key = digest(str(items_dir.resolve()).encode())[:16]
    path = cache_dir / f"articles-{folder_key}.json"
    header = {
        "format": FORMAT,
        "tool": __version__,
        "reading": [
            str(options.zone),
            list(options.chrome_lines),
            options.max_file_size,
            options.learn_chrome,
        ],
        "extractors": extractors,
    }
    cache = ArticleCache(path, header)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return cache, ()
    try:
        head = json.loads(data[: data.find(b"\n")])
        if {key: head.get(key) for key in header} != header:
            return cache, ()  # another version or other settings: start afresh, quietly
        content, _, checksum = data.rstrip(b"\n").rpartition(b"\n")
        if digest(content + b"\n") != checksum.decode():
            raise ValueError("checksum")
        lines = io.BytesIO(content)
        lines.readline()  # the header
        for line in lines:
            head, _, stored = line.rstrip(b"\n").partition(b"\t")
            rel, *item = json.loads(head)
            shown = os.path.join(items_dir, rel)
            cache.entries[rel] = _entry_from_json(item, stored.decode("utf-8"), shown)
        cache.loaded = True
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        note = f"the cache could not be read ({type(exc).__name__}); rebuilt it from the articles"
        cache.entries = {}
        return cache, (warning(SourceRef(str(path)), note),)
    return cache, ()


def _entry_line(rel: str, entry: CacheEntry) -> str:
    """`[rel, state, digest, decided, edges, applied]`, a tab, then the record's JSON: the
    record is decoded only for the articles that need it (JSON escapes every tab inside its
    strings)."""
    state = entry.state
    stored = entry.stored
    if stored is None:
        stored = encode_record(entry.record())
    decided = None
    if entry.decided is not None:
        d = entry.decided
        notes = [[p.where.line, p.message, p.severity] for p in d.warnings]
        moments = [d.published.isoformat(), _moment(d.chosen_date)]
        members = [list(d.tags), list(d.authors), d.section]
        decided = [entry.decided_key, d.id, d.url, *moments, d.draft, notes, *members]
    fingerprint = [state.size, state.mtime_ns, state.ctime_ns, state.inode]
    chrome = [sorted(entry.edges), list(entry.applied)]
    head = json.dumps([rel, fingerprint, entry.digest, decided, *chrome], ensure_ascii=False)
    return f"{head}\t{stored}"


def _entry_from_json(item: list[Any], stored: str, shown: str) -> CacheEntry:
    state, entry_digest, decided, edges, applied = item
    if not isinstance(entry_digest, str) or not stored.startswith("["):
        raise TypeError("malformed entry")
    entry = CacheEntry(FileState(*state), entry_digest, stored=stored, shown=shown)
    entry.edges, entry.applied = frozenset(edges), tuple(applied)
    if decided is not None:
        key, id_, url, published, chosen, draft, notes, tags, authors, section = decided
        warnings = tuple(Problem(SourceRef(shown, n), message, kind) for n, message, kind in notes)
        entry.decided = Decided(
            id_,
            url,
            datetime.fromisoformat(published),
            draft,
            warnings,
            _parse_moment(chosen),
            tuple(tags),
            tuple(authors),
            section,
        )
        entry.decided_key = key
    return entry


def encode_record(raw: RawArticle) -> str:
    return json.dumps(_raw_to_json(raw), ensure_ascii=False)


def _raw_to_json(raw: RawArticle) -> list[Any]:
    return [
        raw.source.line,
        raw.title,
        [raw.body.format, raw.body.start, raw.body.end],
        _moment(raw.date),
        _moment(raw.updated),
        [[a.name, a.email, a.uri] for a in raw.authors],
        list(raw.tags),
        raw.summary,
        raw.id,
        raw.slug,
        raw.permalink,
        raw.link,
        raw.lang,
        raw.draft,
        raw.image,
        None if raw.enclosure is None else list(astuple(raw.enclosure)),
        dict(raw.lines),
        [[p.where.line, p.message, p.severity] for p in raw.warnings],
        list(raw.categories),
    ]


def _raw_from_json(fields: list[Any], shown: str) -> RawArticle:
    line, title, body, date, updated, authors, tags, summary, id_, slug = fields[:10]
    permalink, link, lang, draft, image, enclosure, lines, notes, categories = fields[10:]
    return RawArticle(
        source=SourceRef(shown, line),
        title=title,
        body=Body(shown, body[0], body[1], body[2]),
        date=_parse_moment(date),
        updated=_parse_moment(updated),
        authors=tuple(Author(*author) for author in authors),
        tags=tuple(tags),
        summary=summary,
        id=id_,
        slug=slug,
        permalink=permalink,
        link=link,
        lang=lang,
        draft=draft,
        image=image,
        enclosure=None if enclosure is None else Enclosure(*enclosure),
        lines=lines,
        warnings=tuple(Problem(SourceRef(shown, n), message, kind) for n, message, kind in notes),
        categories=tuple(categories),
    )


def _moment(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _parse_moment(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)
