"""Dates for articles that carry none, kept stable across rebuilds and fresh clones.

The first build that meets an undated article picks a date (the git commit that added the file,
else SOURCE_DATE_EPOCH, else the file's modification time) and records it in
`.feedgen-dates.toml` in the items folder. The user commits that file; every later build and
every fresh clone reads the date back from it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from feedgen_app.dates import source_date_epoch
from feedgen_app.errors import ConfigError, Problem, SourceRef
from feedgen_app.toml_errors import toml_error_location

RECORD_NAME = ".feedgen-dates.toml"
_HEADER = (
    "# Dates that feedgen_app chose for articles that carry none (see README, 'Dates').\n"
    "# Commit this file so every clone publishes the same dates. Edit a date here, or better,\n"
    "# add a date to the article itself.\n"
)


def load_record(items_dir: Path) -> dict[str, datetime]:
    """Relative article path -> recorded date; empty when there is no record yet."""
    path = items_dir / RECORD_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([Problem(SourceRef(str(path)), f"cannot read: {exc}")]) from exc
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, message = toml_error_location(exc, text)
        raise ConfigError([Problem(SourceRef(str(path), line), message)]) from exc
    bad = [key for key, value in table.items() if not _is_aware(value)]
    if bad:
        message = f"{bad[0]!r} needs a date-time with a zone, e.g. 2024-05-01T10:00:00Z"
        raise ConfigError([Problem(SourceRef(str(path)), message)])
    return dict(table)


def render_record(dates: Mapping[str, datetime]) -> bytes:
    """The record file's bytes: sorted, one `"path" = date` line per article."""
    lines = [f"{_quote(key)} = {dates[key].isoformat()}\n" for key in sorted(dates)]
    return (_HEADER + "\n" + "".join(lines)).encode("utf-8")


def infer_date(path: Path) -> tuple[datetime, str]:
    """(date, where it came from) for a file that has none and no recorded one."""
    committed = _git_first_commit_date(path)
    if committed is not None:
        return committed, "the git commit that added the file"
    epoch = source_date_epoch()
    if epoch is not None:
        return epoch, "SOURCE_DATE_EPOCH"
    modified = datetime.fromtimestamp(int(path.stat().st_mtime), UTC)
    return modified, "the file's modification time"


def _git_first_commit_date(path: Path) -> datetime | None:
    import subprocess  # noqa: PLC0415 - only for undated files, not on every build's start

    command = ["git", "log", "--diff-filter=A", "--follow", "--format=%aI", "--", path.name]
    try:
        result = subprocess.run(
            command, cwd=path.parent, capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    stamps = result.stdout.split()
    if result.returncode != 0 or not stamps:
        return None
    return datetime.fromisoformat(stamps[-1])


def _is_aware(value: object) -> bool:
    return isinstance(value, datetime) and value.tzinfo is not None


def _quote(key: str) -> str:
    return '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'
