"""Date grammars: RFC 3339 date-times for Atom, RFC 822 dates as RSS 2.0 uses them.

`*_problem` returns None for a good value, or a phrase saying what is wrong with it;
`parse_*` returns the moment a good value names (a leap second counts as :59), or None.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from typing import Final

from feedgen_app.dates import offset_problem

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
ZONE_HOURS: Final = {
    "UT": 0, "GMT": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
    "PST": -8, "PDT": -7,
}  # fmt: skip
ZONE_NAMES: Final = frozenset(ZONE_HOURS)
_NUMERIC_ZONE: Final = re.compile(r"[+-]\d{2}[0-5]\d")


def rfc3339_problem(value: str) -> str | None:
    """What keeps `value` from being an RFC 3339 date-time with a time zone, or None."""
    read = read_rfc3339(value)
    return read if isinstance(read, str) else None


def parse_rfc3339(value: str) -> datetime | None:
    """The moment an RFC 3339 date-time with a time zone names, or None."""
    read = read_rfc3339(value)
    return read if isinstance(read, datetime) else None


def rfc822_problem(value: str) -> str | None:
    """What keeps `value` from being an RFC 822 date as RSS 2.0 uses it, or None."""
    read = read_rfc822(value)
    return read if isinstance(read, str) else None


def _moment(
    day: tuple[int, int, int], clock: tuple[int, int, int], offset: timedelta
) -> datetime | None:
    """The moment (year, month, day), (hour, minute, second) at `offset` names, None if none.

    Second 60 is allowed: RFC 3339 and RFC 822 both permit a leap second.
    """
    hour, minute, second = clock
    if second > 60:
        return None
    try:
        return datetime(*day, hour, minute, min(second, 59), tzinfo=timezone(offset))
    except ValueError:
        return None


def read_rfc3339(value: str) -> datetime | str:
    """The moment `value` names, or what keeps it from being an RFC 3339 date-time."""
    match = _RFC3339.fullmatch(value)
    if match is None:
        if _DATE_ONLY.fullmatch(value):
            return "is a date without a time"
        return "is not an RFC 3339 date-time"
    if match["zone"] is None:
        return "has no time zone"
    year, month, day = (int(part) for part in match["date"].split("-"))
    hour, minute, second = (int(part) for part in match["time"].split(":"))
    zone_hours, zone_minutes = int(match["zone_hours"] or 0), int(match["zone_minutes"] or 0)
    moment = _moment((year, month, day), (hour, minute, second), timedelta())
    if moment is None:
        return "is not a real date and time"
    if zone_hours > 23 or zone_minutes > 59:
        return "has an impossible time zone offset"
    offset = timedelta(hours=zone_hours, minutes=zone_minutes)
    return offset_problem(offset) or moment.replace(
        tzinfo=timezone(-offset if match["zone"][0] == "-" else offset)
    )


def read_rfc822(value: str) -> datetime | str:
    """The moment `value` names, or what keeps it from being an RFC 822 date."""
    match = _RFC822.fullmatch(value)
    if match is None:
        return "is not an RFC 822 date"
    problem = _rfc822_token_problem(match)
    if problem is not None:
        return problem
    day = (int(match["year"]), MONTHS.index(match["month"]) + 1, int(match["day"]))
    clock = (int(match["hour"]), int(match["minute"]), int(match["second"] or 0))
    moment = _moment(day, clock, _rfc822_offset(match["zone"]))
    if moment is None:
        return "is not a real date and time"
    weekday = match["weekday"]
    problem = None if weekday is None else _weekday_problem(weekday, date(*day))
    return moment if problem is None else problem


def _rfc822_offset(zone: str) -> timedelta:
    """The UTC offset of a zone _rfc822_token_problem accepted."""
    if zone in ZONE_HOURS:
        return timedelta(hours=ZONE_HOURS[zone])
    offset = timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5]))
    return -offset if zone.startswith("-") else offset


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


_W3CDTF: Final = re.compile(
    r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2})"
    r"(?:T(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?"
    r"(?P<zone>Z|[+-]\d{2}:\d{2}))?)?)?"
)


def read_w3cdtf(value: str) -> datetime | str:
    """The moment a W3C-DTF date (https://www.w3.org/TR/NOTE-datetime) starts, or what is wrong.

    Dublin Core's dc:date and the syndication module's sy:updateBase use it: a year, a month,
    a day, or a day with a time and a zone. A date without a time is taken at 00:00 UTC.
    """
    match = _W3CDTF.fullmatch(value)
    if match is None:
        return "is not a W3C-DTF date such as 2024-05-01 or 2024-05-01T10:00:00Z"
    day = (int(match["year"]), int(match["month"] or 1), int(match["day"] or 1))
    clock = (int(match["hour"] or 0), int(match["minute"] or 0), int(match["second"] or 0))
    zone = match["zone"] or "Z"
    offset = timedelta() if zone == "Z" else timedelta(hours=int(zone[1:3]), minutes=int(zone[4:]))
    moment = _moment(day, clock, -offset if zone.startswith("-") else offset)
    return "is not a real date and time" if moment is None else moment
