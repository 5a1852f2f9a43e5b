"""Offline validation of Atom 1.0 and RSS 2.0 documents (feedgen_app.validate).

Fixture feeds live in tests/fixtures/feeds/, one file per case, named for the case. Each invalid
fixture is listed in INVALID_CASES with the exact (rule, line) pairs it must produce, so a test
fails both when its rule stops firing and when an unrelated rule starts to.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from feedgen.feed import FeedGenerator
from lxml import etree

from feedgen_app.validate import Finding, validate_atom, validate_feed, validate_rss
from feedgen_app.validate.dates import rfc822_problem, rfc3339_problem
from feedgen_app.validate.rules import RULES
from feedgen_app.validate.xmlparse import parse

FEEDS = Path(__file__).parent / "fixtures" / "feeds"
ATOM_SELF = "https://example.org/atom.xml"
RSS_SELF = "https://example.org/rss.xml"

Validator = Callable[..., list[Finding]]


def fixture(name: str) -> bytes:
    return (FEEDS / f"{name}.xml").read_bytes()


def rules_and_lines(findings: list[Finding]) -> set[tuple[str, int]]:
    return {(finding.rule, finding.line) for finding in findings}


# -- documents that must validate clean ------------------------------------------------------

VALID_CASES: list[tuple[str, Validator, str]] = [
    ("atom_valid_minimal", validate_atom, ATOM_SELF),
    ("atom_valid_xhtml_content", validate_atom, ATOM_SELF),
    ("rss_valid_content_encoded", validate_rss, RSS_SELF),
]


@pytest.mark.parametrize(
    ("name", "validate", "self_url"), VALID_CASES, ids=[name for name, _, _ in VALID_CASES]
)
def test_valid_feed_has_no_findings(name: str, validate: Validator, self_url: str) -> None:
    assert validate(fixture(name), self_url=self_url) == []
    assert validate_feed(fixture(name), self_url=self_url) == []
    assert validate_feed(fixture(name)) == []


def test_python_feedgen_output_validates_clean_as_atom_and_rss() -> None:
    when = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
    generator = FeedGenerator()
    generator.id("https://example.org/")
    generator.title("Example Feed")
    generator.author({"name": "Ada Example", "email": "ada@example.org"})
    generator.link(href="https://example.org/", rel="alternate")
    generator.link(href=ATOM_SELF, rel="self")
    generator.description("Posts from example.org")
    generator.updated(when)
    generator.lastBuildDate(when)
    entry = generator.add_entry()
    entry.id("https://example.org/posts/first/")
    entry.title("First post")
    entry.updated(when)
    entry.content("<p>A <em>first</em> post.</p>", type="html")
    entry.link(href="https://example.org/posts/first/")

    assert validate_atom(generator.atom_str(pretty=True), self_url=ATOM_SELF) == []
    generator.link(href=RSS_SELF, rel="self", replace=True)
    assert validate_rss(generator.rss_str(pretty=True), self_url=RSS_SELF) == []


# -- one invalid fixture per rule --------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    fixture: str
    expected: frozenset[tuple[str, int]]
    validate: Validator
    self_url: str | None


def case(
    fixture_name: str,
    *expected: tuple[str, int],
    validate: Validator = validate_feed,
    self_url: str | None = None,
    name: str | None = None,
) -> Case:
    """An invalid document and the (rule, line) pairs it must produce, and no others."""
    return Case(name or fixture_name, fixture_name, frozenset(expected), validate, self_url)


INVALID_CASES = [
    case("atom_not_well_formed_unclosed_element", ("xml-not-well-formed", 17)),
    case("rdf_rss_1_0", ("feed-unknown-format", 2)),
    # Atom: the RFC 4287 schema
    case("atom_entry_without_id", ("atom-schema", 11), validate=validate_atom),
    case("atom_feed_without_title", ("atom-schema", 2), ("atom-schema", 10)),
    case("atom_unknown_atom_element", ("atom-schema", 11)),
    case("atom_link_without_href", ("atom-schema", 4)),
    # Atom: rules the schema cannot express
    case("rss_valid_content_encoded", ("atom-root", 2), validate=validate_atom, name="rss_as_atom"),
    case("atom_feed_and_entry_without_author", ("atom-author-missing", 8)),
    case("atom_duplicate_alternate_link", ("atom-link-alternate-duplicate", 14)),
    case("atom_updated_date_only", ("atom-date-format", 6), ("atom-schema", 6)),
    case(
        "atom_updated_with_space_separator",
        ("atom-date-format", 15),
        ("atom-schema", 15),
        ("atom-schema", 11),
    ),
    case("atom_updated_without_time_zone", ("atom-date-format", 15)),
    case("atom_entry_id_relative", ("atom-id-not-absolute", 14)),
    case("atom_duplicate_entry_id", ("atom-id-duplicate", 21)),
    case("atom_entry_without_content_or_alternate_link", ("atom-entry-alternate-missing", 11)),
    case("atom_without_self_link", ("atom-self-link-missing", 2)),
    case(
        "atom_valid_minimal",
        ("atom-self-link-mismatch", 5),
        self_url="https://example.org/feeds/atom.xml",
        name="atom_self_link_differs_from_self_url",
    ),
    case(
        "atom_valid_xhtml_content",
        ("atom-self-link-mismatch", 7),
        self_url="https://example.org/feeds/atom.xml",
        name="atom_self_link_resolved_with_xml_base_differs_from_self_url",
    ),
    case(
        "atom_several_problems",
        ("atom-self-link-missing", 2),
        ("atom-id-not-absolute", 9),
        ("atom-schema", 10),
        ("atom-date-format", 14),
        ("atom-schema", 15),
        ("atom-date-format", 15),
    ),
    # RSS 2.0
    case("atom_valid_minimal", ("rss-root", 2), validate=validate_rss, name="atom_as_rss"),
    case("rss_version_missing", ("rss-version", 2)),
    case("rss_without_channel", ("rss-channel-count", 2)),
    case("rss_two_channels", ("rss-channel-count", 24)),
    case("rss_channel_without_description", ("rss-channel-required", 3)),
    case("rss_channel_link_relative", ("rss-link-not-absolute", 5)),
    case("rss_item_link_not_http", ("rss-link-not-absolute", 12)),
    case("rss_item_without_title_or_description", ("rss-item-title-or-description", 18)),
    case("rss_pubdate_iso_8601", ("rss-date-format", 16)),
    case("rss_pubdate_day_name_mismatch", ("rss-date-format", 16)),
    case("rss_pubdate_two_digit_year", ("rss-date-format", 16)),
    case("rss_last_build_date_unknown_zone", ("rss-date-format", 9)),
    case("rss_guid_permalink_not_url", ("rss-guid-permalink", 15)),
    case("rss_guid_duplicate", ("rss-guid-duplicate", 20)),
    case("rss_unknown_element_without_namespace", ("rss-unknown-element", 14)),
    case("rss_without_self_link", ("rss-self-link-missing", 3)),
    case(
        "rss_valid_content_encoded",
        ("rss-self-link-mismatch", 7),
        self_url="https://example.org/feeds/rss.xml",
        name="rss_self_link_differs_from_self_url",
    ),
]


@pytest.mark.parametrize("invalid", INVALID_CASES, ids=[invalid.name for invalid in INVALID_CASES])
def test_invalid_feed_reports_exactly_its_rules_on_their_lines(invalid: Case) -> None:
    findings = invalid.validate(fixture(invalid.fixture), self_url=invalid.self_url)

    assert rules_and_lines(findings) == invalid.expected
    assert all(finding.severity == "error" for finding in findings)


def test_every_rule_has_an_invalid_fixture_and_every_fixture_is_used() -> None:
    expected_rules = {rule for invalid in INVALID_CASES for rule, _ in invalid.expected}
    used = {invalid.fixture for invalid in INVALID_CASES} | {name for name, _, _ in VALID_CASES}

    assert expected_rules == set(RULES)
    assert used == {path.stem for path in FEEDS.glob("*.xml")}


def test_findings_come_sorted_by_line_and_column() -> None:
    findings = validate_feed(fixture("atom_several_problems"))

    assert [(f.line, f.column) for f in findings] == sorted((f.line, f.column) for f in findings)
    assert findings[0].rule == "atom-self-link-missing"


# -- messages and formatting ------------------------------------------------------------------


def test_finding_formats_compiler_style_with_rule_id() -> None:
    finding = Finding(3, 7, "warning", "atom-schema", "something is off")

    assert finding.format("build/atom.xml") == (
        "build/atom.xml:3:7: warning: something is off [atom-schema]"
    )


def test_not_well_formed_reports_lxml_line_and_column() -> None:
    [finding] = validate_atom(fixture("atom_not_well_formed_unclosed_element"))

    assert finding.format("atom.xml") == (
        "atom.xml:17:11: error: the document is not well-formed XML: Opening and ending tag "
        "mismatch: summary line 16 and entry [xml-not-well-formed]"
    )


def test_date_without_zone_message_says_what_is_accepted() -> None:
    [finding] = validate_atom(fixture("atom_updated_without_time_zone"))

    assert finding.message == (
        '<updated> "2024-05-01T10:00:00" has no time zone; Atom dates are RFC 3339 date-times '
        "with a time zone, such as 2024-05-01T10:00:00Z or 2024-05-01T12:00:00+02:00 "
        "(RFC 4287 §3.3)"
    )


def test_self_link_mismatch_message_names_both_urls() -> None:
    served_at = "https://example.org/feeds/rss.xml"
    [finding] = validate_rss(fixture("rss_valid_content_encoded"), self_url=served_at)

    assert finding.message == (
        'the self link points at "https://example.org/rss.xml", but the feed is served at '
        '"https://example.org/feeds/rss.xml"'
    )


def test_schema_message_comes_from_libxml2_error_log() -> None:
    [finding] = validate_atom(fixture("atom_unknown_atom_element"))

    assert finding.message.startswith("does not match the RFC 4287 schema: ")
    assert "homepage" in finding.message


# -- hostile and broken input --------------------------------------------------------------------

GARBAGE = [
    b"",
    b"not xml at all",
    b"\xff\xfe\x00<\x00",
    b"<?xml version='1.0' encoding='utf-8'?>",
    b"<feed xmlns='http://www.w3.org/2005/Atom'><entry/></feed>",
    b"<rss version='2.0'><channel><item/></channel></rss>",
    b"<rss><channel><title/><link/><description/><item><guid/><pubDate/></item></channel></rss>",
    b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><link/><updated/></entry></feed>",
    b"<a>&nbsp;</a>",
]


@pytest.mark.parametrize("validate", [validate_atom, validate_rss, validate_feed])
@pytest.mark.parametrize("data", GARBAGE)
def test_broken_input_returns_errors_instead_of_raising(validate: Validator, data: bytes) -> None:
    findings = validate(data, self_url=ATOM_SELF)

    assert findings
    assert all(isinstance(finding, Finding) and finding.rule in RULES for finding in findings)


def test_external_entities_are_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    document = (
        f'<!DOCTYPE rss [<!ENTITY secret SYSTEM "{secret.as_uri()}">]>'
        '<rss version="2.0"><channel><title>&secret;</title></channel></rss>'
    ).encode()

    root = parse(document)

    assert isinstance(root, etree._Element)
    assert b"TOP-SECRET" not in etree.tostring(root)
    assert not any("TOP-SECRET" in finding.message for finding in validate_rss(document))


def test_entity_expansion_bomb_is_not_expanded() -> None:
    levels = "".join(
        f'<!ENTITY e{n} "{f"&e{n - 1};" * 10}">' if n else '<!ENTITY e0 "lol">' for n in range(10)
    )
    document = f"<!DOCTYPE rss [{levels}]><rss><channel><title>&e9;</title></channel></rss>"

    started = time.perf_counter()
    findings = validate_feed(document.encode())

    assert time.perf_counter() - started < 2
    assert all(len(finding.message) < 1000 for finding in findings)


# -- date grammars --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "2024-05-01T10:00:00Z",
        "2024-05-01T10:00:00.123456+02:00",
        "2024-05-01T10:00:00-07:30",
        "2016-12-31T23:59:60Z",
        "2024-02-29T00:00:00Z",
    ],
)
def test_rfc3339_accepts_date_times_with_a_zone(value: str) -> None:
    assert rfc3339_problem(value) is None


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("2024-05-01", "is a date without a time"),
        ("2024-05-01 10:00:00Z", "is not an RFC 3339 date-time"),
        ("2024-05-01T10:00:00", "has no time zone"),
        ("2024-05-01t10:00:00z", "is not an RFC 3339 date-time"),
        ("2024-05-01T10:00Z", "is not an RFC 3339 date-time"),
        ("2023-02-29T10:00:00Z", "is not a real date and time"),
        ("2024-05-01T24:00:00Z", "is not a real date and time"),
        ("2024-05-01T10:00:00+24:00", "has an impossible time zone offset"),
    ],
)
def test_rfc3339_rejects_other_forms(value: str, problem: str) -> None:
    assert rfc3339_problem(value) == problem


@pytest.mark.parametrize(
    "value",
    [
        "Wed, 01 May 2024 10:00:00 +0000",
        "Wed, 01 May 2024 10:00:00 GMT",
        "Thu, 02 May 2024 08:30 EDT",
        "1 May 2024 10:00:00 UT",
        "Sat, 30 Nov 2024 23:59:59 -0800",
        "Sat, 30 Nov 2024 23:59:59 PST",
    ],
)
def test_rfc822_accepts_dates_as_rss_uses_them(value: str) -> None:
    assert rfc822_problem(value) is None


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("2024-05-01T10:00:00Z", "is not an RFC 822 date"),
        ("Wed, 01 May 2024", "is not an RFC 822 date"),
        ("Wed, 01 May 2024 10:00:00", "is not an RFC 822 date"),
        ("Wed, 01 May 24 10:00:00 GMT", "does not have a four-digit year"),
        ("Mon, 01 May 2024 10:00:00 GMT", "says Mon but 2024-05-01 is a Wed"),
        ("Wednesday, 01 May 2024 10:00:00 GMT", "has day name 'Wednesday', not one of "),
        ("Wed, 01 may 2024 10:00:00 GMT", "has month 'may', not one of "),
        ("Wed, 31 Apr 2024 10:00:00 GMT", "is not a real date and time"),
        ("Wed, 01 May 2024 10:00:00 CEST", "has time zone 'CEST', not "),
        ("Wed, 01 May 2024 10:00:00 Z", "has time zone 'Z', not "),
        ("Wed, 01 May 2024 10:00:00 +0060", "has time zone '+0060', not "),
    ],
)
def test_rfc822_rejects_other_forms(value: str, problem: str) -> None:
    found = rfc822_problem(value)

    assert found is not None
    assert found.startswith(problem)
