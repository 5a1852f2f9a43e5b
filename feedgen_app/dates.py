"""Reading dates as people write them, always ending time-zone aware."""

from __future__ import annotations

import os
import re
import warnings
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import NamedTuple

from feedgen_app.errors import ConfigError, Problem, SourceRef

ACCEPTED = (
    "accepted: 2024-05-01, 2024-05-01T10:00:00+02:00, 2024-05-01 10:00:00 +0200, "
    "Wed, 01 May 2024 10:00:00 +0200"
)
_ISO_LIKE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}")
_SPACED_ZONE = re.compile(
    r"^(?P<stamp>\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)"
    r"\s+(?P<zone>[+-]\d{2}:?\d{2}|Z|UTC|GMT)$"
)

MAX_OFFSET = timedelta(hours=14)
"""The largest time-zone offset a date may have: XML Schema's dateTime, which the Atom schema
uses, stops at +14:00 / -14:00 (the offsets in use run from -12:00 to +14:00)."""

_PLAIN_ISO = re.compile(r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2})?)?")
"""`2024-05-01`, `2024-05-01T10:00`, `2024-05-01T10:00:00+02:00`: no white space, no slash, so
neither `_SLASHED` nor `_SPACED_ZONE` match it, and `datetime.fromisoformat` reads it alone."""
_SLASHED = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_DAY = r"(?P<year>\d{4})(?P<sep>[-/])(?P<month>\d{2})(?P=sep)(?P<day>\d{2})"
DATE_PREFIX = re.compile(rf"^{_DAY.replace('[-/]', '-')}-")
"""The `YYYY-MM-DD-` prefix of a Jekyll post's file name: the one date-prefix pattern."""
_DAY_IN_PATH = re.compile(rf"(?:^|/){_DAY}(?=$|[/-])")
"""A `YYYY/MM/DD` or `YYYY-MM-DD` run of path segments (`2024/05/01/slug`, `2024-05-01-slug`)."""


class Reading(NamedTuple):
    """A date and, when it was read leniently, how (for a warning)."""

    moment: datetime
    note: str | None = None


def parse_date(value: object, zone: tzinfo) -> datetime:
    """A datetime from a front-matter value; naive times are taken in `zone`.

    Raises ValueError with a message that says what is accepted.
    """
    return read_date(value, zone).moment


def read_date(value: object, zone: tzinfo) -> Reading:
    """As `parse_date`, and also reads a year-first date with a slip that Ruby forgives
    (`2023-01-29 18:30:22 2023 -0800`) when the reading is unambiguous, saying how."""
    if type(value) is str and _PLAIN_ISO.fullmatch(value):
        try:
            return read_plain_iso(value, zone)
        except ValueError:
            pass  # the general reading says what is wrong
    return read_any_date(value, zone)


def read_plain_iso(text: str, zone: tzinfo) -> Reading:
    """The reading of a text of the most common shape (`_PLAIN_ISO`): `read_any_date` reads it
    with `datetime.fromisoformat` too, after two patterns that cannot match it. Raises
    ValueError where that does, and `read_any_date` then says why (tests/test_fast_reading.py
    compares the two)."""
    return Reading(_aware(datetime.fromisoformat(text), zone, text))


def read_any_date(value: object, zone: tzinfo) -> Reading:
    """The reading of every value `read_date` takes."""
    note = None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        try:
            moment = _parse_text(value.strip())
        except ValueError:
            lenient = _lenient(value.strip())
            if lenient is None:
                raise
            moment = lenient
            note = (
                f"read {value.strip()!r} as {_aware(moment, zone, value).isoformat()}; write it so"
            )
    else:
        raise ValueError(f"expected a date, got {type(value).__name__} ({ACCEPTED})")
    return Reading(_aware(moment, zone, value), note)


def _aware(moment: datetime, zone: tzinfo, value: object) -> datetime:
    """`moment` in `zone` if it has no offset; `value` is what was written, for messages."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    problem = offset_problem(moment.utcoffset() or timedelta())
    if problem is not None:
        raise ValueError(f"{str(value)!r} {problem}")
    if not 1 < moment.year < 9999:  # within ±14:00 of UTC only these can leave the range
        try:
            moment.astimezone(UTC)
        except OverflowError:
            raise ValueError(f"{str(value)!r} is out of range (years 1 to 9999)") from None
    return moment.replace(microsecond=0) if moment.microsecond else moment


def offset_problem(offset: timedelta) -> str | None:
    """What is wrong with a time-zone offset, or None: beyond ±14:00 (`MAX_OFFSET`) is refused.
    The one rule the date readers and the feed checks share."""
    if abs(offset) > MAX_OFFSET:
        return "has a time-zone offset beyond ±14:00 (RFC 3339 as XML Schema reads it)"
    return None


def _lenient(text: str) -> datetime | None:
    """dateutil's reading of a text that starts `YYYY-MM-DD` (so day and month cannot swap),
    a repeated year token dropped, if it agrees with that start."""
    start = re.match(r"^(\d{4})-(\d{2})-(\d{2})\b", text)
    if start is None:
        return None
    rest = re.sub(rf"\s{start[1]}(?=\s|$)", "", text[start.end() :])
    # Loaded only for a date that the strict reading refused.
    from dateutil import parser as dateutil_parser  # noqa: PLC0415

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            moment, _ = dateutil_parser.parse(start[0] + rest, fuzzy_with_tokens=True)
    except (ValueError, OverflowError):
        return None
    same_day = (moment.year, moment.month, moment.day) == tuple(int(p) for p in start.groups())
    return moment if same_day else None


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
    # RFC 2822 dates are rare: email.utils (and the socket module it pulls in) only for them.
    from email.utils import parsedate_to_datetime  # noqa: PLC0415

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
    return _midnight(DATE_PREFIX.match(stem), zone)


def from_path(path: str, zone: tzinfo) -> datetime | None:
    """The date of the first `YYYY/MM/DD` or `YYYY-MM-DD` run of segments in a URL path or a
    folder path (`2024/05/01/slug`, `posts/2024-05-01-slug`), at midnight in `zone`."""
    for match in _DAY_IN_PATH.finditer(path):
        moment = _midnight(match, zone)
        if moment is not None:
            return moment
    return None


def without_date_prefix(name: str) -> str:
    """`2024-05-01-hello` -> `hello`."""
    return DATE_PREFIX.sub("", name)


def _midnight(match: re.Match[str] | None, zone: tzinfo) -> datetime | None:
    if match is None:
        return None
    try:
        return datetime(int(match["year"]), int(match["month"]), int(match["day"]), tzinfo=zone)
    except ValueError:
        return None


def source_date_epoch() -> datetime | None:
    """The reproducible-builds `SOURCE_DATE_EPOCH`, if set: used wherever a date is invented."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not (value.isascii() and value.isdigit()):
        raise SourceDateEpochError(value)
    try:
        return datetime.fromtimestamp(int(value), UTC)
    except (ValueError, OverflowError, OSError):
        raise SourceDateEpochError(value) from None


class SourceDateEpochError(ConfigError):
    """SOURCE_DATE_EPOCH is set to something that is not a time this program can use."""

    def __init__(self, value: str) -> None:
        super().__init__([Problem(SourceRef("environment"), _epoch_message(value))])


def _epoch_message(value: str) -> str:
    return (
        f"SOURCE_DATE_EPOCH={value!r} is not a time: it must be whole seconds since "
        "1970-01-01 UTC, up to 253402300799 (9999-12-31), e.g. $(git log -1 --format=%ct); "
        "unset it to use the clock"
    )
