"""Writing finished files: only inside the output folder, atomically, and only when changed.

Each file goes to a temporary file in the same folder, is flushed to disk, then renamed over
the old one, so a reader (or a crash) sees either the complete old or the complete new file.
An unchanged file is not rewritten, so its modification time stays and deploy tools skip it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from feedgen_app.errors import ConfigError, Problem, SourceRef


@dataclass(frozen=True)
class Published:
    path: Path
    changed: bool


def publish(outputs: Mapping[Path, bytes], out_dir: Path) -> tuple[Published, ...]:
    root = out_dir.resolve()
    for path in outputs:
        if not path.resolve().is_relative_to(root):
            message = f"refusing to write outside the output folder {out_dir}"
            raise ConfigError([Problem(SourceRef(str(path)), message)])
    return tuple(Published(path, write_if_changed(path, data)) for path, data in outputs.items())


def write_if_changed(path: Path, data: bytes) -> bool:
    """Atomically replace `path` with `data` unless it holds exactly that; True if written."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)
    return True


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
