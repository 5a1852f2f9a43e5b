"""Summaries: the front matter's, else the text before `<!--more-->` or the excerpt separator,
else the first paragraph (Jekyll's default excerpt)."""

from __future__ import annotations

from tests.conftest import SETTINGS, Site
from tests.feeds import ATOM, atom_entries


def _summaries(site: Site) -> dict[str, str]:
    result = site.build()
    assert result.code == 0, result.err
    return {
        entry.findtext(f"{ATOM}title") or "": entry.findtext(f"{ATOM}summary") or ""
        for entry in atom_entries(site.feed())
    }


def test_text_before_more_is_the_summary_and_survives_the_rendered_cache(site: Site) -> None:
    site.write("a.md", "# More\n\nOne.\n\nTwo *b*.\n<!--more-->\n\nThree.\n")
    site.write("b.md", "# First\n\nOne.\n\nTwo.\n")
    first = _summaries(site)
    assert first == {"More": "One. Two b.", "First": "One."}
    site.write("c.md", "# Third\n\nx\n")  # a rebuild that takes a.md's HTML from the cache
    assert {k: v for k, v in _summaries(site).items() if k != "Third"} == first


def test_excerpt_separator_from_the_settings_or_a_jekyll_posts_front_matter(site: Site) -> None:
    site.settings = SETTINGS + 'excerpt_separator = "<!-- cut -->"\n'
    site.write("a.md", "# Setting\n\nOne.\n\nTwo.\n<!-- cut -->\nThree.\n")
    post = "---\ntitle: Page\nexcerpt_separator: '~~'\n---\nOne.\n\nTwo. ~~ Three.\n"
    site.write("_posts/2024-01-01-page.md", post)
    assert _summaries(site) == {"Setting": "One. Two.", "Page": "One. Two."}
