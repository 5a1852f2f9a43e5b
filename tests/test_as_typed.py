"""A title, summary, name or tag is what the author typed: YAML 1.1 would read `12:30` as 750,
`3.10` as 3.1 and `010` as 8. A key given twice is an error at the second one."""

from __future__ import annotations

from tests.conftest import Site
from tests.feeds import read_with_feedparser
from tests.refusal import assert_refused_then_skipped

DUPLICATE = "front matter is not valid YAML: duplicate key '{key}' (first on line {line})"


def test_plain_yaml_scalars_stay_as_typed(site: Site) -> None:
    site.write(
        "typed.md",
        "---\ntitle: 12:30\ndate: 2024-01-01\nsummary: 3.10\nauthor: 010\n"
        "tags: [3.10, 010, yes, 1e3, .inf, 0x1F]\ndraft: no\n---\nx\n",
    )
    assert site.build().code == 0
    [entry] = read_with_feedparser(site.feed()).entries
    assert entry.title == "12:30"
    assert entry.summary == "3.10"
    assert entry.author == "010"
    assert [tag.term for tag in entry.tags] == ["3.10", "010", "yes", "1e3", ".inf", "0x1F"]


def test_yaml_yes_no_on_off_still_set_draft(site: Site) -> None:
    for name, flag in (("a", "yes"), ("b", "on"), ("c", "True"), ("d", "off"), ("e", "No")):
        site.write(f"{name}.md", f"---\ntitle: {name}\ndate: 2024-01-01\ndraft: {flag}\n---\nx\n")
    result = site.build()
    assert result.code == 0
    assert "left out 3 drafts" in result.out
    assert [entry.title for entry in read_with_feedparser(site.feed()).entries] == ["d", "e"]


def test_a_toml_number_where_text_belongs_is_refused_not_rewritten(site: Site) -> None:
    assert_refused_then_skipped(
        site,
        {"number.md": "+++\ntitle = 3.10\ndate = 2024-01-02\n+++\nx\n"},
        ["number.md:2: error: title: expected text, got the number 3.1 (put the value in quotes)"],
    )


def test_a_duplicate_yaml_key_is_an_error_at_the_second(site: Site) -> None:
    assert_refused_then_skipped(
        site,
        {"twice.md": "---\ntitle: One\ndate: 2024-01-02\ntags: [a]\ntitle: Two\n---\nx\n"},
        ["twice.md:5: error: " + DUPLICATE.format(key="title", line=2)],
    )


def test_a_key_a_yaml_merge_brings_may_be_given_again(site: Site) -> None:
    site.write(
        "merge.md",
        "---\ntitle: Merged\ndate: 2024-01-01\nbase: &b {name: Ada, email: ada@example.org}\n"
        "author:\n  <<: *b\n  name: Grace\n---\nx\n",
    )
    assert site.build().code == 0
    [entry] = read_with_feedparser(site.feed()).entries
    assert entry.author_detail == {"name": "Grace", "email": "ada@example.org"}


def test_a_duplicate_nested_key_is_an_error_too(site: Site) -> None:
    assert_refused_then_skipped(
        site,
        {"nested.md": "---\ntitle: N\ndate: 2024-01-02\nauthor:\n  name: A\n  name: B\n---\nx\n"},
        ["nested.md:6: error: " + DUPLICATE.format(key="name", line=5)],
    )
