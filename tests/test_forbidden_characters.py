"""Characters XML 1.0 forbids (§2.2, production Char), raw or as references, are found on
every line that has them, whatever else the text holds: the quick test of a text's UTF-8 bytes
that lets a clean text through must never let one through."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from feedgen_app.validate.characters import blank_forbidden_characters

# XML 1.0 §2.2: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
RAW_FORBIDDEN = [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF]
ALLOWED = ["a", " ", "\t", "\r", "é", "—", "\ue000", "\ufffd", "😀", "&amp;", "#", "<p>"]


def _is_xml_char(code_point: int) -> bool:
    return (
        code_point in (0x9, 0xA, 0xD)
        or 0x20 <= code_point <= 0xD7FF
        or 0xE000 <= code_point <= 0xFFFD
        or 0x10000 <= code_point <= 0x10FFFF
    )


@pytest.mark.parametrize("code_point", RAW_FORBIDDEN)
@pytest.mark.parametrize("around", ["plain ascii", "café — naïve", "emoji 😀"])
def test_each_forbidden_character_written_raw_is_found(code_point: int, around: str) -> None:
    text = f"<feed>\n<title>{around}{chr(code_point)}{around}</title>\n</feed>\n"

    blanked, findings = blank_forbidden_characters(text)

    assert [(f.rule, f.line) for f in findings] == [("xml-forbidden-character", 2)]
    assert chr(code_point) not in blanked


@pytest.mark.parametrize(
    "reference", ["&#1;", "&#x1F;", "&#xFFFE;", "&#65535;", "&#xD800;", "&#1114112;"]
)
@pytest.mark.parametrize("around", ["plain ascii", "café — naïve"])
def test_each_forbidden_character_reference_is_found(reference: str, around: str) -> None:
    text = f"<feed>\n<title>{around}</title>\n<p>{around} {reference}</p>\n</feed>\n"

    blanked, findings = blank_forbidden_characters(text)

    assert [(f.rule, f.line) for f in findings] == [("xml-forbidden-character", 3)]
    assert reference not in blanked


@pytest.mark.parametrize("reference", ["&#9;", "&#xA;", "&#x20;", "&#xE9;", "&#x1F600;"])
def test_references_to_allowed_characters_are_not_findings(reference: str) -> None:
    text = f"<feed>\n<title>café {reference}</title>\n</feed>\n"

    assert blank_forbidden_characters(text) == (text, [])


@given(
    st.lists(
        st.lists(
            st.one_of(st.sampled_from(ALLOWED), st.sampled_from([chr(c) for c in RAW_FORBIDDEN])),
            max_size=12,
        ),
        min_size=1,
        max_size=6,
    )
)
def test_the_lines_found_are_those_with_a_forbidden_character(lines: list[list[str]]) -> None:
    text = "\n".join("".join(line) for line in lines)
    expected = [
        number
        for number, line in enumerate(text.split("\n"), start=1)
        if any(not _is_xml_char(ord(character)) for character in line)
    ]

    blanked, findings = blank_forbidden_characters(text)

    assert [finding.line for finding in findings] == expected
    assert all(_is_xml_char(ord(character)) for character in blanked)
