"""One build at a time per output folder.

The lock is an advisory `flock` on `.<output folder name>.lock` beside the output folder (not
inside it, where a deploy would pick it up). The kernel releases it when the process ends, even
by SIGKILL, so there are no stale locks to clean up.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from feedgen_app.errors import ConfigError, FeedgenError, Problem, SourceRef


class BuildLocked(FeedgenError):
    """Another build holds the output folder."""


def lock_path(out_dir: Path) -> Path:
    """The lock of the real folder `out_dir` names: `out` and a symbolic link to it share it."""
    real = Path(os.path.realpath(out_dir))
    return real.parent / f".{real.name}.lock"


@contextmanager
def build_lock(out_dir: Path) -> Iterator[None]:
    if out_dir.exists() and not out_dir.is_dir():
        message = "is a file, not a folder: point --out (or the `output` setting) at a folder"
        raise ConfigError([Problem(SourceRef(str(out_dir)), message)])
    path = lock_path(out_dir)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        message = f"cannot create the build lock {path}: {exc.strerror or exc}"
        raise ConfigError([Problem(SourceRef(str(out_dir)), message)]) from exc
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            message = (
                f"another build is writing to {out_dir} right now (it holds {path}); "
                "run this one again when it has finished"
            )
            raise BuildLocked([Problem(SourceRef(str(out_dir)), message)]) from None
        yield
    finally:
        os.close(descriptor)
