"""The fast paths of reading give exactly what the general paths give: generated values of the
common shapes, with their near misses, read both ways."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from urllib.parse import quote
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from feedgen_app.dates import _PLAIN_ISO, read_any_date, read_date, read_plain_iso
from feedgen_app.readers.fields import _tags, tag_words
from feedgen_app.urls import _URL_SAFE, _path_folders, absolute_url, pattern_path

_ZONES: tuple[tzinfo, ...] = (
    UTC,
    ZoneInfo("UTC"),
    ZoneInfo("America/New_York"),
    ZoneInfo("Pacific/Kiritimati"),
    timezone(timedelta(hours=-12)),
)


def _number(width: int, high: int) -> st.SearchStrategy[str]:
    """Digits of `width`, often in range, sometimes just past it, sometimes any."""
    edge = st.sampled_from([0, 1, high - 1, high, high + 1, 10**width - 1])
    return st.one_of(st.integers(0, high), edge, st.integers(0, 10**width - 1)).map(
        lambda n: f"{n:0{width}d}"[-width:]
    )


_day = st.one_of(
    st.tuples(_number(4, 9999), _number(2, 12), _number(2, 31)).map("-".join),
    st.sampled_from(("0001-01-01", "9999-12-31", "2024-02-29", "2023-02-29")),  # range, leap
)
_time = st.tuples(_number(2, 24), _number(2, 60), st.one_of(st.just(None), _number(2, 60)))
_offset = st.one_of(
    st.sampled_from(("", "Z", "+00:00", "-00:00", "+14:00", "-14:00", "+14:01", "+05:30")),
    st.tuples(st.sampled_from("+-"), _number(2, 24), _number(2, 60)).map(
        lambda t: f"{t[0]}{t[1]}:{t[2]}"
    ),
)
_plain_iso = st.one_of(
    _day,
    st.tuples(_day, _time, _offset).map(
        lambda t: f"{t[0]}T{t[1][0]}:{t[1][1]}" + (f":{t[1][2]}" if t[1][2] else "") + t[2]
    ),
)
_near_miss = st.tuples(
    _plain_iso, st.sampled_from(("", " ", ".5", " +0200", "T", "Z ", "\n", " 2024", "/1"))
).map("".join)


def _outcome(read: object, value: str, zone: tzinfo) -> object:
    """What a reading gives: the moment as text with its zone and the note, or the error."""
    try:
        reading = read(value, zone)  # type: ignore[operator]
    except ValueError as exc:
        return ("error", str(exc))
    moment = reading.moment
    return (moment.isoformat(), moment.tzinfo, moment.fold, reading.note)


@given(st.one_of(_plain_iso, _near_miss), st.sampled_from(_ZONES))
def test_a_date_read_fast_is_the_general_reading(value: str, zone: tzinfo) -> None:
    general = _outcome(read_any_date, value, zone)
    assert _outcome(read_date, value, zone) == general
    if _PLAIN_ISO.fullmatch(value):
        fast = _outcome(read_plain_iso, value, zone)
        assert fast == general or fast[0] == "error"  # an error is read again, generally


def test_the_fast_date_shape_is_what_writers_write() -> None:
    for value in (
        "2024-05-01",
        "2024-05-01T10:00",
        "2024-05-01T10:00:00+02:00",
        "2024-05-01T10:00Z",
    ):
        assert _PLAIN_ISO.fullmatch(value)
    for value in (" 2024-05-01", "2024-05-01 10:00:00 +0200", "2024-5-1", "2024-05-01T10:00:00.5"):
        assert not _PLAIN_ISO.fullmatch(value)


@given(
    st.text(
        st.sampled_from([*map(chr, range(32, 128)), "é", "語", "😀", "\n", "\x00"]), max_size=12
    )
)
def test_a_url_made_without_quoting_is_the_quoted_one(path: str) -> None:
    site = "https://example.org/blog/"
    assert absolute_url(site, path) == site + quote(path.lstrip("/"), safe=_URL_SAFE)


_TAG_CHARACTERS = "aBé語-, \t\n\u00a0\u2028\u3000"


@given(st.lists(st.text(st.sampled_from(_TAG_CHARACTERS), max_size=6), max_size=5))
def test_tags_taken_as_they_are_are_the_normalised_tags(parts: list[str]) -> None:
    assert _tags([parts], UTC) == tuple(dict.fromkeys(tag_words(parts)))
    text = ",".join(parts)  # one text: split at commas, or else at white space
    words = text.split(",") if "," in text else text.split()
    assert _tags([text], UTC) == tuple(dict.fromkeys(tag_words(words)))


_PATTERN_PART = st.sampled_from(
    ["{path}", "{slug}", "{year}", "{month}", "{day}", "{categories}", "{year[0]}", "/", "-", "x"]
)
_RELS = ("a.md", "2024-05-01-a.md", "news/a.md", "_posts/a.md", "guide/b/index.md", "x/y/z.md")


@given(
    st.lists(_PATTERN_PART, max_size=6).map(lambda parts: "/" + "".join(parts)),
    st.sampled_from(_RELS),
    st.lists(st.sampled_from(["News", "news", "Tech", "a b"]), max_size=3),
)
def test_a_pattern_fills_what_filling_every_placeholder_fills(
    pattern: str, rel: str, categories: list[str]
) -> None:
    every = pattern.format(
        path="/".join([*_path_folders(rel), "s"]),
        slug="s",
        year="2024",
        month="05",
        day="01",
        categories="/".join(dict.fromkeys(category.lower() for category in categories)),
    )
    moment = datetime(2024, 5, 1, tzinfo=UTC)
    assert pattern_path(pattern, rel, "s", moment, tuple(categories)) == re.sub("/{2,}", "/", every)
