"""Offline validation of Atom 1.0 and RSS 2.0 documents (feedgen_app.validate).

Fixture feeds live in tests/fixtures/feeds/, one file per case, named for the case. Each invalid
fixture is listed in INVALID_CASES with the exact (rule, line) pairs it must produce, so a test
fails both when its rule stops firing and when an unrelated rule starts to.
"""

from __future__ import annotations

import codecs
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
NOW = datetime(2025, 1, 1, tzinfo=UTC)
"""The time every check in this file runs at, so "in the future" does not depend on the clock."""

Validator = Callable[..., list[Finding]]


def fixture(name: str) -> bytes:
    if name in GENERATED:
        return GENERATED[name]()
    return (FEEDS / f"{name}.xml").read_bytes()


def rules_and_lines(findings: list[Finding]) -> set[tuple[str, int]]:
    return {(finding.rule, finding.line) for finding in findings}


def atom_over_1_mb() -> bytes:
    """A valid feed made large by many entries; too big to keep as a file."""
    head, tail = fixture("atom_valid_minimal").split(b"  <entry>", 1)
    entry = b"  <entry>" + tail.rsplit(b"</feed>", 1)[0]
    entries = b"".join(
        entry.replace(b"posts/first/", f"posts/{n}/".encode()) for n in range(1, 6000)
    )
    return head + entries + b"</feed>\n"


def rss_utf16_without_byte_order_mark() -> bytes:
    """UTF-16 (big-endian) without a byte-order mark or an encoding declaration."""
    text = fixture("rss_valid_content_encoded").decode().replace(' encoding="utf-8"', "")
    return text.encode("utf-16-be")


def rss_nested_300_deep() -> bytes:
    """An extension element holding 300 levels of elements: more than libxml2 parses (256)."""
    head, tail = fixture("rss_valid_content_encoded").split(b"  </channel>")
    nested = b"<x:a xmlns:x='urn:x'>" * 300 + b"</x:a>" * 300
    return head + b"    " + nested + b"\n  </channel>" + tail


GENERATED: dict[str, Callable[[], bytes]] = {
    "rss_nested_300_deep": rss_nested_300_deep,
    "atom_over_1_mb": atom_over_1_mb,
    "rss_utf16_without_byte_order_mark": rss_utf16_without_byte_order_mark,
}


# -- documents that must validate clean ------------------------------------------------------

VALID_CASES: list[tuple[str, Validator, str]] = [
    ("atom_valid_minimal", validate_atom, ATOM_SELF),
    ("atom_valid_xhtml_content", validate_atom, ATOM_SELF),
    ("rss_valid_content_encoded", validate_rss, RSS_SELF),
    ("rss_valid_wordpress", validate_rss, "https://blog.example.org/feed/"),
    ("rss_valid_hugo", validate_rss, "https://hugo.example.org/index.xml"),
    ("rss091_valid", validate_rss, RSS_SELF),
    ("rss1_valid_with_modules", validate_feed, RSS_SELF),
    ("rdf_rss_1_0", validate_feed, RSS_SELF),
    ("rss1_valid_slashdot", validate_feed, RSS_SELF),
    ("rss090_valid", validate_feed, RSS_SELF),
    ("rss092_valid_userland", validate_rss, RSS_SELF),
    ("rss_valid_podcast", validate_rss, "https://example.com/feed/podcast/"),
    ("atom_valid_blogger", validate_atom, "https://www.blogger.com/feeds/123/posts/default"),
]


@pytest.mark.parametrize(
    ("name", "validate", "self_url"), VALID_CASES, ids=[name for name, _, _ in VALID_CASES]
)
def test_valid_feed_has_no_findings(name: str, validate: Validator, self_url: str) -> None:
    assert validate(fixture(name), self_url=self_url, now=NOW) == []
    assert validate_feed(fixture(name), self_url=self_url, now=NOW) == []
    assert validate_feed(fixture(name), now=NOW) == []


@pytest.mark.parametrize(
    "encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "iso-8859-1"]
)
def test_valid_feed_in_any_declared_encoding_has_no_findings(encoding: str) -> None:
    text = fixture("atom_valid_minimal").decode().replace("Example Feed", "Café Feed")
    declared = encoding.removesuffix("-sig")
    data = text.replace('encoding="utf-8"', f'encoding="{declared}"').encode(encoding)
    if encoding in {"utf-16-le", "utf-16-be"}:
        data = codecs.BOM_UTF16_LE + data if encoding == "utf-16-le" else codecs.BOM_UTF16_BE + data

    assert validate_atom(data, self_url=ATOM_SELF, now=NOW) == []


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

    assert validate_atom(generator.atom_str(pretty=True), self_url=ATOM_SELF, now=NOW) == []
    generator.link(href=RSS_SELF, rel="self", replace=True)
    generator.link(href="https://example.org/", rel="alternate")
    assert validate_rss(generator.rss_str(pretty=True), self_url=RSS_SELF, now=NOW) == []


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
    # Well-formedness, encoding, size
    case("atom_not_well_formed_unclosed_element", ("xml-not-well-formed", 17)),
    case("xml_encoding_missing_latin1_bytes", ("xml-encoding-missing", 3)),
    case("rss_utf16_without_byte_order_mark", ("xml-encoding-missing", 1)),
    case("rss_nested_300_deep", ("xml-limit", 23)),
    case("xml_encoding_mismatch_utf8_declared_latin1_bytes", ("xml-encoding-mismatch", 3)),
    case("xml_encoding_utf16_byte_order_mark_utf8_declared", ("xml-encoding-mismatch", 1)),
    case("xml_encoding_unknown", ("xml-encoding-unknown", 1)),
    case("xml_encoding_suspect_latin1_declared_utf8_bytes", ("xml-encoding-suspect", 3)),
    case(
        "xml_forbidden_characters",
        ("xml-forbidden-character", 12),
        ("xml-forbidden-character", 16),
    ),
    case("opml_not_a_feed", ("feed-unknown-format", 2)),
    case("atom_over_1_mb", ("feed-too-large", 1)),
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
    case(
        "atom_xhtml_content_not_div",
        ("atom-xhtml-not-div", 16),
        ("atom-schema", 11),
        ("atom-schema", 16),
        ("atom-schema", 17),
    ),
    case("atom_updated_before_published", ("atom-updated-before-published", 16)),
    case(
        "atom_several_problems",
        ("atom-self-link-missing", 2),
        ("atom-id-not-absolute", 9),
        ("atom-schema", 10),
        ("atom-date-format", 14),
        ("atom-schema", 15),
        ("atom-date-format", 15),
    ),
    # Atom: what readers punish
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
    case("atom_alternate_link_is_self", ("atom-alternate-link-is-self", 4)),
    case("atom_entry_without_content_or_summary", ("atom-entry-content-missing", 11)),
    case(
        "atom_relative_urls_without_xml_base", ("feed-relative-url", 13), ("feed-relative-url", 17)
    ),
    case("atom_updated_in_the_future", ("feed-date-future", 15)),
    case("atom_published_before_1990", ("feed-date-before-1990", 15)),
    case("atom_content_with_script", ("content-script", 17)),
    case("atom_xhtml_content_with_event_handler", ("content-event-handler", 19)),
    # RSS 2.0
    case("atom_valid_minimal", ("rss-root", 2), validate=validate_rss, name="atom_as_rss"),
    case("rss_version_missing", ("rss-version", 2)),
    case("rss_without_channel", ("rss-channel-count", 2)),
    case("rss_two_channels", ("rss-channel-count", 24)),
    case("rss_channel_without_description", ("rss-channel-required", 3)),
    case("rss_channel_link_relative", ("rss-link-not-absolute", 5)),
    case("rss_item_link_not_http", ("rss-link-not-web", 12)),
    case("rss_item_without_title_or_description", ("rss-item-title-or-description", 18)),
    case("rss_pubdate_iso_8601", ("rss-date-format", 16)),
    case("rss_pubdate_day_name_mismatch", ("rss-date-format", 16)),
    case("rss_pubdate_two_digit_year", ("rss-date-lenient", 16)),
    case("rss_last_build_date_unknown_zone", ("rss-date-format", 9)),
    case("rss_guid_permalink_not_url", ("rss-guid-permalink", 15)),
    case("rss_guid_duplicate", ("rss-guid-duplicate", 20)),
    case("rss_enclosure_invalid", ("rss-enclosure-invalid", 13)),
    case("rss_author_not_email", ("rss-author-not-email", 13)),
    case("rss_unknown_element_without_namespace", ("rss-unknown-element", 13)),
    case("rss_content_encoded_without_namespace", ("rss-element-namespace", 14)),
    case("rss_content_encoded_in_wrong_namespace", ("rss-element-namespace", 13)),
    case("rss_atom_element_without_namespace", ("rss-element-namespace", 13)),
    case(
        "rss_self_link_without_atom_namespace",
        ("rss-element-namespace", 7),
        ("rss-self-link-missing", 3),
    ),
    # RSS 2.0: the structure of a channel, its URLs and values (W3C validator: errors)
    case("rss_channel_link_javascript", ("feed-unsafe-url", 5)),
    case("rss_image_relative_url_and_too_wide", ("rss-url-invalid", 10), ("rss-image-size", 13)),
    case(
        "rss_textinput_without_description", ("rss-element-missing", 9), ("rss-textinput-name", 11)
    ),
    case("rss_channel_with_two_titles", ("rss-element-duplicate", 9)),
    case("rss_image_as_text", ("rss-unexpected-text", 9), ("rss-element-missing", 9)),
    case("rss_guid_attribute_misspelled", ("rss-attribute-unknown", 15)),
    case("rss_ttl_zero", ("rss-ttl-invalid", 9)),
    case("rss_language_as_a_name", ("rss-language-invalid", 8)),
    case("rss_cloud_without_register_procedure", ("rss-cloud-invalid", 9)),
    case("rss_skip_hours_invalid", ("rss-skip-invalid", 10), ("rss-skip-invalid", 12)),
    case("rss_author_name_with_address", ("rss-author-format", 12)),
    # RSS 0.91 and RSS 1.0 with its modules (dc, syndication)
    case("rss091_without_language", ("rss-channel-required", 3)),
    case("rss1_item_without_link_and_about", ("rdf-element-missing", 26)),
    case("rss1_channel_with_two_titles", ("rdf-element-duplicate", 7)),
    case("rss1_item_with_rss2_element", ("rdf-unknown-element", 31)),
    case("rss1_relative_link", ("rdf-link-invalid", 28)),
    case("rss1_dc_date_rfc822", ("dc-date-format", 32)),
    case("rss1_dc_language_name", ("dc-language-invalid", 9)),
    case("rss1_update_period_bad", ("sy-value-invalid", 11), ("sy-value-invalid", 12)),
    # Atom: IRIs, e-mail addresses, content (W3C validator: errors); unsafe links
    case("atom_entry_id_with_white_space", ("atom-value-whitespace", 14)),
    case("atom_link_href_with_space", ("atom-iri-invalid", 13)),
    case("atom_entry_link_javascript", ("feed-unsafe-url", 13)),
    case("atom_author_uri_data", ("feed-unsafe-url", 9)),
    case("atom_email_with_name", ("atom-email-invalid", 9)),
    case("atom_link_length_negative", ("atom-link-length", 13)),
    case("atom_content_multipart", ("atom-content-type", 17)),
    case("atom_content_text_with_element", ("atom-content-body", 17)),
    case("atom_content_src_without_summary", ("atom-summary-missing", 11)),
    case("atom_xhtml_with_svg", ("atom-xhtml-foreign", 17)),
    case("atom_lang_empty", ("atom-lang-empty", 2)),
    # RSS 2.0: what readers punish
    case("rss_without_self_link", ("rss-self-link-missing", 3)),
    case(
        "rss_valid_content_encoded",
        ("rss-self-link-mismatch", 7),
        self_url="https://example.org/feeds/rss.xml",
        name="rss_self_link_differs_from_self_url",
    ),
    case("rss_channel_link_is_self", ("rss-channel-link-is-self", 5)),
    case("rss_item_without_description_or_content", ("rss-item-content-missing", 9)),
    case("rss_item_without_guid", ("rss-guid-missing", 9)),
    case("rss_pubdate_in_the_future", ("feed-date-future", 14)),
    case("rss_relative_url_in_description", ("feed-relative-url", 12)),
    case("rss_content_encoded_with_iframe", ("content-iframe", 14)),
    case("rss_description_with_javascript_url", ("content-javascript-url", 12)),
]


@pytest.mark.parametrize("invalid", INVALID_CASES, ids=[invalid.name for invalid in INVALID_CASES])
def test_invalid_feed_reports_exactly_its_rules_on_their_lines(invalid: Case) -> None:
    findings = invalid.validate(fixture(invalid.fixture), self_url=invalid.self_url, now=NOW)

    assert rules_and_lines(findings) == invalid.expected
    assert all(finding.severity == RULES[finding.rule].severity for finding in findings)


def test_every_rule_has_an_invalid_fixture_and_every_fixture_is_used() -> None:
    expected_rules = {rule for invalid in INVALID_CASES for rule, _ in invalid.expected}
    used = {invalid.fixture for invalid in INVALID_CASES} | {name for name, _, _ in VALID_CASES}

    # The JSON Feed rules have their fixtures and cases in tests/test_jsonfeed_check.py.
    assert expected_rules == {rule for rule in RULES if not rule.startswith("json-")}
    assert used - set(GENERATED) == {path.stem for path in FEEDS.glob("*.xml")}


def test_findings_come_sorted_by_line_and_column() -> None:
    findings = validate_feed(fixture("atom_several_problems"), now=NOW)

    assert [(f.line, f.column) for f in findings] == sorted((f.line, f.column) for f in findings)
    assert findings[0].rule == "atom-self-link-missing"


@pytest.mark.parametrize(
    "rule", ["atom-self-link-missing", "atom-self-link-mismatch", "rss-self-link-missing",
             "rss-self-link-mismatch"],
)  # fmt: skip
def test_self_link_rules_are_warnings(rule: str) -> None:
    assert RULES[rule].severity == "warning"


def test_future_dates_are_judged_against_the_now_given() -> None:
    data = fixture("atom_updated_in_the_future")

    assert validate_atom(data, now=datetime(2030, 5, 1, 10, 0, 1, tzinfo=UTC)) == []
    assert validate_atom(data, now=datetime(2030, 5, 1, 9, 59, 59, tzinfo=UTC)) != []


def test_now_without_a_time_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        validate_atom(fixture("atom_valid_minimal"), now=datetime(2025, 1, 1))


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


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("xml_encoding_missing_latin1_bytes", "3:13: error: byte E9 is not UTF-8, and without an "
         "encoding declaration the document must be UTF-8; save it as UTF-8, or declare its "
         'encoding, e.g. <?xml version="1.0" encoding="windows-1252"?> [xml-encoding-missing]'),
        ("xml_encoding_mismatch_utf8_declared_latin1_bytes", "3:13: error: byte E9 is not utf-8, "
         "the encoding the declaration names; declare the encoding the file is saved in, or save "
         "it as UTF-8 [xml-encoding-mismatch]"),
        ("xml_encoding_suspect_latin1_declared_utf8_bytes", "3:13: warning: the declaration says "
         'encoding="iso-8859-1", but the bytes are UTF-8: "é" will show as "Ã©"; declare '
         'encoding="utf-8" [xml-encoding-suspect]'),
        ("rss_enclosure_invalid", '13:0: error: <enclosure> has url="/episodes/1.mp3", not an '
         "absolute http(s) URL; has no length (needs the size in bytes, 0 if unknown); has "
         'type="mp3", not a MIME type like "audio/mpeg" [rss-enclosure-invalid]'),
        ("rss_content_encoded_in_wrong_namespace", '13:0: error: <encoded> is in namespace '
         '"http://purl.org/rss/1.0/modules/content", which readers do not know; content:encoded '
         'is in "http://purl.org/rss/1.0/modules/content/" [rss-element-namespace]'),
        ("atom_content_with_script", "17:0: warning: <content> contains a <script>; readers "
         "remove it or drop the entry [content-script]"),
        ("rss_description_with_javascript_url", "12:0: warning: <description> has a javascript: "
         'URL in href="javascript:alert(1)" on <a>; readers remove it [content-javascript-url]'),
        ("atom_updated_in_the_future", '15:0: warning: <updated> "2030-05-01T10:00:00Z" is in the '
         "future (the check ran at 2025-01-01T00:00:00Z); readers sort it first, or hide it "
         "[feed-date-future]"),
    ],
)  # fmt: skip
def test_finding_says_what_is_wrong_and_what_to_do(name: str, line: str) -> None:
    [finding] = validate_feed(fixture(name), now=NOW)

    assert finding.format(name) == f"{name}:{line}"


def test_forbidden_characters_are_reported_per_line_and_the_rest_is_still_checked() -> None:
    findings = validate_feed(fixture("xml_forbidden_characters"), now=NOW)

    assert [finding.format("f.xml") for finding in findings] == [
        "f.xml:12:17: error: U+000C: a character XML 1.0 forbids (only tab, newline and carriage "
        "return among the control characters); remove it [xml-forbidden-character]",
        "f.xml:16:21: error: U+0001 (written &#x1;) and 1 more on this line: a character XML 1.0 "
        "forbids (only tab, newline and carriage return among the control characters); remove it "
        "[xml-forbidden-character]",
    ]
    broken = fixture("xml_forbidden_characters").replace(b"<id>https://example.org/</id>", b"")
    assert "atom-schema" in {finding.rule for finding in validate_feed(broken, now=NOW)}


def test_character_references_in_cdata_and_comments_are_only_text() -> None:
    data = fixture("rss_valid_content_encoded").replace(
        b"<p>A <em>first</em> post.</p>", b"<p>&#1;</p><!-- &#0; -->"
    )

    assert validate_rss(data, self_url=RSS_SELF, now=NOW) == []


# -- which entry a finding is in -----------------------------------------------------------------


def test_finding_inside_an_atom_entry_names_its_id() -> None:
    [finding] = validate_atom(fixture("atom_updated_before_published"), now=NOW)

    assert finding.entry_id == "https://example.org/posts/first/"


def test_finding_inside_an_rss_item_names_its_guid_else_its_link() -> None:
    with_guid = validate_rss(fixture("rss_author_not_email"), now=NOW)
    without_guid = validate_rss(fixture("rss_item_without_guid"), now=NOW)

    assert [finding.entry_id for finding in with_guid] == ["https://example.org/posts/first/"]
    assert [finding.entry_id for finding in without_guid] == ["https://example.org/posts/first/"]
    assert b"<guid>" not in fixture("rss_item_without_guid")


def test_finding_outside_any_entry_names_none() -> None:
    [finding] = validate_atom(fixture("atom_without_self_link"), now=NOW)

    assert finding.entry_id is None


def test_findings_located_only_by_line_are_matched_to_their_entry() -> None:
    findings = validate_atom(fixture("atom_updated_with_space_separator"), now=NOW)
    schema = [finding for finding in findings if finding.rule == "atom-schema"]
    forbidden = validate_atom(fixture("xml_forbidden_characters"), now=NOW)

    assert {finding.entry_id for finding in schema} == {"https://example.org/posts/first/"}
    assert {finding.entry_id for finding in forbidden} == {"https://example.org/posts/first/"}


def test_entry_without_an_id_is_named_none() -> None:
    [finding] = validate_atom(fixture("atom_entry_without_id"), now=NOW)

    assert finding.entry_id is None


def test_a_feed_on_one_line_still_names_entries_of_element_findings() -> None:
    one_line = b" ".join(fixture("atom_duplicate_entry_id").split(b"\n")[1:])
    findings = validate_atom(one_line, now=NOW)

    assert [(finding.rule, finding.line, finding.entry_id) for finding in findings] == [
        ("atom-id-duplicate", 1, "https://example.org/posts/first/"),
    ]


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
    b"\x00\x01\x02",
    b"<rss version='2.0'><chan\x01nel/></rss>",
    b"<?xml version='1.0' encoding='utf-16'?><rss/>",
    b"\xef\xbb\xbf<?xml version='1.0' encoding='latin-1'?><rss/>",
    b"<rss version='2.0'><channel><item><description>&lt;p</description></item></channel></rss>",
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
