"""Work done in a forked child process, its result sent back as bytes through a pipe: for the
parts of a build that wait on the kernel (`stages.file_states`) or can run beside the imports
(`stages.walk_beside`), on a second core.

A child is forked only on Linux with two cores or more, and while this process runs one
thread: a child forked beside other threads may find a lock held forever (`feedgen-app serve`
watches files in a thread). A child that fails (or could not be forked) gives no result, and the
caller does the work itself, so any error is raised in this process as before.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable


def may_fork() -> bool:
    """Whether work may be given to a forked child here and now."""
    return sys.platform == "linux" and (os.cpu_count() or 1) >= 2 and threading.active_count() == 1


class Forked:
    """A forked child doing some work (none if it could not be forked)."""

    def __init__(self, pid: int, pipe: int) -> None:
        self.pid, self.pipe = pid, pipe

    @classmethod
    def start(cls, work: Callable[[], bytes]) -> Forked:
        """Fork a child that does `work` and sends back what it gives."""
        reading, writing = os.pipe()
        try:
            pid = os.fork()
        except OSError:  # too many processes, or no memory for one more
            os.close(writing)
            return cls(0, reading)
        if pid == 0:  # the child: no Python clean-up, no buffers flushed twice (os._exit)
            os.close(reading)
            code = 1
            try:
                with open(writing, "wb") as pipe:
                    pipe.write(work())
                code = 0
            finally:
                os._exit(code)
        os.close(writing)
        return cls(pid, reading)

    def result(self) -> bytes | None:
        """What the work gave, once the child is done; None if it failed."""
        with open(self.pipe, "rb") as pipe:
            data = pipe.read()
        if not self.pid:
            return None
        _, status = os.waitpid(self.pid, 0)
        return data if os.waitstatus_to_exitcode(status) == 0 else None
