"""Input that nests deeply is refused with a located error, quickly: front matter (YAML and
TOML parsers recurse once per level) and HTML (parsers spend time per element in proportion to
the depth: 100,000 nested <div>s took 37 s in the sanitizer before the bound)."""

from __future__ import annotations

import time

import pytest

from feedgen_app.content.nesting import MAX_HTML_DEPTH, too_deep_at
from tests.conftest import Site
from tests.refusal import assert_refused_then_skipped, published_titles

FRONT_TOO_DEEP = ":2: error: front matter nests more than 20 levels deep (fields need 3)"
HTML_TOO_DEEP = (
    f"error: the HTML in the text nests more than {MAX_HTML_DEPTH} elements deep (close the "
    "tags, or simplify the markup)"
)
LEVELS = 5000


@pytest.mark.parametrize(
    "name, text",
    [
        ("flow.md", "---\ntitle: Deep\ntags: " + "[" * LEVELS + "]" * LEVELS + "\n---\nx\n"),
        (
            "block.md",
            "---\ntitle: Deep\ntags:\n"
            + "".join(" " * level + "k:\n" for level in range(1, 1200))
            + "---\nx\n",
        ),
        ("just_over.md", "---\ntitle: Deep\ntags: " + "[" * 21 + "]" * 21 + "\n---\nx\n"),
        ("toml.md", '+++\ntitle = "Deep"\ntags = ' + "[" * LEVELS + "]" * LEVELS + "\n+++\nx\n"),
        (
            "inline.md",
            '+++\ntitle = "Deep"\nx = ' + "{a = " * LEVELS + "1" + "}" * LEVELS + "\n+++\n",
        ),
    ],
)
def test_deeply_nested_front_matter_is_a_located_error(site: Site, name: str, text: str) -> None:
    assert_refused_then_skipped(site, {name: text}, [name + FRONT_TOO_DEEP])


def test_html_nested_100000_deep_is_refused_quickly(site: Site) -> None:
    levels = 100_000
    text = "---\ntitle: Deep\ndate: 2024-01-02\n---\nIntro.\n\n" + "<div>" * levels + "x"
    started = time.monotonic()
    assert_refused_then_skipped(
        site, {"deep.md": text + "</div>" * levels + "\n"}, [f"deep.md:7: {HTML_TOO_DEEP}"]
    )
    assert time.monotonic() - started < 10  # three builds; the sanitizer alone took 37 s


def test_html_at_the_depth_bound_and_many_unclosed_paragraphs_are_published(site: Site) -> None:
    deep = "<div>" * MAX_HTML_DEPTH + "x" + "</div>" * MAX_HTML_DEPTH
    site.write("ok.md", f"---\ntitle: Ok\ndate: 2024-01-02\n---\n{deep}\n\n" + "<p>a" * 5000)
    result = site.build()
    assert (result.code, result.err) == (0, "")
    assert published_titles(site) == ["Ok"]


def test_the_html_depth_is_counted_only_when_the_text_has_tags_enough_to_pass_it() -> None:
    assert too_deep_at("<b>\n" * 3, limit=2) == 3
    assert too_deep_at("<b>\n" * 2, limit=2) is None
    assert too_deep_at("a < b\n" * 5 + "<i>", limit=2) is None
