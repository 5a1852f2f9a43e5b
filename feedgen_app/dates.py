"""Reading dates as people write them, always ending time-zone aware."""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, tzinfo
from email.utils import parsedate_to_datetime

ACCEPTED = (
    "accepted: 2024-05-01, 2024-05-01T10:00:00+02:00, 2024-05-01 10:00:00 +0200, "
    "Wed, 01 May 2024 10:00:00 +0200"
)
_ISO_LIKE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}")
_SPACED_ZONE = re.compile(
    r"^(?P<stamp>\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)"
    r"\s+(?P<zone>[+-]\d{2}:?\d{2}|Z|UTC|GMT)$"
)

_SLASHED = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")


def parse_date(value: object, zone: tzinfo) -> datetime:
    """A datetime from a front-matter value; naive times are taken in `zone`.

    Raises ValueError with a message that says what is accepted.
    """
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        moment = _parse_text(value.strip())
    else:
        raise ValueError(f"expected a date, got {type(value).__name__} ({ACCEPTED})")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.replace(microsecond=0)


def _parse_text(text: str) -> datetime:
    slashed = _SLASHED.match(text)
    if slashed:
        raise ValueError(_day_month_message(text, *(int(part) for part in slashed.groups())))
    spaced = _SPACED_ZONE.match(text)
    if spaced:
        zone = spaced["zone"]
        zone = "+00:00" if zone in ("Z", "UTC", "GMT") else zone
        text = f"{spaced['stamp']}{zone}"
    try:
        return datetime.fromisoformat(text)
    except ValueError as exc:
        if _ISO_LIKE.match(text) and "Invalid isoformat" not in str(exc):
            raise ValueError(f"{text!r} is not a real date ({exc})") from exc
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        raise ValueError(f"cannot read {text!r} as a date ({ACCEPTED})") from None


def _day_month_message(text: str, first: int, second: int, year: int) -> str:
    """Why `01/02/2024` is refused: day and month order differ between countries."""
    readings = []
    for month, day in ((second, first), (first, second)):
        try:
            readings.append(date(year, month, day))
        except ValueError:
            continue
    if len(set(readings)) > 1:
        a, b = readings
        return (
            f"{text!r} is ambiguous: {_spoken(a)} or {_spoken(b)}? "
            f"Write the date year first: {a.isoformat()} or {b.isoformat()}"
        )
    if readings:
        return f"{text!r}: write the date year first, as {readings[0].isoformat()}"
    return f"{text!r} is not a real date ({ACCEPTED})"


_MONTHS = "January February March April May June July August September October November December"


def _spoken(day: date) -> str:
    """'1 February': English whatever the process locale."""
    return f"{day.day} {_MONTHS.split()[day.month - 1]}"


def from_filename(stem: str, zone: tzinfo) -> datetime | None:
    """The date of a `YYYY-MM-DD-` file-name prefix (Jekyll style), at midnight in `zone`."""
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})-", stem)
    if not match:
        return None
    try:
        return datetime(int(match[1]), int(match[2]), int(match[3]), tzinfo=zone)
    except ValueError:
        return None


def source_date_epoch() -> datetime | None:
    """The reproducible-builds `SOURCE_DATE_EPOCH`, if set: used wherever a date is invented."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return datetime.fromtimestamp(int(value), UTC) if value.isdigit() else None
