"""Which entries pass their checks on their own, once per format (`DocumentCheck.clean`), so
that a document whose entries all pass is checked by its shell alone (`stages.write`).

An entry that passed the same check in an earlier build is not checked again
(`state.passed_checks`). In a first build of a feed family every entry is checked in each of
three formats (a quarter of its CPU at 10,000 articles): they are then checked on every core, in
forked processes (`forked`), which halves that part of the wall clock on two cores.
"""

from __future__ import annotations

import gc
import os
import pickle
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
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
    checked_in: Mapping[str, Document],
    carried: Mapping[str, Carried],
    spool: Spool,
    check: DocumentCheck,
    config: SiteConfig,
    *,
    shell_of: Callable[[str, bool], Shell],
    live: int,
) -> dict[str, set[str]]:
    """By format, the entries that add a finding to a document (`DocumentCheck.clean`): every
    other entry of `carried` passes. Each is checked once per format, in the shell of the same
    document whatever the build makes (`checked_in`, by format; `shell_of(format, media)`),
    unless it passed that check in an earlier build (`state.passed_checks`). With many to
    check, each format's are checked in a forked process of its own (`forked`). The few entries
    that fail are returned, not the 100,000 that pass in a family's first build. `live`: how
    many articles the build's feeds carry (the whole plan's, not only what is made now): the
    record of passed checks keeps twice their keys (`PassedChecks.save`)."""
    passed = open_passed(config.cache_dir, config.items_dir)
    batches = {
        fmt: list(_batches(doc, carried, spool, shell_of=shell_of, check=check, passed=passed))
        for fmt, doc in checked_in.items()
    }
    unknown = sum(len(batch.unknown) for listed in batches.values() for batch in listed)
    verdicts = _verdicts(batches, checked_in, spool, check, unknown >= PARALLEL_CHECKS_FROM)
    failed: dict[str, set[str]] = {fmt: set() for fmt in checked_in}
    for fmt, listed in batches.items():
        for batch, found in zip(listed, verdicts[fmt], strict=True):
            passed.add((batch.key(n) for n, ok in enumerate(found) if ok), check.now)
            failed[fmt].update(rel for rel, ok in zip(batch.unknown, found, strict=True) if not ok)
    passed.save(keep=KEPT_PER_KEY * live * len(checked_in))
    return failed


KEPT_PER_KEY = 2
"""Keys kept in the record of passed checks for each key the plan's entries have now: the
others are of entries that changed, were removed, or of earlier settings."""


PARALLEL_CHECKS_FROM = 1_000
"""Fewer entries than this to check are checked in this process: a fork costs more."""


@dataclass(frozen=True)
class _Batch:
    """`BATCH` entries of one format, in the shell they are checked in."""

    around: Shell
    unknown: list[str]
    """The entries that did not pass this check before, in the batch's order."""
    keys: bytes
    """Their `check_key`s, as 16 bytes each (300,000 keys as text in a family's first build
    would hold 35 MB until the checks end)."""

    def key(self, number: int) -> str:
        """The `check_key` of the `number`th unknown entry."""
        return self.keys[number * KEY_SIZE : (number + 1) * KEY_SIZE].hex()


KEY_SIZE = 16
"""Bytes of a `check_key` (`state.digest`: 128-bit BLAKE2b)."""


def _batches(
    doc: Document,
    carried: Mapping[str, Carried],
    spool: Spool,
    *,
    shell_of: Callable[[str, bool], Shell],
    check: DocumentCheck,
    passed: PassedChecks,
) -> Iterator[_Batch]:
    # Entries with an image batched apart from the others, each in its own kind of shell
    # (with media or without: two shells a format, not one a batch): an entry's check, and so
    # its key, is the same whatever entries it is checked beside.
    plain = [rel for rel in carried if not carried[rel].image]
    pictured = [rel for rel in carried if carried[rel].image]
    shells: dict[bool, Shell] = {}
    for media, group in ((False, plain), (True, pictured)):
        for start in range(0, len(group), BATCH):
            batch = group[start : start + BATCH]
            around = shells.get(media) or shells.setdefault(media, shell_of(doc.format, media))
            yield _batch(doc, batch, around, spool, check=check, passed=passed)


def _batch(
    doc: Document,
    batch: list[str],
    around: Shell,
    spool: Spool,
    *,
    check: DocumentCheck,
    passed: PassedChecks,
) -> _Batch:
    """`batch`, in the shell `around`, with the entries that did not pass this check before."""
    skeleton = around.head + around.tail
    keys = {
        rel: check_key(doc.format, doc.url, skeleton, spool.get(rel, doc.format)) for rel in batch
    }
    known = passed.passed(list(keys.values()), check.now)
    unknown = [rel for rel in batch if keys[rel] not in known]
    raw = b"".join(bytes.fromhex(keys[rel]) for rel in unknown)
    return _Batch(around, unknown, raw)


def _verdicts(
    batches: Mapping[str, list[_Batch]],
    checked_in: Mapping[str, Document],
    spool: Spool,
    check: DocumentCheck,
    parallel: bool,
) -> dict[str, list[list[bool]]]:
    """By format, `DocumentCheck.clean`'s verdicts on each batch's unknown entries. When
    `parallel` (and forking may be done), every core takes every Nth batch, in every format:
    this process the first share, forked children the others. The batch of a number holds the
    same articles in every format, and one process checks it in all of them: the scan of an
    article's HTML, the costliest part of its check, is then made once and kept for the other
    formats (`validate.content`). (A format a process was uneven, and scanned each article's
    HTML in each of three processes.)"""
    tasks = [
        (fmt, number)
        for number in range(max(map(len, batches.values()), default=0))
        for fmt, listed in batches.items()
        if number < len(listed)
    ]

    def judge(share: Sequence[tuple[str, int]]) -> dict[tuple[str, int], list[bool]]:
        found = {}
        for fmt, number in share:
            batch = batches[fmt][number]
            parts = [spool.get(rel, fmt) for rel in batch.unknown]
            found[fmt, number] = check.clean(checked_in[fmt], batch.around, parts)
            gc.collect(0)  # as in `spool_entries`
        return found

    processes = os.cpu_count() or 1
    if not parallel or processes < 2 or not may_fork():
        verdicts = judge(tasks)
    else:
        shares = [[task for task in tasks if task[1] % processes == k] for k in range(processes)]
        children = [Forked.start(partial(_pickled, judge, share)) for share in shares[1:]]
        try:
            verdicts = judge(shares[0])
        finally:
            results = [child.result() for child in children]
        for share, data in zip(shares[1:], results, strict=True):
            # a child that failed: judged here, errors raised here
            verdicts |= judge(share) if data is None else pickle.loads(data)
    return {fmt: [verdicts[fmt, n] for n in range(len(listed))] for fmt, listed in batches.items()}


def _pickled(
    judge: Callable[[Sequence[tuple[str, int]]], dict[tuple[str, int], list[bool]]],
    share: Sequence[tuple[str, int]],
) -> bytes:
    return pickle.dumps(judge(share))
