"""Assembling and staging many documents, and making many pages, on every core: a share each,
in forked processes.

A feed family's first build assembles thousands of documents from their parts (`stages.write`)
and stages them: 7,506 files, 1.4 GB at 10,000 articles, which on one core was half of its wall
clock. Here each core takes every Nth document: this process the first share, forked children
(`forked`) the others. A child assembles its documents, checks them by their parts
(`DocumentCheck.of_parts`), stages them beside their places, and sends back what it staged
(`Staging.hand_over`) with each document's digest and findings. This process makes problems of
the findings (it reads the articles' files from the store, which a child must not touch) and
checks the few documents whose parts do not tell their findings whole, as `Parts.assembled`
does. A child that fails or is killed sends nothing: what it staged is removed, and its share
is made here. The pages for people (`formats.pages`), a page a feed folder, are made the same
way once the documents are (`staged_pages`).
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import TypeVar

from feedgen_app.errors import Problem
from feedgen_app.forked import Forked, may_fork
from feedgen_app.stages.pages import Page
from feedgen_app.stages.plan import Document
from feedgen_app.stages.publish import Staging, staged
from feedgen_app.stages.write import Parts
from feedgen_app.validate import Finding

SHARES_FROM = 256
"""Fewer files than this are made in this process: a fork costs more than an edit's few."""

T = TypeVar("T")
_Make = Callable[[int], tuple[bytes, T]]
"""The bytes of the file at a position among those to make, with what else it tells (a
document's findings: `Parts.in_parts`)."""
_Done = dict[int, tuple[str, T]]
"""By position among the files to make: the digest of the bytes staged, and what else making
them told."""


def staged_documents(
    parts: Parts, todo: Sequence[Document], staging: Staging, out: Path
) -> Iterator[tuple[Document, str, list[Problem]]]:
    """Each document of `todo`, in order, staged at its path in `out`, with the digest of its
    bytes and its findings."""
    processes = os.cpu_count() or 1
    if len(todo) < SHARES_FROM or processes < 2 or not may_fork():
        for doc, data, problems in parts.each(todo):
            yield doc, staged(staging, out / doc.path, data), problems
        return

    def made(position: int) -> tuple[bytes, list[Finding] | None]:
        parts.tidy(position // processes + 1)  # the how-manieth of its share
        return parts.in_parts(todo[position])

    done = _on_every_core(made, [doc.path for doc in todo], staging, out)
    yield from _checked(parts, todo, done)


def staged_pages(
    pages: Sequence[Page], page_bytes: Callable[[Page], bytes], staging: Staging, out: Path
) -> Iterator[tuple[Page, str]]:
    """Each of `pages`, in order, staged at its path in `out` (`page_bytes`), with the digest
    of its bytes: on every core when there are many (a family's first build makes a page a
    feed folder: 1,101 at 10,000 articles, 0.8 s of rendering on one core)."""
    if len(pages) < SHARES_FROM or (os.cpu_count() or 1) < 2 or not may_fork():
        for page in pages:
            yield page, staged(staging, out / page.path, page_bytes(page))
        return

    def made(position: int) -> tuple[bytes, None]:
        return page_bytes(pages[position]), None

    done = _on_every_core(made, [page.path for page in pages], staging, out)
    yield from ((page, done[number][0]) for number, page in enumerate(pages))


def _on_every_core(made: _Make[T], paths: Sequence[str], staging: Staging, out: Path) -> _Done[T]:
    """Each file of `paths` made (`made`) and staged: every Nth by each of N cores, this
    process the first share, forked children the others; a child's share is made again here
    if it fails or is killed, and what it staged is removed."""
    processes = os.cpu_count() or 1
    shares = [range(first, len(paths), processes) for first in range(processes)]
    children = [Forked.start(partial(_in_child, made, paths, share, out)) for share in shares[1:]]
    done: _Done[T] = {}
    try:
        done |= _share(made, paths, shares[0], staging, out)
    finally:  # what the children staged is removed with this process's if anything failed
        handed = [child.result() for child in children]
        for sent in handed:
            if sent is not None:  # this build's own child's: nothing else is unpickled
                staged_there, created, done_there = pickle.loads(sent)
                staging.adopt(staged_there, created)
                done |= done_there
        # Once every other child's files are held (shares share folders): a failed child's go.
        failed = [share for share, sent in zip(shares[1:], handed, strict=True) if sent is None]
        for share in failed:
            staging.remove_strays({os.fspath((out / paths[n]).parent) for n in share})
    for share in failed:
        done |= _share(made, paths, share, staging, out)
    return done


def _checked(
    parts: Parts, todo: Sequence[Document], done: Mapping[int, tuple[str, list[Finding] | None]]
) -> Iterator[tuple[Document, str, list[Problem]]]:
    for number, doc in enumerate(todo):
        digest, found = done[number]
        if found is None:  # assembled again, to be checked whole here
            data, _ = parts.in_parts(doc)
            yield doc, digest, parts.check(doc, data)
        else:
            yield doc, digest, parts.check.problems(doc, found)


def _share(
    made: _Make[T], paths: Sequence[str], share: range, staging: Staging, out: Path
) -> _Done[T]:
    done: _Done[T] = {}
    for position in share:
        data, told = made(position)
        done[position] = (staged(staging, out / paths[position], data), told)
    return done


def _in_child(made: _Make[T], paths: Sequence[str], share: range, out: Path) -> bytes:
    # Not `with`: a child that fails leaves what it staged to this process's `remove_strays`,
    # as a killed one does; removing it here would remove folders the others are writing in.
    mine = Staging(out)
    done = _share(made, paths, share, mine, out)
    staged_here, created = mine.hand_over()
    return pickle.dumps((staged_here, created, done))
