"""Counting the children a test's code forks (`forked.Forked`), on as many cores as a test asks
for, whatever the machine has."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest

from feedgen_app.forked import Forked


def counted_forks(monkeypatch: pytest.MonkeyPatch, cores: int) -> list[int]:
    """The process ids of the children forked from now on, with `cores` cores."""
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    started: list[int] = []
    start = Forked.start

    def counted(work: Callable[[], bytes]) -> Forked:
        child = start(work)
        started.append(child.pid)
        return child

    monkeypatch.setattr(Forked, "start", counted)
    return started
