"""Which of the last build's files are still as it left them (`Output.still_holds`), asked of
the kernel by a forked child while this process plans: a feed family at 100,000 articles has
35,000 files, whose `stat` calls (0.25 s) no longer wait for the plan to be made.

When and how a child is forked: `forked`. Without a child, or if it fails, each file is asked
here when it is needed, as before.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from pathlib import Path

from feedgen_app.forked import Forked, may_fork
from feedgen_app.stages.discover import FileState
from feedgen_app.state.manifest import Output

FORK_FROM = 1_000
"""Fewer files than this are asked here: a fork costs about as much as 1,000 calls."""
SAMPLE = 9
"""Files `mostly` asks about."""
GONE = FileState(-1, -1, -1, -1)
"""The state of a file `forget_gone` forgot: no file's."""


class StillHeld:
    """Whether the file at a path (relative to the output folder) is still the one the last
    build wrote there (`earlier`). A forked child starts asking about them all at once, when
    there are many; on leaving it is waited for, whether its answers were needed or not."""

    def __init__(self, earlier: dict[str, Output], out: Path) -> None:
        self.earlier, self.base = earlier, os.path.join(out, "")
        self.held: dict[str, bool] = {}
        many = len(earlier) >= FORK_FROM and may_fork()
        self.child = Forked.start(self._ask_all) if many else None

    def __enter__(self) -> StillHeld:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.child is not None:
            self._collect()

    def mostly(self) -> bool:
        """Whether most of the last build's files seem to be in place: it wrote some, and more
        than half of a few spread over them still hold its bytes (asked here, at once)."""
        rels = list(self.earlier)
        tried = {rels[len(rels) * n // SAMPLE] for n in range(SAMPLE)} if rels else set()
        held = sum(self.earlier[rel].still_holds(self.base + rel) for rel in tried)
        return held * 2 > len(tried)

    def forget_gone(self, planned: Collection[str]) -> None:
        """Forget each file no longer as the last build left it (in `earlier`, which this
        changes): one `planned` again, it is made again; of another all but its digest, with
        which it is removed if it still holds those bytes. A family at 100,000 articles whose
        output folder was emptied holds 10 to 20 MB less through its build."""
        for rel in [rel for rel in self.earlier if not self(rel)]:
            if rel in planned:
                del self.earlier[rel]
            else:
                self.earlier[rel] = Output(self.earlier[rel].digest, GONE, "", ())

    def __call__(self, rel: str) -> bool:
        if self.child is not None:
            self._collect()
        held = self.held.get(rel)
        if held is None:  # asked here (no child), or forgotten
            output = self.earlier.get(rel)
            return output is not None and output.still_holds(self.base + rel)
        return held

    def _ask_all(self) -> bytes:
        base = self.base
        return bytes(output.still_holds(base + rel) for rel, output in self.earlier.items())

    def _collect(self) -> None:
        assert self.child is not None
        answers, self.child = self.child.result(), None
        if answers is not None and len(answers) == len(self.earlier):
            self.held = dict(zip(self.earlier, map(bool, answers), strict=True))
