"""`check` on JSON Feed documents (feedgen_app.validate.jsonfeed), ours or anyone's.

Fixtures are tests/fixtures/feeds/json_*.json, one per case, named for it. Each case lists the
exact (rule, severity, line) findings it must produce and no others; lines were read off the
fixture files.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from feedgen_app.cli import main
from feedgen_app.validate import jsonpositions, validate_feed, validate_json_feed
from feedgen_app.validate.rules import RULES

FEEDS = Path(__file__).parent / "fixtures" / "feeds"
SELF = "https://example.org/feed.json"
NOW = datetime(2025, 1, 1, tzinfo=UTC)

Expected = tuple[str, str, int]


def fixture(name: str) -> bytes:
    return (FEEDS / f"{name}.json").read_bytes()


def found(data: bytes, self_url: str | None = SELF) -> list[Expected]:
    findings = validate_feed(data, self_url=self_url, now=NOW)
    return [(finding.rule, finding.severity, finding.line) for finding in findings]


CASES: list[tuple[str, list[Expected]]] = [
    ("json_not_utf8_latin1_bytes", [("json-encoding", "error", 10)]),
    ("json_lone_surrogate_escape", [("json-encoding", "error", 10)]),
    ("json_syntax_trailing_comma", [("json-syntax", "error", 14)]),
    ("json_version_missing", [("json-version", "error", 1)]),
    ("json_version_unknown", [("json-version", "error", 2)]),
    ("json_version_1_0", [("json-version-outdated", "warning", 2)]),
    ("json_feed_without_title", [("json-required", "error", 1)]),
    ("json_attachment_without_mime_type", [("json-required", "error", 15)]),
    ("json_field_wrong_type", [("json-type", "error", 6), ("json-type", "error", 15)]),
    ("json_item_without_id", [("json-item-id", "error", 7)]),
    ("json_item_id_number", [("json-item-id", "error", 8)]),
    ("json_item_id_blank", [("json-item-id", "error", 8)]),
    ("json_item_id_duplicate", [("json-item-id-duplicate", "error", 16)]),
    ("json_item_without_content", [("json-item-content-missing", "error", 7)]),
    ("json_author_empty", [("json-author-empty", "error", 14)]),
    ("json_date_without_zone", [("json-date-format", "error", 12)]),
    ("json_date_only", [("json-date-format", "error", 13)]),
    ("json_language_not_a_tag", [("json-language", "error", 6)]),
    ("json_updated_before_published", [("json-updated-before-published", "warning", 13)]),
    ("json_date_in_the_future", [("feed-date-future", "warning", 13)]),
    (
        "json_date_before_1990",
        [("feed-date-before-1990", "warning", 12), ("feed-date-before-1990", "warning", 13)],
    ),
    ("json_url_relative", [("json-url-not-absolute", "error", 9)]),
    ("json_url_javascript", [("json-url-not-http", "warning", 9)]),
    ("json_author_url_mailto", [("json-url-not-http", "warning", 14)]),
    ("json_feed_without_feed_url", [("json-feed-url-missing", "warning", 1)]),
    ("json_feed_without_home_page_url", [("json-home-page-url-missing", "warning", 1)]),
    ("json_next_url_is_feed_url", [("json-next-url-is-feed-url", "error", 6)]),
    (
        "json_unknown_key",
        [("json-item-content-missing", "error", 8), ("json-unknown-key", "warning", 12)],
    ),
    (
        "json_content_html_with_script",
        [("content-script", "warning", 11), ("content-event-handler", "warning", 11)],
    ),
    ("json_content_html_relative_url", [("feed-relative-url", "warning", 11)]),
    # A control character is legal in a JSON string; the HTML check must not trip on it.
    ("json_content_html_with_control_character", []),
]


def test_valid_feed_has_no_findings() -> None:
    assert found(fixture("json_valid_minimal")) == []
    assert found(fixture("json_valid_minimal"), self_url=None) == []


@pytest.mark.parametrize(("name", "expected"), CASES, ids=[name for name, _ in CASES])
def test_each_case_reports_exactly_its_rule_severity_and_line(
    name: str, expected: list[Expected]
) -> None:
    assert found(fixture(name)) == expected


def test_every_json_rule_has_a_case() -> None:
    covered = {rule for _, expected in CASES for rule, _, _ in expected}
    covered |= {"json-not-object", "json-feed-url-mismatch"}  # tested below

    assert {rule for rule in RULES if rule.startswith("json-")} <= covered


def test_top_level_array_is_not_a_feed() -> None:
    findings = validate_json_feed(fixture("json_top_level_array"), now=NOW)

    assert [(f.rule, f.severity, f.line) for f in findings] == [("json-not-object", "error", 1)]


def test_feed_url_other_than_where_it_is_published_is_reported_at_its_line() -> None:
    findings = validate_feed(
        fixture("json_valid_minimal"), self_url="https://example.org/other.json", now=NOW
    )

    assert [(f.rule, f.severity, f.line, f.message) for f in findings] == [
        (
            "json-feed-url-mismatch",
            "warning",
            5,
            'feed_url is "https://example.org/feed.json", but the feed is served at '
            '"https://example.org/other.json"',
        )
    ]


def test_findings_name_the_item_they_are_in() -> None:
    (finding,) = validate_feed(fixture("json_date_without_zone"), self_url=SELF, now=NOW)

    assert finding.entry_id == "https://example.org/posts/first/"
    assert finding.message == (
        'items[0].date_published "2024-05-01T10:00:00" has no time zone; JSON Feed dates are '
        "RFC 3339 date-times with a zone, like 2024-05-01T10:00:00+02:00"
    )


def test_a_byte_order_mark_and_leading_blank_lines_are_still_json() -> None:
    data = b"\xef\xbb\xbf\n\n" + fixture("json_item_id_number")

    assert found(data) == [("json-item-id", "error", 10)]


def test_a_feed_over_1_mb_is_too_large() -> None:
    document = json.loads(fixture("json_valid_minimal"))
    document["items"][0]["content_text"] = "word " * 220_000
    data = json.dumps(document, indent=2).encode()

    assert len(data) > 1024 * 1024
    assert found(data) == [("feed-too-large", "warning", 1)]


def test_items_that_are_not_objects_and_deep_nesting_do_not_crash() -> None:
    odd = b'{"version": "https://jsonfeed.org/version/1.1", "title": "T", "items": [1, null]}'
    deep = b'{"items": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"

    assert [rule for rule, _, _ in found(odd)] == [
        "json-home-page-url-missing",
        "json-feed-url-missing",
        "json-type",
        "json-type",
    ]
    assert [rule for rule, _, _ in found(deep)] == ["json-syntax"]


def test_nan_and_infinity_are_not_json() -> None:
    data = fixture("json_valid_minimal").replace(b'"items"', b'"_score": NaN,\n  "items"')

    findings = validate_feed(data, self_url=SELF, now=NOW)

    assert [(f.rule, f.line, f.message) for f in findings] == [
        (
            "json-syntax",
            0,
            "not JSON: NaN is not a JSON value; JSON numbers are finite (RFC 8259 §6)",
        )
    ]


KEYS = st.sampled_from(
    ["version", "title", "items", "id", "url", "authors", "name", "date_published", "tags",
     "content_html", "attachments", "hubs", "feed_url", "next_url", "language", "_x", "?"]
)  # fmt: skip
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
ANY_JSON = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=5)
)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(document=st.dictionaries(KEYS, ANY_JSON, max_size=8), indent=st.sampled_from([None, 1]))
def test_any_json_object_is_checked_without_crashing(
    document: dict[str, object], indent: int | None
) -> None:
    data = json.dumps(document, indent=indent).encode()

    findings = validate_feed(data, self_url=SELF, now=NOW)

    assert all(finding.rule in RULES and finding.line >= 1 for finding in findings)


# -- through the command line ---------------------------------------------------------------------


def test_check_prints_json_findings_and_exits_1_on_errors(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(FEEDS)

    code = main(["check", "json_item_id_duplicate.json", "--url", SELF])

    assert (code, capsys.readouterr().out) == (
        1,
        'json_item_id_duplicate.json:16:0: error: items[1].id "https://example.org/posts/first/" '
        "is also the id of the item on line 8; readers show only one of them "
        "[json-item-id-duplicate]\n"
        "checked 1 file: 1 error, 0 warnings\n",
    )


def test_check_passes_a_clean_json_feed_and_fails_warnings_only_with_strict(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(FEEDS)

    assert main(["check", "--strict", "json_valid_minimal.json", "--url", SELF]) == 0
    assert capsys.readouterr().out == "checked 1 file: no problems\n"
    assert main(["check", "json_version_1_0.json"]) == 0
    assert main(["check", "--strict", "json_version_1_0.json"]) == 1


def test_check_format_json_reports_json_feed_findings(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(FEEDS)

    code = main(["check", "--format", "json", "json_url_relative.json", "--url", SELF])

    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert (report["errors"], report["warnings"]) == (1, 0)
    (finding,) = report["files"][0]["findings"]
    assert {key: finding[key] for key in ("line", "severity", "rule", "entry_id")} == {
        "line": 9,
        "severity": "error",
        "rule": "json-url-not-absolute",
        "entry_id": "https://example.org/posts/first/",
    }


def test_a_document_too_deep_to_walk_for_lines_keeps_its_findings_on_line_0(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The lines are found only when a finding asks, by a recursive walk deeper in the stack
    than `json.loads` was: a document it cannot walk gives its findings without a line."""

    def too_deep(*_: object) -> int:
        raise RecursionError

    monkeypatch.setattr(jsonpositions, "_walk", too_deep)
    assert found(fixture("json_item_without_id")) == [("json-item-id", "error", 0)]
