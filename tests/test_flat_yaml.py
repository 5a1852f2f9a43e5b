"""The fast reading of flat YAML front matter (`readers.flatyaml`) gives PyYAML's mapping and
the key lines the key-line pattern finds, or declines; generated text full of the characters
YAML gives a meaning to checks the first, examples check the declines."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from feedgen_app.content.xmlchars import MAX_VALUES
from feedgen_app.readers import flatyaml
from feedgen_app.readers.flatyaml import MAX_TEXT, read_flat
from feedgen_app.readers.frontmatter import key_lines
from feedgen_app.readers.pyyaml import _FastLoader

# Words, the characters YAML gives a meaning to, the words it resolves, and (rarer) the
# characters that decline any text: about half the generated texts are answered.
_LETTERS = "aZ09_.é語😀\u200b\u180e"
_SIGNIFICANT = (
    *" :#'\"[],-?&*!|>%@`~=</",
    *(": ", " #", " # c", "''", "null", "Null", "NULL", "~", "<<", "=", "yes", "12:30", "3.10"),
    *("2024-01-01T10:00:00+02:00", "---", "...", "  ", "Writer 1", "a b"),
)
_DECLINING = (
    *("\t", "\r", "\\", "{", "}", "\u00a0", "\u2028", "\u2029", "\ufeff", "\u0085", "\u3000"),
    *("\x7f", "\x07", "\ud800"),
)
_word = st.text(st.sampled_from(_LETTERS), min_size=1, max_size=4)
_mark = st.sampled_from(_SIGNIFICANT)
_plain = st.lists(st.one_of(_word, _word, _mark), min_size=1, max_size=5).map("".join)
_dense = st.lists(st.one_of(_word, _mark), min_size=1, max_size=4).map("".join)
"""Plain text with more marks: for one value at a time."""


def _values(plain: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Plain, quoted, flow-list and resolved values made of `plain` text."""
    quoted = st.tuples(st.sampled_from("'\""), plain, st.sampled_from("'\"")).map("".join)
    flow = st.lists(st.one_of(plain, quoted), max_size=4).map(lambda items: f"[{', '.join(items)}]")
    resolved = st.sampled_from(("", "~", "null", "<<", "="))
    return st.one_of(plain, plain, quoted, flow, resolved)


_value = _values(_plain)
_KEYS = (
    *("title", "date", "tags", "author", "draft", "a b", "x.y", "é", "k-1", "_k", "null"),
    *("~", "<<", "=", "og:image", "a=b", "-x", "? x", "'q'", '"q"', "[k]", "a #b", "title "),
)
_name = st.tuples(st.sampled_from("aZ9_é語"), st.text(st.sampled_from("aZ09_.é語- "), max_size=4))
_key = st.one_of(_name.map("".join), _name.map("".join), _name.map("".join), st.sampled_from(_KEYS))
_odd_key = st.one_of(st.sampled_from(_KEYS), _plain)
_space = st.sampled_from(("", " ", "  "))
_end = st.sampled_from(("", "", " ", " # c", "  #", "#c"))
_colon = st.sampled_from((": ", ": ", ":  ", ":"))
_key_line = st.tuples(_key, _space, _colon, _value, _end)
_indent = st.sampled_from(("", "", "  ", " ", "    "))
_items = st.tuples(_indent, st.lists(st.tuples(_value, _end).map("".join), min_size=1, max_size=3))
_list = st.tuples(_key, st.sampled_from((":", ": ", ": # c")), _items).map(
    lambda key_items: (
        key_items[0]
        + key_items[1]
        + "".join(f"\n{key_items[2][0]}- {item}" for item in key_items[2][1])
    )
)
_odd_line = st.one_of(
    st.tuples(_odd_key, _space, _colon, _value, _end).map("".join),
    st.tuples(_indent, st.sampled_from(("- ", "-", "- - ")), _value).map("".join),
    st.tuples(_space, _plain).map("".join),
    st.sampled_from(("", " ", "---", "...", "--- x", "%YAML 1.1", "? k", ": v", "-", "- - a")),
)
_comment = st.tuples(_space, st.sampled_from(("# a comment", "#", "#: x", "# x: 'y"))).map("".join)
_blank = st.sampled_from(("", " "))
_flat_lines = st.lists(
    st.one_of(_key_line.map("".join), _list, _comment, _blank), min_size=1, max_size=6
).map("\n".join)
_any_lines = st.lists(
    st.one_of(_key_line.map("".join), _list, _comment, _odd_line), min_size=1, max_size=6
).map("\n".join)
_with_declining = st.tuples(_flat_lines, st.sampled_from(_DECLINING), st.integers(0, 60)).map(
    lambda text_char_at: (
        text_char_at[0][: text_char_at[2]] + text_char_at[1] + text_char_at[0][text_char_at[2] :]
    )
)
_EXAMPLES = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _assert_as_pyyaml_reads_it(text: str) -> None:
    flat = read_flat(text, 2)
    event("answered" if flat is not None else "declined")
    if flat is None:
        return
    meta, lines = flat
    expected = yaml.load(text, Loader=_FastLoader)
    assert repr(meta) == repr(expected)  # repr tells None from "None" and a list from a tuple
    assert lines == key_lines(text, 2)


@_EXAMPLES
@given(_flat_lines)
def test_a_flat_reading_is_pyyaml_s_mapping_and_the_key_lines(text: str) -> None:
    _assert_as_pyyaml_reads_it(text)


@_EXAMPLES
@given(st.tuples(_key, _colon, _values(_dense), _end).map("".join))
def test_one_value_is_read_as_pyyaml_reads_it(text: str) -> None:
    _assert_as_pyyaml_reads_it(text)


@_EXAMPLES
@given(st.one_of(_any_lines, _with_declining))
def test_odd_lines_and_characters_are_declined_or_read_as_pyyaml_reads_them(text: str) -> None:
    _assert_as_pyyaml_reads_it(text)


def _outcome(read: Callable[[Any], object], line: Any) -> object:
    try:
        return read(line)
    except flatyaml._Unsure:
        return "unsure"


@_EXAMPLES
@given(st.tuples(_key, _colon, _values(_dense), _end).map("".join))
def test_a_common_line_read_in_one_match_is_read_as_step_by_step(line: str) -> None:
    common = flatyaml._COMMON_LINE.fullmatch(line)
    event("one match" if common is not None else "no match")
    if common is not None:
        assert _outcome(flatyaml._common_line, common) == _outcome(flatyaml._key_line, line)


ORDINARY = [
    "title: In archive release\ndate: 2015-01-01T02:27:00+02:00\nauthor: Writer 0\n"
    "tags: [culture, sport, tech]",
    "title: 'Q&A: what is it?'\ndate: 2024-05-01 10:00:00 +0200 # local\ndraft: no\n\n"
    "# taxonomies\ntags:\n  - one\n  - two words\ncategories:\n- news\nsummary:",
    'title: "12:30, a [time]"\nslug: hello-world\nimage: /img/a.png\ntags: []\nlink: ~',
    "title: Ünïcode — 語 😀 \u2018quotes\u2019\nauthor: Ada Lovelace <ada@example.org>\n"
    "lang: fr-CA",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_front_matter_is_read_flat_as_pyyaml_reads_it(text: str) -> None:
    flat = read_flat(text, 2)
    assert flat is not None
    meta, lines = flat
    assert repr(meta) == repr(yaml.load(text, Loader=_FastLoader))
    assert lines == key_lines(text, 2)


def test_values_and_lines_of_a_flat_front_matter() -> None:
    text = "# c\ntitle: a # b\ntags:\n- 'x y'\n- ~\nlink:\nauthors: [A, \"B\", null]"
    assert read_flat(text, 2) == (
        {"title": "a", "tags": ["x y", None], "link": None, "authors": ["A", "B", None]},
        {"title": 3, "tags": 4, "link": 7, "authors": 8},
    )


DECLINED = {
    "tab": "title:\ta",
    "carriage return": "title: a\r",
    "backslash escape": 'title: "a\\x07"',
    "anchor": "base: &b x\ntitle: *b",
    "alias value": "title: *b",
    "tag": "title: !!str 3",
    "literal block": "summary: |\n  a",
    "folded block": "summary: >\n  a",
    "flow mapping": "author: {name: A}",
    "brace inside": "title: a}",
    "explicit key": "? title\n: a",
    "directive": "%YAML 1.1\ntitle: a",
    "reserved at": "title: @a",
    "reserved backtick": "title: `a`",
    "colon space inside": "title: a: b",
    "comment without space": "title: 'a'#b",
    "value ending in colon": "title: Note:",
    "nested mapping": "author:\n  name: A",
    "continuation line": "title: a\n  b",
    "document start inside": "title: a\n---\nb: c",
    "document end inside": "title: a\n...",
    "duplicate key": "title: a\ntitle: b",
    "merge key": "<<: {a: b}",
    "merge value": "title: <<",
    "lone equals": "title: =",
    "null key": "null: a",
    "key with equals": "a=b: c",
    "key with colon": "og:image: x",
    "quoted key": '"title": a',
    "control character": "title: a\x07",
    "next line": "title: a\x85b",
    "no-break space": "title: a\u00a0",
    "line separator": "title: a\u2028b",
    "paragraph separator": "title: a\u2029b",
    "byte-order mark": "title: \ufeffa",
    "surrogate": "title: a\ud83c",
    "escaped quote": "title: 'it''s'",
    "multi-line quote": "title: 'a\n  b'",
    "multi-line flow list": "tags: [a,\n  b]",
    "nested flow list": "tags: [a, [b]]",
    "trailing comma": "tags: [a, b,]",
    "empty item": "tags:\n- \n- a",
    "nested list": "tags:\n- - a",
    "items at two indents": "tags:\n  - a\n    - b",
    "item without a key": "title: a\n- b",
    "nothing but comments": "# only\n",
    "very long": "title: " + "a" * MAX_TEXT,
    "very long key": "k" * 1100 + ": v",
}


@pytest.mark.parametrize("text", DECLINED.values(), ids=DECLINED.keys())
def test_unusual_front_matter_is_left_to_pyyaml(text: str) -> None:
    assert read_flat(text, 2) is None


def test_what_a_flat_reading_returns_needs_no_shape_check() -> None:
    # Two levels deep, and one value needs two characters at least (`- a`, `,a`).
    assert MAX_TEXT // 2 < MAX_VALUES


def test_a_build_of_flat_front_matter_never_imports_pyyaml(tmp_path: Path) -> None:
    items = tmp_path / "items"
    items.mkdir()
    (items / "a.md").write_text("---\ntitle: A\ndate: 2024-05-01\ntags: [x, y]\n---\nText.\n")
    settings = tmp_path / "site.toml"
    settings.write_text('title = "T"\nsite_url = "https://example.org/"\n')
    script = (
        "import sys; from feedgen_app.cli import main; "
        f"code = main(['build', '--config', {str(settings)!r}]); "
        "print(code, 'yaml' in sys.modules)"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert run.stdout.splitlines()[-1] == "0 False"
    (items / "b.md").write_text("---\ntitle: B\nsummary: |\n  two\n  lines\n---\nText.\n")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert run.stdout.splitlines()[-1] == "0 True"  # a block scalar: PyYAML reads it
