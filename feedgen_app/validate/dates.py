"""Date checks: RFC 3339 date-times for Atom, RFC 822 dates as RSS 2.0 uses them.

Each function returns None for a good value, or a phrase saying what is wrong with it.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Final

_RFC3339: Final = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})T(?P<time>\d{2}:\d{2}:\d{2})(?:\.\d+)?"
    r"(?P<zone>Z|[+-](?P<zone_hours>\d{2}):(?P<zone_minutes>\d{2}))?"
)
_DATE_ONLY: Final = re.compile(r"\d{4}-\d{2}-\d{2}")

_RFC822: Final = re.compile(
    r"(?:(?P<weekday>[A-Za-z]+), *)?(?P<day>\d{1,2}) +(?P<month>[A-Za-z]+) +(?P<year>\d+)"
    r" +(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))? +(?P<zone>\S+)"
)
WEEKDAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS: Final = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
ZONE_NAMES: Final = frozenset({"UT", "GMT", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT"})
_NUMERIC_ZONE: Final = re.compile(r"[+-]\d{2}[0-5]\d")


def _real_datetime(day: tuple[int, int, int], clock: tuple[int, int, int]) -> bool:
    """True if (year, month, day) and (hour, minute, second) name a real moment.

    Second 60 is allowed: RFC 3339 and RFC 822 both permit a leap second.
    """
    hour, minute, second = clock
    try:
        datetime(*day, hour, minute, min(second, 59))
    except ValueError:
        return False
    return second <= 60


def rfc3339_problem(value: str) -> str | None:
    """What keeps `value` from being an RFC 3339 date-time with a time zone, or None."""
    match = _RFC3339.fullmatch(value)
    if match is None:
        if _DATE_ONLY.fullmatch(value):
            return "is a date without a time"
        return "is not an RFC 3339 date-time"
    if match["zone"] is None:
        return "has no time zone"
    year, month, day = (int(part) for part in match["date"].split("-"))
    hour, minute, second = (int(part) for part in match["time"].split(":"))
    if not _real_datetime((year, month, day), (hour, minute, second)):
        return "is not a real date and time"
    if int(match["zone_hours"] or 0) > 23 or int(match["zone_minutes"] or 0) > 59:
        return "has an impossible time zone offset"
    return None


def rfc822_problem(value: str) -> str | None:
    """What keeps `value` from being an RFC 822 date as RSS 2.0 uses it, or None."""
    match = _RFC822.fullmatch(value)
    if match is None:
        return "is not an RFC 822 date"
    problem = _rfc822_token_problem(match)
    if problem is not None:
        return problem
    day = (int(match["year"]), MONTHS.index(match["month"]) + 1, int(match["day"]))
    clock = (int(match["hour"]), int(match["minute"]), int(match["second"] or 0))
    if not _real_datetime(day, clock):
        return "is not a real date and time"
    weekday = match["weekday"]
    return None if weekday is None else _weekday_problem(weekday, date(*day))


def _rfc822_token_problem(match: re.Match[str]) -> str | None:
    """What is wrong with the month name, year or zone of a date shaped like RFC 822, or None."""
    month, zone = match["month"], match["zone"]
    if month not in MONTHS:
        return f"has month {month!r}, not one of {', '.join(MONTHS)}"
    if len(match["year"]) != 4:
        return "does not have a four-digit year"
    if zone not in ZONE_NAMES and not _NUMERIC_ZONE.fullmatch(zone):
        return f"has time zone {zone!r}, not +hhmm, -hhmm or one of {', '.join(sorted(ZONE_NAMES))}"
    return None


def _weekday_problem(weekday: str, day: date) -> str | None:
    """What is wrong with the day name `weekday` written for `day`, or None."""
    actual = WEEKDAYS[day.weekday()]
    if weekday not in WEEKDAYS:
        return f"has day name {weekday!r}, not one of {', '.join(WEEKDAYS)}"
    if weekday != actual:
        return f"says {weekday} but {day.isoformat()} is a {actual}"
    return None
