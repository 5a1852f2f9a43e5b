"""RFC 822 dates as RFC 822 itself allows them, beyond the one form RSS 2.0 shows.

RFC 822 §3.4 and §5 allow comments in parentheses, folded white space, names in any case,
two-digit years and military time zones ("Z", "A"..."Y"). Readers parse such dates unevenly,
so `check` reports them as warnings (the W3C validator: ProblematicalRFC822Date), and `build`
never writes them. `canonical_rfc822` rewrites such a date into the form `dates.read_rfc822`
reads, and says what it changed.
"""

from __future__ import annotations

import re
from typing import Final

from .dates import MONTHS, WEEKDAYS, ZONE_NAMES

_COMMENT: Final = re.compile(r"\((?:[^()\\]|\\.)*\)")
_SPACE: Final = re.compile(r"\s+")
_SHAPE: Final = re.compile(
    r"(?:(?P<weekday>[A-Za-z]+) ?, ?)?(?P<day>\d{1,2}) (?P<month>[A-Za-z]+) (?P<year>\d{2}|\d{4}) "
    r"(?P<time>\d{2}:\d{2}(?::\d{2})?) (?P<zone>\S+)"
)
# RFC 822 §5: military zones, one letter (J is not used); Z is UT. RFC 822 gave the others the
# wrong signs, so RFC 2822 §4.3 reads them all as -0000, "local time, offset unknown".
_MILITARY: Final = {letter: "-0000" for letter in "ABCDEFGHIKLMNOPQRSTUVWXY"} | {"Z": "+0000"}


def canonical_rfc822(value: str) -> tuple[str, list[str]] | None:
    """(the date in canonical form, what was not canonical), or None if it is no RFC 822 date."""
    changes = []
    text = value
    while _COMMENT.search(text):
        text = _COMMENT.sub(" ", text)
    if text != value:
        changes.append("has comments in parentheses")
    collapsed = _SPACE.sub(" ", text).strip()
    if not changes and collapsed.replace(" ,", ",") != text.replace(" ,", ","):
        changes.append("has extra white space")
    match = _SHAPE.fullmatch(collapsed)
    if match is None:
        return None
    weekday, month, year, zone = (match[name] for name in ("weekday", "month", "year", "zone"))
    names = [name for name in (weekday, month) if name] + [zone]
    canonical_names = [_named(name) for name in names]
    if canonical_names != names:
        changes.append("writes a day, month or zone name in another case")
    if len(year) == 2:
        changes.append("has a two-digit year")
        year = str((2000 if int(year) < 50 else 1900) + int(year))
    zone = canonical_names[-1]
    if zone in _MILITARY:
        changes.append(f'has the military time zone "{zone}"')
        zone = _MILITARY[zone]
    day_name = f"{canonical_names[0]}, " if weekday else ""
    month_name = canonical_names[-2]
    return f"{day_name}{match['day']} {month_name} {year} {match['time']} {zone}", changes


def _named(name: str) -> str:
    """A day, month or zone name in the case RFC 822 writes it; other text as it is."""
    for known in (*WEEKDAYS, *MONTHS, *ZONE_NAMES, *_MILITARY):
        if name.lower() == known.lower():
            return known
    return name
