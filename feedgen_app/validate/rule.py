"""What a rule is: its severity, what it checks and where that comes from (see `rules.RULES`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

Severity = Literal["error", "warning"]

RSS_SPEC: Final = "RSS 2.0"
RSS_PROFILE: Final = "RSS Profile"
PRACTICE: Final = "reader practice"


@dataclass(frozen=True)
class Rule:
    """What one rule id means."""

    severity: Severity
    """"error": the document breaks the spec; "warning": allowed, but readers punish it."""
    summary: str
    """One line: what a document must do to pass."""
    spec: str
    """The section of the spec (or the practice) the rule comes from."""
    build_error: bool = False
    """True for a warning that `build` treats as an error: our own feeds are held to more than
    the spec asks of a third party's (see docs/rules.md)."""


def error(summary: str, spec: str) -> Rule:
    return Rule("error", summary, spec)


def warning(summary: str, spec: str, *, build_error: bool = False) -> Rule:
    return Rule("warning", summary, spec, build_error)
