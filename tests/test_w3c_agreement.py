"""`check` next to the W3C Feed Validation Service, on the validator's own test suite.

The suite (github.com/w3c/feedvalidator: `testcases/atom`, `testcases/rss20` and the message
classes in `src/feedvalidator/logging.py`) is read where CI has it, beside the clone, or from
$FEEDGEN_W3C_SUITE; it is never copied into the repository. Without it these tests skip.
"""

from __future__ import annotations

import re

import pytest

from feedgen_app.validate.w3c_differences import DIFFERING_CASES
from scripts.w3c_agreement import (
    SUITE_FOLDERS,
    Report,
    is_fragment,
    measure,
    message_severities,
    suite_folder,
)
from scripts.w3c_report import differences, markdown
from tests.conftest import REPO

SUITE = suite_folder()
needs_suite = pytest.mark.skipif(
    not (SUITE / "testcases").is_dir(),
    reason=f"the W3C feedvalidator test suite is not at {SUITE}; set FEEDGEN_W3C_SUITE",
)


@pytest.fixture(scope="module")
def report() -> Report:
    return measure(SUITE)


@needs_suite
def test_check_agrees_with_the_w3c_validator_on_at_least_97_percent(report: Report) -> None:
    assert report.agreeing / len(report.outcomes) >= 0.97


@needs_suite
def test_every_difference_is_a_documented_one(report: Report) -> None:
    assert differences(report.undocumented) == []


@needs_suite
def test_every_documented_difference_still_differs(report: Report) -> None:
    assert report.stale == []


@needs_suite
def test_every_case_of_both_folders_is_measured(report: Report) -> None:
    files = [
        path for folder in SUITE_FOLDERS for path in (SUITE / "testcases" / folder).rglob("*.xml")
    ]

    assert len(report.outcomes) == len(files)
    assert {outcome.case.path.split("/")[0] for outcome in report.outcomes} == set(SUITE_FOLDERS)


@needs_suite
def test_docs_and_readme_show_the_current_figures(report: Report) -> None:
    regenerate = "python -m scripts.w3c_agreement --write docs/w3c-agreement.md"
    written = (REPO / "docs" / "w3c-agreement.md").read_text(encoding="utf-8")
    readme = (REPO / "README.md").read_text(encoding="utf-8")

    assert written == markdown(report), f"docs/w3c-agreement.md is out of date; run: {regenerate}"
    sentence = re.search(r"agrees\s+with\s+the\s+W3C\s+validator\s+on\s+(\d+)\s+of\s+(\d+)", readme)
    assert sentence is not None
    assert (int(sentence[1]), int(sentence[2])) == (report.agreeing, len(report.outcomes))


@needs_suite
def test_message_severities_follow_the_class_hierarchy_of_logging_py() -> None:
    severities = message_severities(SUITE / "src" / "feedvalidator" / "logging.py")

    # Names and bases as logging.py writes them: DuplicateElement(Error);
    # UseZeroForUnknown(InvalidNonNegativeInteger(InvalidInteger(InvalidValue(Error))));
    # SecurityRisk(Warning); MissingDCLanguage(MissingRecommendedElement(BestPractices(Info)));
    # ValidURI(ValidValue(Success)).
    assert [
        severities[name]
        for name in (
            "DuplicateElement", "UseZeroForUnknown", "SecurityRisk", "MissingDCLanguage",
            "ValidURI",
        )
    ] == ["error", "error", "warning", "info", "valid"]  # fmt: skip


def test_documented_differences_name_cases_of_the_two_folders() -> None:
    assert all(path.split("/")[0] in SUITE_FOLDERS for path in DIFFERING_CASES)
    assert all(path.endswith(".xml") for path in DIFFERING_CASES)


@pytest.mark.parametrize(
    ("document", "fragment"),
    [
        (b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><author><name>A</name></author>'
         b"</entry></feed>", True),
        (b'<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:x:1</id><title>t</title>'
         b"<updated>2024-05-01T10:00:00Z</updated></feed>", False),
        (b'<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:x:1</id><title>t</title>'
         b"<updated>2024-05-01T10:00:00Z</updated><entry><title>e</title></entry></feed>", True),
        (b"<rss><channel><title>t</title><link>http://x/</link><description>d</description>"
         b"<item><guid>g</guid></item></channel></rss>", True),
        (b"<rss><channel><title>t</title><link>http://x/</link><description>d</description>"
         b"<image><url>http://x/i.png</url></image></channel></rss>", True),
        (b"<rss><channel><title>t</title><link>http://x/</link><description>d</description>"
         b"<item><title>i</title></item></channel></rss>", False),
        (b"<rss><channel><title>t</title></rss>", True),
    ],
    ids=["atom-entry-alone", "atom-complete", "atom-entry-without-id",
         "rss-item-without-text", "rss-image-without-title", "rss-complete", "not-well-formed"],
)  # fmt: skip
def test_a_fragment_lacks_a_required_element_or_is_not_well_formed(
    document: bytes, fragment: bool
) -> None:
    assert is_fragment(document) is fragment
