"""Offline validation of Atom 1.0 (RFC 4287), RSS 2.0 (and 0.91 to 0.94), RSS 1.0 and JSON Feed 1.1
documents.

Each function takes the document's bytes and returns findings sorted by (line, column); an empty
list means the document is clean. Nothing here raises on bad input or touches the network.
`self_url`, when given, is the URL the document will be served at: its self link should equal
it. `now` is the time of the check (default: the clock), for "dates in the future".
`for_build` holds the document to what `build` publishes: the warnings of rules marked
`build_error` become errors. The rules, with their severities, are in `rules.RULES`.

`size`, when given, is the size in bytes of the document `data` stands for: the build checks a
document's parts (`stages.check`), the shell without its entries and the entries on their own,
and judges the size of the whole.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

from lxml import etree

from .atom import check_atom
from .context import Context
from .document import read_document
from .findings import Finding, at, in_document_order, with_entry_ids
from .jsonfeed import check_json_feed, is_json
from .rss import check_rss
from .rss1 import RDF_NS, check_rdf
from .rules import RULES
from .xmlnames import atom, describe_tag

__all__ = [
    "Finding",
    "as_build_sees_it",
    "validate_atom",
    "validate_feed",
    "validate_json_feed",
    "validate_rss",
]

_Check = Callable[[etree._Element, Context], list[Finding]]


def validate_atom(
    data: bytes,
    *,
    self_url: str | None = None,
    now: datetime | None = None,
    size: int | None = None,
) -> list[Finding]:
    """Findings for an Atom 1.0 feed document (`size`: see above)."""
    return _validate(data, lambda root: check_atom, self_url, now, size)


def validate_rss(
    data: bytes,
    *,
    self_url: str | None = None,
    now: datetime | None = None,
    size: int | None = None,
) -> list[Finding]:
    """Findings for an RSS 2.0 document (`size`: see above)."""
    return _validate(data, lambda root: check_rss, self_url, now, size)


def validate_json_feed(
    data: bytes,
    *,
    self_url: str | None = None,
    now: datetime | None = None,
    size: int | None = None,
) -> list[Finding]:
    """Findings for a JSON Feed document (`size`: see above)."""
    return in_document_order(check_json_feed(data, _context(self_url, now), size))


def validate_feed(
    data: bytes,
    *,
    self_url: str | None = None,
    now: datetime | None = None,
    for_build: bool = False,
) -> list[Finding]:
    """Findings for a JSON Feed, Atom, RSS 2.0 or RSS 1.0 document.

    A document whose first character is `{` is JSON; XML ones are told apart by the root element.
    """
    if is_json(data):
        findings = validate_json_feed(data, self_url=self_url, now=now)
    else:
        findings = _validate(data, _check_for, self_url, now, None)
    return as_build_sees_it(findings) if for_build else findings


def as_build_sees_it(findings: list[Finding]) -> list[Finding]:
    """`findings` as `build` judges its own output: warnings of `build_error` rules are errors."""
    return [
        replace(found, severity="error")
        if found.severity == "warning" and RULES[found.rule].build_error
        else found
        for found in findings
    ]


def _check_for(root: etree._Element) -> _Check:
    """The checks for the format the root element names."""
    if root.tag in {atom("feed"), atom("entry")}:
        return check_atom
    if root.tag == "rss":
        return check_rss
    if root.tag == f"{{{RDF_NS}}}RDF":
        return check_rdf
    return _unknown_format


def _unknown_format(root: etree._Element, context: Context) -> list[Finding]:
    message = (
        f"the root element is {describe_tag(root.tag)}, which is not an Atom 1.0 "
        '<feed xmlns="http://www.w3.org/2005/Atom">, an RSS <rss version="2.0"> or an RSS 1.0 '
        "<rdf:RDF>"
    )
    return [at(root, "feed-unknown-format", message)]


def _validate(
    data: bytes,
    choose: Callable[[etree._Element], _Check],
    self_url: str | None,
    now: datetime | None,
    size: int | None,
) -> list[Finding]:
    """Read the document, run the checks `choose` picks for its root, and sort the findings."""
    context = _context(self_url, now)
    document = read_document(data, size)
    if document.root is None:
        return in_document_order(document.findings)
    findings = [*document.findings, *choose(document.root)(document.root, context)]
    return in_document_order(with_entry_ids(document.root, findings))


def _context(self_url: str | None, now: datetime | None) -> Context:
    """What the checks know besides the document; `now` defaults to the clock."""
    if now is not None and now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    return Context(self_url, now or datetime.now(UTC))
