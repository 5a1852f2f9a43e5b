"""`build` stays as strict as it was while `check` follows the W3C validator's severities.

Some problems are errors for the W3C Feed Validation Service only when they break the spec;
`check` reports the rest as warnings (rules marked `build_error`), and `build` still refuses
them in what it publishes (`stages.check.DocumentCheck`, through
`validate.as_build_sees_it`; `validate_feed(..., for_build=True)` is the same).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from feedgen_app.config import SiteConfig
from feedgen_app.model import ArchiveLinks
from feedgen_app.stages.check import DocumentCheck
from feedgen_app.stages.plan import DocumentOf
from feedgen_app.validate import validate_feed
from feedgen_app.validate.rules import RULES

FEEDS = Path(__file__).parent / "fixtures" / "feeds"
NOW = datetime(2025, 1, 1, tzinfo=UTC)

# Every rule that was an error before check followed the W3C validator (commit fe1f735).
ERRORS_BEFORE = [
    "xml-not-well-formed",
    "xml-encoding-missing",
    "xml-encoding-mismatch",
    "xml-encoding-unknown",
    "xml-forbidden-character",
    "feed-unknown-format",
    "atom-root",
    "atom-schema",
    "atom-author-missing",
    "atom-link-alternate-duplicate",
    "atom-date-format",
    "atom-id-not-absolute",
    "atom-id-duplicate",
    "atom-entry-alternate-missing",
    "atom-xhtml-not-div",
    "atom-updated-before-published",
    "rss-root",
    "rss-version",
    "rss-channel-count",
    "rss-channel-required",
    "rss-link-not-absolute",
    "rss-item-title-or-description",
    "rss-date-format",
    "rss-guid-permalink",
    "rss-guid-duplicate",
    "rss-enclosure-invalid",
    "rss-author-not-email",
    "rss-unknown-element",
    "rss-element-namespace",
]


def rss(old: str, new: str) -> bytes:
    """The valid RSS fixture with `old` replaced by `new`."""
    text = (FEEDS / "rss_valid_content_encoded.xml").read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1).encode()


def atom(old: str, new: str) -> bytes:
    """The valid Atom fixture with `old` replaced by `new`."""
    text = (FEEDS / "atom_valid_minimal.xml").read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1).encode()


PUB = "<pubDate>Wed, 01 May 2024 10:00:00 GMT</pubDate>"
LINK = "<link>https://example.org/posts/first/</link>"
SUMMARY = "<summary>A first post.</summary>"
TITLE = "<title>First post</title>"
# Documents that were errors before, and that `check` now reports as warnings only.
DOWNGRADED = {
    "ftp link": (rss(LINK, "<link>ftp://example.org/posts/first/</link>"), "rss-link-not-web"),
    "mailto link": (rss(LINK, "<link>mailto:ada@example.org</link>"), "rss-link-not-web"),
    "lower-case month": (rss(PUB, "<pubDate>Wed, 01 may 2024 10:00:00 GMT</pubDate>"),
                         "rss-date-lenient"),
    "comment in a date": (rss(PUB, "<pubDate>Wed, 01 May 2024 10:00:00 GMT (noon)</pubDate>"),
                          "rss-date-lenient"),
    "two-digit year": (rss(PUB, "<pubDate>Wed, 01 May 24 10:00:00 GMT</pubDate>"),
                       "rss-date-lenient"),
    "military zone": (rss(PUB, "<pubDate>Wed, 01 May 2024 10:00:00 Z</pubDate>"),
                      "rss-date-lenient"),
    "empty date": (rss(PUB, "<pubDate></pubDate>"), "rss-date-lenient"),
    "name <address>": (rss(TITLE, TITLE + "<author>Ada &lt;ada@example.org&gt;</author>"),
                       "rss-author-format"),
    "mailto author": (rss(TITLE, TITLE + "<author>mailto:ada%40example.org</author>"),
                      "rss-author-format"),
    "duplicate entry id": ((FEEDS / "atom_duplicate_entry_id.xml").read_bytes(),
                           "atom-id-duplicate"),
    'xml:lang=""': ((FEEDS / "atom_lang_empty.xml").read_bytes(), "atom-lang-empty"),
    "updated before published": ((FEEDS / "atom_updated_before_published.xml").read_bytes(),
                                 "atom-updated-before-published"),
    "svg in xhtml": ((FEEDS / "atom_xhtml_with_svg.xml").read_bytes(), "atom-xhtml-foreign"),
    "math in xhtml": (atom(SUMMARY, '<summary type="xhtml"><div xmlns="http://www.w3.org/1999/'
                                    'xhtml"><math xmlns="http://www.w3.org/1998/Math/MathML"/>'
                                    "</div></summary>"), "atom-xhtml-foreign"),
}  # fmt: skip


def test_every_rule_that_was_an_error_still_fails_the_build() -> None:
    still_refused = [rule for rule in ERRORS_BEFORE if RULES[rule].severity == "error"]
    escalated = [rule for rule in ERRORS_BEFORE if RULES[rule].build_error]

    assert sorted(still_refused + escalated) == sorted(ERRORS_BEFORE)
    assert escalated == ["atom-id-duplicate", "atom-updated-before-published"]


def test_build_errors_are_warnings_only() -> None:
    assert all(rule.severity == "warning" for rule in RULES.values() if rule.build_error)


@pytest.mark.parametrize(("data", "rule"), DOWNGRADED.values(), ids=DOWNGRADED.keys())
def test_a_downgraded_problem_is_a_warning_for_check_and_an_error_for_build(
    data: bytes, rule: str
) -> None:
    for_check = validate_feed(data, now=NOW)
    for_build = validate_feed(data, now=NOW, for_build=True)

    assert {(f.rule, f.severity) for f in for_check if f.severity == "error"} == set()
    assert (rule, "warning") in {(f.rule, f.severity) for f in for_check}
    assert (rule, "error") in {(f.rule, f.severity) for f in for_build}
    assert [f.rule for f in for_build] == [f.rule for f in for_check]


@pytest.mark.parametrize(("data", "rule"), DOWNGRADED.values(), ids=DOWNGRADED.keys())
def test_the_build_refuses_what_check_now_calls_a_warning(data: bytes, rule: str) -> None:
    config = SiteConfig(title="Example Feed", site_url="https://example.org/")
    fmt = "atom" if b"<feed" in data else "rss"
    document = DocumentOf(
        f"{fmt}.xml", f"https://example.org/{fmt}.xml", fmt, "Example Feed", (), ArchiveLinks()
    )

    found = DocumentCheck({}, config, NOW)(document, data)

    refused = [problem.message for problem in found if problem.severity == "error"]
    assert any(message.endswith(f"[{rule}]") for message in refused), found
