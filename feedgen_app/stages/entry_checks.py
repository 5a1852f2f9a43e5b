"""Which entries pass their checks on their own, once per format (`DocumentCheck.clean`), so
that a document whose entries all pass is checked by its shell alone (`stages.write`).

An entry that passed the same check in an earlier build is not checked again
(`state.passed_checks`). In a first build of a feed family every entry is checked in each of
three formats (a sixth of its CPU at 10,000 articles): the formats are then checked side by side,
in forked processes (`forked`), which halves that part of the wall clock on two cores.
"""

from __future__ import annotations

import gc
import pickle
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from itertools import islice
from typing import TYPE_CHECKING

from feedgen_app.config import SiteConfig
from feedgen_app.forked import Forked, may_fork
from feedgen_app.formats.parts import Shell
from feedgen_app.stages.check import DocumentCheck
from feedgen_app.stages.plan import Document
from feedgen_app.state.passed_checks import PassedChecks, check_key, open_passed

if TYPE_CHECKING:
    from feedgen_app.stages.write import Carried, Spool

BATCH = 64
"""Entries serialized, or checked, together."""


def checked_entries(
    firsts: Mapping[str, Document],
    carried: Mapping[str, Carried],
    spool: Spool,
    check: DocumentCheck,
    config: SiteConfig,
    *,
    shell_of: Callable[[str, bool], Shell],
) -> dict[str, set[str]]:
    """By format, the entries that add no finding to a document (`DocumentCheck.clean`): each
    checked once per format, in the shell of the first document of that format (`firsts`;
    `shell_of(format, media)`), unless it passed that check in an earlier build
    (`state.passed_checks`). With many to check, each format's are checked in a forked process
    of its own (`forked`)."""
    passed = open_passed(config.cache_dir, config.items_dir)
    batches = {
        fmt: list(_batches(doc, carried, spool, shell_of=shell_of, check=check, passed=passed))
        for fmt, doc in firsts.items()
    }
    unknown = sum(len(batch.unknown) for listed in batches.values() for batch in listed)
    verdicts = _verdicts(batches, firsts, spool, check, unknown >= PARALLEL_CHECKS_FROM)
    clean: dict[str, set[str]] = {}
    for fmt, listed in batches.items():
        for batch, found in zip(listed, verdicts[fmt], strict=True):
            newly = [rel for rel, ok in zip(batch.unknown, found, strict=True) if ok]
            passed.add((batch.unknown[rel] for rel in newly), check.now)
            clean.setdefault(fmt, set()).update(newly, batch.known)
    passed.save()
    return clean


PARALLEL_CHECKS_FROM = 1_000
"""Fewer entries than this to check are checked in this process: a fork costs more."""


@dataclass(frozen=True)
class _Batch:
    """`BATCH` entries of one format, in the shell they are checked in."""

    around: Shell
    known: list[str]
    """The entries that passed this check before."""
    unknown: dict[str, str]
    """The others, each with its `check_key`, in the batch's order."""


def _batches(
    doc: Document,
    carried: Mapping[str, Carried],
    spool: Spool,
    *,
    shell_of: Callable[[str, bool], Shell],
    check: DocumentCheck,
    passed: PassedChecks,
) -> Iterator[_Batch]:
    rels = iter(carried)
    while batch := list(islice(rels, BATCH)):
        around = shell_of(doc.format, any(carried[rel].image for rel in batch))
        skeleton = around.head + around.tail
        keys = {
            rel: check_key(doc.format, doc.url, skeleton, spool.get(rel, doc.format))
            for rel in batch
        }
        known = passed.passed(list(keys.values()), check.now)
        yield _Batch(
            around,
            [rel for rel in batch if keys[rel] in known],
            {rel: key for rel, key in keys.items() if key not in known},
        )


def _verdicts(
    batches: Mapping[str, list[_Batch]],
    firsts: Mapping[str, Document],
    spool: Spool,
    check: DocumentCheck,
    parallel: bool,
) -> dict[str, list[list[bool]]]:
    """By format, `DocumentCheck.clean`'s verdicts on each batch's unknown entries: the first
    format's here, the others' in forked children when `parallel` (and forking may be done)."""

    def judge(fmt: str) -> list[list[bool]]:
        found = []
        for batch in batches[fmt]:
            parts = [spool.get(rel, fmt) for rel in batch.unknown]
            found.append(check.clean(firsts[fmt], batch.around, parts))
            gc.collect(0)  # as in `spool_entries`
        return found

    formats = list(batches)
    if not parallel or len(formats) < 2 or not may_fork():
        return {fmt: judge(fmt) for fmt in formats}
    children = {fmt: Forked.start(partial(_pickled, judge, fmt)) for fmt in formats[1:]}
    try:
        verdicts = {formats[0]: judge(formats[0])}
    finally:
        results = {fmt: child.result() for fmt, child in children.items()}
    for fmt, data in results.items():  # a child that failed: judged here, errors raised here
        verdicts[fmt] = judge(fmt) if data is None else pickle.loads(data)
    return verdicts


def _pickled(judge: Callable[[str], list[list[bool]]], fmt: str) -> bytes:
    return pickle.dumps(judge(fmt))
