"""A one-line status on a terminal for builds that take more than a second."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

Report = Callable[[str], None]
"""Where the build says what it is doing: `"read 4,000 of 10,000 articles"`."""


def quiet(_message: str) -> None:
    """The report of a build nobody watches."""


class Progress:
    """Shows the latest status on `stream` (a terminal), once `delay` seconds have passed;
    `close()` clears the line so that the summary stands alone."""

    def __init__(
        self, stream: TextIO, delay: float = 1.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.stream, self.delay, self.clock = stream, delay, clock
        self.started = clock()
        self.shown = False

    def __call__(self, message: str) -> None:
        if self.clock() - self.started < self.delay:
            return
        self.stream.write(f"\r\x1b[K{message}")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
