"""Problems found in the input, and the exceptions that carry them to the CLI.

Every problem names a place (`SourceRef`), so the user can go straight to the file and line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum
from typing import Literal


class ExitCode(IntEnum):
    OK = 0
    BUILD_FAILED = 1
    USAGE = 2
    SKIPPED_INVALID = 3
    """`--skip-invalid` published the valid articles and left some files out."""
    PING_FAILED = 4
    """The build succeeded, but a WebSub hub could not be told of a changed feed."""


@dataclass(frozen=True, slots=True)
class SourceRef:
    """A place in an input file: `path` as shown to the user, `line` 1-based (0 = whole file)."""

    path: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def at(self, line: int) -> SourceRef:
        return SourceRef(self.path, line)


@dataclass(frozen=True, slots=True)
class Problem:
    where: SourceRef
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        return f"{self.where}: {self.severity}: {self.message}"


def counted(number: int, noun: str) -> str:
    """'1 article', '2 articles': counts in messages."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def warning(where: SourceRef, message: str) -> Problem:
    return Problem(where, message, "warning")


class FeedgenError(Exception):
    """Root of the errors a user can act on. Carries one or more located problems."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


class ConfigError(FeedgenError):
    """The site settings are missing or wrong."""


class ArticleError(FeedgenError):
    """One article file cannot be read; every problem in it is listed."""


class BuildFailed(FeedgenError):
    """The build found errors and wrote nothing."""


class RenderFailed(BuildFailed):
    """Articles read and decided that could not be rendered (a template error, Markdown nested
    too deep): `--skip-invalid` leaves them out and plans the feeds again."""

    def __init__(self, problems: Iterable[Problem], rels: Iterable[str]) -> None:
        super().__init__(problems)
        self.rels = frozenset(rels)
        """The relative paths of the articles."""


def fail(where: SourceRef, message: str) -> ArticleError:
    """Shorthand for raising a single located article error: `raise fail(ref, "...")`."""
    return ArticleError([Problem(where, message)])
