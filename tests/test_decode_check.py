"""Decoding checks the bytes of a UTF-8 file for characters XML forbids before searching the
text: the byte check may only say "surely none" when the text search finds none."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from feedgen_app.content.xmlchars import first_forbidden
from feedgen_app.readers.decode import _surely_allowed

_text = st.text(
    st.one_of(
        st.characters(exclude_categories=["Cs"]),  # a file cannot hold surrogates
        st.sampled_from("\x00\x07\x0b\x1f\x7f\x80\x85\x9f\xa0\ufffd\ufffe\uffff\uff00é\t\r\n"),
    )
)


@settings(max_examples=400)
@given(_text)
def test_the_byte_check_never_passes_a_forbidden_character(text: str) -> None:
    if _surely_allowed(text.encode("utf-8")):
        assert first_forbidden(text) is None


@given(st.text(st.characters(max_codepoint=0x7F)))
def test_ascii_without_forbidden_characters_passes_the_byte_check(text: str) -> None:
    assert _surely_allowed(text.encode("ascii")) == (first_forbidden(text) is None)


def test_each_forbidden_character_fails_the_byte_check() -> None:
    for forbidden in ("\x00", "\x08", "\x0b", "\x1f", "\x7f", "\x80", "\x9f", "\ufffe", "\uffff"):
        assert not _surely_allowed(f"a{forbidden}b".encode())
    assert _surely_allowed("tab\there, line\r\nend, é, 語, 😀".encode())
