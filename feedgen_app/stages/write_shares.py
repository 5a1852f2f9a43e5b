"""Assembling and staging many documents on every core: a share each, in forked processes.

A feed family's first build assembles thousands of documents from their parts (`stages.write`)
and stages them: 7,506 files, 1.4 GB at 10,000 articles, which on one core was half of its wall
clock. Here each core takes every Nth document: this process the first share, forked children
(`forked`) the others. A child assembles its documents, checks them by their parts
(`DocumentCheck.of_parts`), stages them beside their places, and sends back what it staged
(`Staging.hand_over`) with each document's digest and findings. This process makes problems of
the findings (it reads the articles' files from the store, which a child must not touch) and
checks the few documents whose parts do not tell their findings whole, as `Parts.assembled`
does. A child that fails or is killed sends nothing: what it staged is removed, and its share
is made here.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterator, Mapping, Sequence
from functools import partial
from pathlib import Path

from feedgen_app.errors import Problem
from feedgen_app.forked import Forked, may_fork
from feedgen_app.stages.plan import Document
from feedgen_app.stages.publish import Staging, staged
from feedgen_app.stages.write import Parts
from feedgen_app.validate import Finding

SHARES_FROM = 256
"""Fewer documents than this are made in this process: a fork costs more than an edit's few."""

_Done = dict[int, tuple[str, list[Finding] | None]]
"""By position in the documents to make: the digest of the bytes staged, and the findings
(`Parts.in_parts`; None: to be checked whole)."""


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
    shares = [range(first, len(todo), processes) for first in range(processes)]
    children = [Forked.start(partial(_in_child, parts, todo, share, out)) for share in shares[1:]]
    done: _Done = {}
    try:
        done |= _share(parts, todo, shares[0], staging, out)
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
            staging.remove_strays({os.fspath((out / todo[n].path).parent) for n in share})
    for share in failed:
        done |= _share(parts, todo, share, staging, out)
    yield from _checked(parts, todo, done)


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
    parts: Parts, todo: Sequence[Document], share: range, staging: Staging, out: Path
) -> _Done:
    done: _Done = {}
    for number, position in enumerate(share, start=1):
        parts.tidy(number)
        doc = todo[position]
        data, found = parts.in_parts(doc)
        done[position] = (staged(staging, out / doc.path, data), found)
    return done


def _in_child(parts: Parts, todo: Sequence[Document], share: range, out: Path) -> bytes:
    # Not `with`: a child that fails leaves what it staged to this process's `remove_strays`,
    # as a killed one does; removing it here would remove folders the others are writing in.
    mine = Staging(out)
    done = _share(parts, todo, share, mine, out)
    staged_here, created = mine.hand_over()
    return pickle.dumps((staged_here, created, done))
