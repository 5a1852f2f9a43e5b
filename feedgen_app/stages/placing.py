"""What planning reads of a published article: its path, for messages, and the names it is
grouped by (tags, authors, section).

The planner (`stages.plan`, `stages.pages`) works on any pair that has them: an article's file
and decision (`Chosen`) when every published row is read, or a kept plan's stand-ins
(`Shown`, `Grouping`) when only the rows of the articles that changed are (`stages.replan`).
"""

from __future__ import annotations

from typing import NamedTuple, Protocol, TypeVar

from feedgen_app.stages.decide import Decided
from feedgen_app.stages.discover import Found

Chosen = tuple[Found, Decided]
"""A published article's file and what was decided for it."""


class Named(Protocol):
    @property
    def path(self) -> str: ...


class Grouped(Protocol):
    @property
    def tags(self) -> tuple[str, ...]: ...

    @property
    def authors(self) -> tuple[str, ...]: ...

    @property
    def section(self) -> str | None: ...


Member = TypeVar("Member", bound=tuple[Named, Grouped])
"""A published article as the planner sees it."""


class Shown(NamedTuple):
    path: str
    place: int
    """The article's place among the published ones, oldest first."""


class Grouping(NamedTuple):
    tags: tuple[str, ...]
    authors: tuple[str, ...]
    section: str | None


StandIn = tuple[Shown, Grouping]
"""An article as a kept plan holds it."""
