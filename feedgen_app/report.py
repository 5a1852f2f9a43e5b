"""What a build tells its caller, and how the last one is remembered between builds."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from feedgen_app.errors import Problem, SourceRef


class FeedReport(NamedTuple):
    """(A named tuple: a family reports 34,770 documents, made through `map` in C.)"""

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

    def kept(self) -> KeptReport:
        """What the manifest keeps of this report (plain values, for `marshal`)."""
        return (
            self.articles,
            [feed.where for feed in self.feeds],
            [feed.entries for feed in self.feeds],
            [problem_to_json(problem) for problem in self.warnings],
            (self.drafts_left_out, self.future_left_out),
            [problem_to_json(problem) for problem in self.skipped],
            self.not_articles,
        )

    @classmethod
    def unchanged_from(cls, kept: KeptReport) -> BuildReport:
        """The report of a build that found nothing to do: the last one's (`kept`), all
        unchanged."""
        articles, paths, entries, warnings, (drafts, future), skipped, not_articles = kept
        fields = zip(paths, entries, [False] * len(paths), strict=True)
        feeds = map(tuple.__new__, [FeedReport] * len(paths), fields)
        return cls(
            articles=articles,
            feeds=tuple(feeds),
            warnings=tuple(map(problem_from_json, warnings)),
            drafts_left_out=drafts,
            future_left_out=future,
            skipped=tuple(map(problem_from_json, skipped)),
            not_articles=not_articles,
        )


KeptReport = tuple[Any, ...]
"""A `BuildReport` as the manifest keeps it (`BuildReport.kept`)."""


def problem_to_json(problem: Problem) -> list[Any]:
    return [problem.where.path, problem.where.line, problem.message, problem.severity]


def problem_from_json(item: list[Any]) -> Problem:
    path, line, message, severity = item
    return Problem(SourceRef(path, line), message, severity)
