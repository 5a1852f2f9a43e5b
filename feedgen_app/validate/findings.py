"""The Finding record that every validation rule reports, and helpers to make and order them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from lxml import etree

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    """One problem in a feed document, located by line and column."""

    line: int
    """1-based line in the document, 0 if unknown."""
    column: int
    """1-based column in the document, 0 if unknown."""
    severity: Severity
    """"error" breaks the spec; "warning" is allowed but likely wrong."""
    rule: str
    """Stable kebab-case rule id, e.g. "atom-schema"; see `rules.RULES`."""
    message: str
    """One sentence: what is wrong and what is accepted."""

    def format(self, path: str) -> str:
        """Render compiler style: ``path:line:col: severity: message [rule]``."""
        return f"{path}:{self.line}:{self.column}: {self.severity}: {self.message} [{self.rule}]"


def line_of(element: etree._Element) -> int:
    """The 1-based line an element starts on, 0 if lxml does not know it."""
    line = element.sourceline
    return line if isinstance(line, int) else 0


def error_at(element: etree._Element, rule: str, message: str) -> Finding:
    """An error finding located at the start tag of `element` (lxml gives no column)."""
    return Finding(line=line_of(element), column=0, severity="error", rule=rule, message=message)


def in_document_order(findings: Iterable[Finding]) -> list[Finding]:
    """Findings sorted by (line, column); equal positions keep the order they were found in."""
    return sorted(findings, key=lambda finding: (finding.line, finding.column))
