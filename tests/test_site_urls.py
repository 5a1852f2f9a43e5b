"""An article URL given in full is taken as it is when it is inside the site, and refused
when it is not: never rewritten (site_url is https://example.org/blog/ in these tests)."""

from __future__ import annotations

import pytest

from tests.conftest import Site
from tests.feeds import read_with_feedparser
from tests.refusal import assert_refused_then_skipped


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://example.org/blog/c/", "https://example.org/blog/c/"),
        ("https://EXAMPLE.org:443/blog/x/", "https://example.org/blog/x/"),
        ("HTTPS://example.ORG/blog/y/", "https://example.org/blog/y/"),
        ("/c/", "https://example.org/blog/c/"),
    ],
)
def test_a_full_url_inside_the_site_is_kept(site: Site, url: str, expected: str) -> None:
    site.write("a.md", f"---\ntitle: A\ndate: 2024-01-01\nurl: {url}\n---\nx\n")
    assert site.build().code == 0
    assert [entry.link for entry in read_with_feedparser(site.feed()).entries] == [expected]


OUTSIDE = "(give a path such as /posts/hello/)"


@pytest.mark.parametrize(
    "url, message",
    [
        (
            "https://example.org/other/",
            f"'https://example.org/other/' is outside the site https://example.org/blog/ {OUTSIDE}",
        ),
        (
            "https://example.org/blogger/",
            f"'https://example.org/blogger/' is outside the site https://example.org/blog/ "
            f"{OUTSIDE}",
        ),
        (
            "http://example.org/blog/x/",
            f"'http://example.org/blog/x/' is on another site {OUTSIDE}",
        ),
        (
            "https://example.org:8443/blog/x/",
            f"'https://example.org:8443/blog/x/' is on another site {OUTSIDE}",
        ),
        (
            "https://example.org:99999/x/",
            "'https://example.org:99999/x/' is not a URL (Port out of range 0-65535)",
        ),
    ],
)
def test_a_full_url_outside_the_site_is_an_error(site: Site, url: str, message: str) -> None:
    assert_refused_then_skipped(
        site,
        {"off.md": f"---\ntitle: Off\ndate: 2024-01-02\nurl: {url}\n---\nx\n"},
        [f"off.md:4: error: permalink: {message}"],
    )
