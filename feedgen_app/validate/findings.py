"""The Finding record that every validation rule reports, and helpers to make and order them."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, replace

from lxml import etree

from .rule import Severity
from .rules import severity_of
from .xmlnames import atom, text_of

__all__ = ["Finding", "Severity", "at", "entry_of", "in_document_order", "line_of"]


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
    entry_id: str | None = None
    """The <id> (Atom) or <guid>, else <link> (RSS) of the entry or item the finding is in."""

    def format(self, path: str) -> str:
        """Render compiler style: ``path:line:col: severity: message [rule]``."""
        return f"{path}:{self.line}:{self.column}: {self.severity}: {self.message} [{self.rule}]"


def finding(rule: str, message: str, line: int = 0, column: int = 0) -> Finding:
    """A finding of `rule`, with the rule's severity, at a line and column."""
    return Finding(line, column, severity_of(rule), rule, message)


def at(element: etree._Element, rule: str, message: str, *, line: int | None = None) -> Finding:
    """A finding of `rule` at the start tag of `element` (lxml gives no column), or at `line`.

    It names the entry or item `element` is in.
    """
    entry = entry_of(element)
    return Finding(
        line=line_of(element) if line is None else line,
        column=0,
        severity=severity_of(rule),
        rule=rule,
        message=message,
        entry_id=None if entry is None else entry_id_of(entry),
    )


def line_of(element: etree._Element) -> int:
    """The 1-based line an element starts on, 0 if lxml does not know it."""
    line = element.sourceline
    return line if isinstance(line, int) else 0


def entry_of(element: etree._Element) -> etree._Element | None:
    """The Atom <entry> or RSS <item> that is `element` or contains it, if any."""
    for candidate in (element, *element.iterancestors()):
        if candidate.tag in {atom("entry"), "item"}:
            return candidate
    return None


def entry_id_of(entry: etree._Element) -> str | None:
    """An entry's <id>, or an item's <guid>, else its <link>; None if it has none."""
    names = [atom("id")] if entry.tag == atom("entry") else ["guid", "link"]
    for name in names:
        child = entry.find(name)
        value = "" if child is None else text_of(child)
        if value:
            return value
    return None


def with_entry_ids(root: etree._Element, findings: Iterable[Finding]) -> list[Finding]:
    """Name the entry of findings that only know their line (the schema's, for example).

    A line belongs to the first element starting on it, else to the last one starting before
    it; on a line where a whole feed is written (no line breaks) that is the root, so no entry.
    """
    elements = [element for element in root.iter() if isinstance(element.tag, str)]
    lines = [line_of(element) for element in elements]
    named = []
    for found in findings:
        entry = None
        if found.entry_id is None and found.line > 0:
            index = bisect_right(lines, found.line - 1)
            if index == len(lines) or lines[index] != found.line:
                index -= 1
            entry = entry_of(elements[index]) if index >= 0 else None
        named.append(found if entry is None else replace(found, entry_id=entry_id_of(entry)))
    return named


def in_document_order(findings: Iterable[Finding]) -> list[Finding]:
    """Findings sorted by (line, column); equal positions keep the order they were found in."""
    return sorted(findings, key=lambda item: (item.line, item.column))
