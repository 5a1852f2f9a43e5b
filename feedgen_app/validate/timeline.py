"""Dates readers distrust: in the future, or before 1990 (usually a zero or a typo)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Final

from lxml import etree

from .findings import Finding, at
from .xmlnames import local_name, text_of

EARLIEST: Final = datetime(1990, 1, 1, tzinfo=UTC)


def date_range_findings(
    dates: Iterable[tuple[etree._Element, datetime]], now: datetime
) -> list[Finding]:
    """`feed-date-future` and `feed-date-before-1990` for each (element, its date)."""
    findings = []
    for element, moment in dates:
        name, written = local_name(element), text_of(element)
        if moment > now:
            message = (
                f'<{name}> "{written}" is in the future (the check ran at '
                f"{now.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}); readers sort it first, or hide it"
            )
            findings.append(at(element, "feed-date-future", message))
        elif moment < EARLIEST:
            message = (
                f'<{name}> "{written}" is before 1990, which readers take for a missing date; '
                "give the real date"
            )
            findings.append(at(element, "feed-date-before-1990", message))
    return findings
