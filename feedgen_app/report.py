"""What a build tells its caller, and how the last one is remembered between builds."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from feedgen_app.errors import Problem, SourceRef


@dataclass(frozen=True, slots=True)
class FeedReport:
    where: str
    """The file's path, as text (a family's first build reports 35,872 files: a `Path` each
    held 20 MB to the end of the build); `path` makes the `Path`."""
    entries: int
    changed: bool

    @property
    def path(self) -> Path:
        return Path(self.where)


@dataclass(frozen=True)
class BuildReport:
    articles: int
    feeds: tuple[FeedReport, ...]
    warnings: tuple[Problem, ...]
    drafts_left_out: int
    future_left_out: int
    skipped: tuple[Problem, ...]
    """With `skip_invalid`: the errors of the files left out."""
    removed: tuple[Path, ...] = ()
    """Feeds an earlier build wrote that this one no longer plans (a vanished tag's)."""
    not_articles: int = 0
    """Files passed over because they are pages, not articles (`readers.pages`)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "feeds": [[feed.where, feed.entries] for feed in self.feeds],
            "warnings": [problem_to_json(problem) for problem in self.warnings],
            "left_out": [self.drafts_left_out, self.future_left_out],
            "skipped": [problem_to_json(problem) for problem in self.skipped],
            "not_articles": self.not_articles,
        }

    @classmethod
    def unchanged_from_json(cls, data: dict[str, Any]) -> BuildReport:
        """The report of a build that found nothing to do: the last one's, all unchanged."""
        drafts, future = data["left_out"]
        return cls(
            articles=data["articles"],
            feeds=tuple(FeedReport(path, entries, False) for path, entries in data["feeds"]),
            warnings=tuple(problem_from_json(item) for item in data["warnings"]),
            drafts_left_out=drafts,
            future_left_out=future,
            skipped=tuple(problem_from_json(item) for item in data["skipped"]),
            not_articles=data.get("not_articles", 0),
        )


def problem_to_json(problem: Problem) -> list[Any]:
    return [problem.where.path, problem.where.line, problem.message, problem.severity]


def problem_from_json(item: list[Any]) -> Problem:
    path, line, message, severity = item
    return Problem(SourceRef(path, line), message, severity)
