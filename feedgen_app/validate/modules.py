"""Values of the RSS modules both RSS 1.0 and RSS 2.0 feeds carry: Dublin Core and syndication.

dc:date is a W3C-DTF date (Dublin Core Metadata Element Set, "Date"); dc:language a language
code (RFC 1766); the syndication module (http://purl.org/rss/1.0/modules/syndication/) has
sy:updatePeriod (hourly, daily, weekly, monthly, yearly), sy:updateFrequency (a positive
whole number) and sy:updateBase (a W3C-DTF date).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Final

from lxml import etree

from .dates import read_w3cdtf
from .findings import Finding, at
from .xmlnames import DC_NS, text_of

SY_NS: Final = "http://purl.org/rss/1.0/modules/syndication/"
# RFC 1766 / BCP 47 shape: a primary subtag of 2 or 3 letters (or "x"/"i" for private and
# IANA-registered tags, as in "x-klingon", "i-navajo"), then subtags of up to 8 characters.
LANGUAGE: Final = re.compile(r"(?:[A-Za-z]{2,3}|[xXiI])(?:-[A-Za-z0-9]{1,8})*")
_PERIODS: Final = ("hourly", "daily", "weekly", "monthly", "yearly")


def module_findings(
    root: etree._Element,
) -> tuple[list[Finding], list[tuple[etree._Element, datetime]]]:
    """Findings for dc:date, dc:language and sy:* values, and the dc:dates that could be read.

    sy:updateBase is only a reference point for the schedule (often 1970 or 2000), never checked
    for being plausible.
    """
    findings, moments = [], []
    for element in (*root.iter(f"{{{DC_NS}}}date"), *root.iter(f"{{{SY_NS}}}updateBase")):
        read = read_w3cdtf(text_of(element))
        if isinstance(read, datetime):
            if element.tag == f"{{{DC_NS}}}date":
                moments.append((element, read))
            continue
        name = "dc:date" if element.tag.startswith(f"{{{DC_NS}}}") else "sy:updateBase"
        findings.append(at(element, "dc-date-format", f'<{name}> "{text_of(element)}" {read}'))
    findings.extend(
        at(
            element,
            "dc-language-invalid",
            f'<dc:language> "{text_of(element)}" is not a language code such as "en" or "en-US"',
        )
        for element in root.iter(f"{{{DC_NS}}}language")
        if not LANGUAGE.fullmatch(text_of(element))
    )
    return [*findings, *_syndication_findings(root)], moments


def _syndication_findings(root: etree._Element) -> list[Finding]:
    findings = [
        at(
            element,
            "sy-value-invalid",
            f'<sy:updatePeriod> "{text_of(element)}" is not one of {", ".join(_PERIODS)}',
        )
        for element in root.iter(f"{{{SY_NS}}}updatePeriod")
        if text_of(element) not in _PERIODS
    ]
    findings.extend(
        at(
            element,
            "sy-value-invalid",
            f'<sy:updateFrequency> "{text_of(element)}" is not a whole number of 1 or more',
        )
        for element in root.iter(f"{{{SY_NS}}}updateFrequency")
        if not (
            text_of(element).isascii() and text_of(element).isdigit() and int(text_of(element)) > 0
        )
    )
    return findings
