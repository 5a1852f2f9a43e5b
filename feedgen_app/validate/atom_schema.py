"""RELAX NG validation against the schema of RFC 4287 Appendix B (feedgen_app/schemas/atom.rng)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib.resources import files
from typing import Protocol

from lxml import etree

from .findings import Finding, line_of
from .xmlparse import safe_parser


class _LogEntry(Protocol):
    """The part of lxml's `_LogEntry` this module reads (lxml-stubs does not describe it)."""

    line: int
    column: int
    message: str


class _RelaxNG(Protocol):
    """The part of `lxml.etree.RelaxNG` this module uses (lxml-stubs does not describe it)."""

    def validate(self, document: etree._Element) -> bool: ...

    @property
    def error_log(self) -> Iterable[_LogEntry]: ...


@cache
def _atom_schema() -> _RelaxNG:
    """The compiled Atom schema, loaded once from the package's data files."""
    data = files("feedgen_app").joinpath("schemas", "atom.rng").read_bytes()
    schema: _RelaxNG = etree.RelaxNG(etree.fromstring(data, safe_parser()))
    return schema


def atom_schema_findings(root: etree._Element) -> list[Finding]:
    """`atom-schema` findings: libxml2's RELAX NG error log, one finding per line it names.

    One mistake makes libxml2 log a cascade ("Expecting an element title, got nothing",
    "Invalid sequence in interleave", "Element feed failed to validate content"); the messages
    for one line are joined into one finding. Messages logged with line 0 (e.g. "Extra element
    link in interleave") go to the next line that is named, the element containing the culprit.
    """
    schema = _atom_schema()
    if schema.validate(root):
        return []
    messages_by_line: dict[int, list[str]] = {}
    unlocated: list[str] = []
    for entry in schema.error_log:
        unlocated.append(entry.message.strip())
        if entry.line > 0:
            messages_by_line.setdefault(entry.line, []).extend(unlocated)
            unlocated = []
    if unlocated:
        messages_by_line.setdefault(line_of(root), []).extend(unlocated)
    return [
        Finding(
            line=line,
            column=0,
            severity="error",
            rule="atom-schema",
            message="does not match the RFC 4287 schema: " + "; ".join(dict.fromkeys(messages)),
        )
        for line, messages in messages_by_line.items()
    ]
