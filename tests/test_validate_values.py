"""The value grammars the rules use: RFC 822 dates as RFC 822 allows them, W3C-DTF dates, and
URI/IRI references. Expected values are the specs' own examples and definitions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from feedgen_app.validate.dates import read_rfc822, read_w3cdtf
from feedgen_app.validate.rfc822_lenient import canonical_rfc822
from feedgen_app.validate.uris import reference_problem


@pytest.mark.parametrize(
    ("written", "canonical", "changes"),
    [
        # RFC 822 §3.4.3: comments in parentheses, nested, with quoted parentheses inside.
        ("Thu, 09 (nested (comment) Mar)Feb(esc\\) 2005) 2006 23:59:45 +0000",
         "Thu, 09 Feb 2006 23:59:45 +0000", ["has comments in parentheses"]),
        # §3.4.7: names are case-independent.
        ("tHu, 09 fEb 2006 16:59:45 pDt", "Thu, 09 Feb 2006 16:59:45 PDT",
         ["writes a day, month or zone name in another case"]),
        # §5.1: a two-digit year (RFC 2822 §4.3: 00-49 is 20xx, 50-99 19xx).
        ("Fri, 09 Feb 96 23:59:45 +0000", "Fri, 09 Feb 1996 23:59:45 +0000",
         ["has a two-digit year"]),
        # §5.1: military zones; Z is UT; the others as RFC 2822 §4.3 reads them: -0000.
        ("Thu, 09 Feb 2006 23:59:45 Z", "Thu, 09 Feb 2006 23:59:45 +0000",
         ['has the military time zone "Z"']),
        ("Thu, 09 Feb 2006 12:59:45 N", "Thu, 09 Feb 2006 12:59:45 -0000",
         ['has the military time zone "N"']),
        # §3.1.1: folding white space.
        ("\tThu , \t 09  Feb\t2006  23:59:45\t +0000", "Thu, 09 Feb 2006 23:59:45 +0000",
         ["has extra white space"]),
    ],
)  # fmt: skip
def test_rfc822_forms_are_made_canonical(written: str, canonical: str, changes: list[str]) -> None:
    assert canonical_rfc822(written) == (canonical, changes)
    assert isinstance(read_rfc822(canonical), datetime)


@pytest.mark.parametrize("written", ["2006-02-09T23:59:45Z", "yesterday", "09 Feb 2006", ""])
def test_what_is_no_rfc822_date_stays_none(written: str) -> None:
    assert canonical_rfc822(written) is None


@pytest.mark.parametrize(
    ("written", "moment"),
    [
        # The examples of https://www.w3.org/TR/NOTE-datetime
        ("1997", datetime(1997, 1, 1, tzinfo=UTC)),
        ("1997-07", datetime(1997, 7, 1, tzinfo=UTC)),
        ("1997-07-16", datetime(1997, 7, 16, tzinfo=UTC)),
        ("1997-07-16T19:20+01:00",
         datetime(1997, 7, 16, 19, 20, tzinfo=timezone(timedelta(hours=1)))),
        ("1997-07-16T19:20:30+01:00",
         datetime(1997, 7, 16, 19, 20, 30, tzinfo=timezone(timedelta(hours=1)))),
        ("1997-07-16T19:20:30.45-05:00",
         datetime(1997, 7, 16, 19, 20, 30, tzinfo=timezone(timedelta(hours=-5)))),
    ],
)  # fmt: skip
def test_w3cdtf_reads_the_notes_examples(written: str, moment: datetime) -> None:
    assert read_w3cdtf(written) == moment


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ("1997-07-16T19:20:30", "is not a W3C-DTF date such as 2024-05-01 or 2024-05-01T10:00:00Z"),
        ("Wed, 01 May 2024", "is not a W3C-DTF date such as 2024-05-01 or 2024-05-01T10:00:00Z"),
        ("1997-02-30", "is not a real date and time"),
    ],
)
def test_w3cdtf_refuses_what_the_note_does_not_allow(written: str, problem: str) -> None:
    assert read_w3cdtf(written) == problem


@pytest.mark.parametrize(
    ("value", "absolute", "iri", "problem"),
    [
        ("https://example.org/a?b=c#d", True, False, None),
        ("ftp://example.org/file", True, False, None),
        ("mailto:ada@example.org", True, False, None),
        ("/posts/first/", False, True, None),
        ("http://例え.jp/", True, True, None),
        ("http://例え.jp/", True, False,
         "contains non-ASCII characters, which must be percent-encoded (a host in punycode)"),
        ("  http://example.org/  ", True, True, "has white space around it"),
        ("http://example.org/a b", True, True, "contains a space, which must be percent-encoded"),
        ("http://example.org/a<b", False, True, "contains '<', which must be percent-encoded"),
        ("http://example.org/100%", True, True,
         'has a "%" that is not followed by two hexadecimal digits'),
        ("example.org/images/cat.jpg", True, True, "has no scheme such as https:"),
        ("http:/example.org", True, True, "has no host"),
        ("", True, True, "is empty"),
    ],
)  # fmt: skip
def test_reference_problem_follows_rfc3986_and_rfc3987(
    value: str, absolute: bool, iri: bool, problem: str | None
) -> None:
    assert reference_problem(value, absolute=absolute, iri=iri) == problem
