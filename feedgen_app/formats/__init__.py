"""The feed formats: each registers its writer and its checker together, in `FORMATS`.

`config` derives the formats it accepts (and their default file names) from this table; the build
writes every planned feed with `writer()` and checks it with `checker()` before publishing. The
writer and checker modules are imported on first use, so reading the settings (which every build
does, even one with nothing to do) never loads feedgen or lxml.

Adding a format is one entry here plus a module with `write(feed: Feed) -> bytes` and a checker
`(data, *, self_url, now) -> list[Finding]` in `validate/`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from feedgen_app.model import Feed
    from feedgen_app.validate import Finding

Writer = Callable[["Feed"], bytes]


class Checker(Protocol):
    def __call__(
        self,
        data: bytes,
        *,
        self_url: str | None = None,
        now: datetime | None = None,
        size: int | None = None,
    ) -> list[Finding]: ...


@dataclass(frozen=True)
class Format:
    name: str
    """The key in the `feeds` setting."""
    default_file: str
    media_type: str
    """For the self link, autodiscovery and serving."""
    writer_module: str
    checker_name: str
    """A function of `feedgen_app.validate`."""

    def writer(self) -> Writer:
        module = importlib.import_module(f"feedgen_app.formats.{self.writer_module}")
        write: Writer = module.write
        return write

    def checker(self) -> Checker:
        check: Checker = getattr(importlib.import_module("feedgen_app.validate"), self.checker_name)
        return check


FORMATS = MappingProxyType(
    {
        "atom": Format("atom", "atom.xml", "application/atom+xml", "atom", "validate_atom"),
        "rss": Format("rss", "rss.xml", "application/rss+xml", "rss", "validate_rss"),
        "json": Format(
            "json", "feed.json", "application/feed+json", "jsonfeed", "validate_json_feed"
        ),
    }
)
