"""The `enclosure:` and `image:` front-matter fields: a URL, or a path to a local file.

A local path is relative to the article file, and is published at the same path relative to the
article's URL (as relative links in the body are); its length is the file's size and its media
type comes from its extension. A missing local file is an error at the field's line.
"""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path
from typing import Any

from feedgen_app import urls
from feedgen_app.model import Enclosure

_CLOCK = re.compile(r"^(?:(?P<h>\d+):)?(?P<m>[0-5]?\d):(?P<s>[0-5]\d)$")
_KEYS = {"url", "path", "type", "length", "title", "duration"}


def read_image(value: Any, folder: Path) -> str:
    """An image URL as written (a local path must name an existing file)."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("expected a URL or a path to an image file")
    where = value.strip()
    if not urls.is_absolute_http_url(where):
        _local_file(where, folder)
    return where


def read_enclosure(value: Any, folder: Path) -> Enclosure:
    """An enclosure from a URL or path, or from { url|path, type, length, title, duration }."""
    fields = {"url": value} if isinstance(value, str) else value
    if not isinstance(fields, dict) or not isinstance(fields.get("url", fields.get("path")), str):
        raise ValueError("expected a URL, a path, or { url: …, type: …, length: …, duration: … }")
    unknown = sorted(set(fields) - _KEYS)
    if unknown:
        raise ValueError(f"unknown key(s) {unknown} ({', '.join(sorted(_KEYS))})")
    where = str(fields.get("url", fields.get("path"))).strip()
    kind, length = fields.get("type"), fields.get("length")
    if urls.is_absolute_http_url(where):
        size = 0 if length is None else _length(length)
    else:
        size = _local_file(where, folder).stat().st_size
    kind = kind or mimetypes.guess_type(where.split("?")[0])[0]
    if not isinstance(kind, str) or "/" not in kind:
        raise ValueError(f"no media type for {where!r}: add `type:` (e.g. audio/mpeg)")
    title = fields.get("title")
    if title is not None and not isinstance(title, str):
        raise ValueError("title: expected text")
    duration = fields.get("duration")
    return Enclosure(where, kind, size, title, None if duration is None else _seconds(duration))


def _local_file(where: str, folder: Path) -> Path:
    path = folder / where
    if not path.is_file():
        raise ValueError(f"no such file {path} (a URL, or a path relative to the article file)")
    return path


def _length(value: Any) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("length: expected a number of bytes")
    return value


def _seconds(value: Any) -> int:
    """Seconds from a number of seconds or a clock time (`1:02:03`, `62:03`)."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    match = _CLOCK.match(str(value).strip()) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"duration: expected seconds or H:MM:SS, got {value!r}")
    return int(match["h"] or 0) * 3600 + int(match["m"]) * 60 + int(match["s"])
