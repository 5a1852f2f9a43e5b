"""Files that cannot be read as articles fail the build with `path:line: error: ...`, every one
of them in one run, and leave build/ exactly as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import Site
from tests.feeds import read_with_feedparser

INVALID = Path(__file__).parent / "fixtures" / "invalid"

ACCEPTED_DATES = (
    "accepted: 2024-05-01, 2024-05-01T10:00:00+02:00, 2024-05-01 10:00:00 +0200, "
    "Wed, 01 May 2024 10:00:00 +0200"
)
EXPECTED = {
    "ambiguous_day_month.md": (
        ":3: error: date: '01/02/2024' is ambiguous: 1 February or 2 January? "
        "Write the date year first: 2024-02-01 or 2024-01-02"
    ),
    "binary_file.md": (": error: not a text file (it contains NUL bytes); articles are UTF-8 text"),
    "draft_not_true_or_false.md": ":4: error: draft: expected true or false, got 'maybe'",
    "empty.txt": ": error: the file is empty (write a title and some text, or delete the file)",
    "mapping_where_tags_belong.md": ":4: error: tags: expected a list of tags, got a mapping",
    "broken_toml_front_matter.md": ":4: error: front matter is not valid TOML: Unclosed array",
    "broken_yaml_front_matter.md": (
        ":4: error: front matter is not valid YAML: expected ',' or ']', but got ':' "
        "(while parsing a flow sequence that starts on line 3)"
    ),
    "front_matter_not_a_mapping.md": (
        ":2: error: front matter must be key: value pairs, not a single value or list"
    ),
    "id_not_absolute.md": (
        ":3: error: id: 'my-post' is not an absolute IRI "
        "(e.g. urn:uuid:…, tag:example.org,2024:hello, https://…)"
    ),
    "impossible_date.md": (
        ":4: error: date: '2024-02-30' is not a real date (day is out of range for month)"
    ),
    "list_where_title_belongs.md": ":2: error: title: expected text, got a list",
    "no_title.md": (
        ":1: error: no title (add `title:` to the front matter or start with `# Title`)"
    ),
    "permalink_leaves_the_site.md": (
        ":4: error: permalink: '/posts/../../etc/passwd' leaves the site with '..' "
        "(give a path such as /posts/hello/)"
    ),
    "permalink_on_another_site.md": (
        ":3: error: permalink: 'https://elsewhere.example.com/x/' is on another site "
        "(give a path such as /posts/hello/)"
    ),
    "undecodable_bytes.txt": ":3: error: not valid UTF-8 (byte 0xe9); save the file as UTF-8",
    "unreadable_date.md": (
        f":3: error: date: cannot read 'next tuesday' as a date ({ACCEPTED_DATES})"
    ),
    "unterminated_front_matter.md": (
        ":1: error: front matter opened here is never closed (end it with a line ---)"
    ),
    "yaml_billion_laughs.md": (
        ":2: error: front matter holds more than 10,000 values (YAML aliases?)"
    ),
    "whitespace_only.txt": (
        ": error: the file is empty (write a title and some text, or delete the file)"
    ),
}

GOOD = """\
---
title: A good article
date: 2024-01-01T00:00:00Z
---
Fine.
"""


def test_every_fixture_has_an_expected_message() -> None:
    assert sorted(path.name for path in INVALID.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_reports_path_line_and_what_is_accepted(site: Site, name: str) -> None:
    shutil.copy(INVALID / name, site.items / name)
    site.write("good.md", GOOD)
    result = site.build()
    assert result.code == 1
    assert result.err.splitlines() == [
        f"{site.items / name}{EXPECTED[name]}",
        "build failed: 1 problem; nothing written",
    ]
    assert result.out == ""


def test_all_bad_files_are_reported_in_one_run_in_path_order(site: Site) -> None:
    for path in INVALID.iterdir():
        shutil.copy(path, site.items / path.name)
    result = site.build()
    lines = result.err.splitlines()
    assert lines[:-1] == [f"{site.items / name}{EXPECTED[name]}" for name in sorted(EXPECTED)]
    assert lines[-1] == f"build failed: {len(EXPECTED)} problems; nothing written"


def test_failed_build_leaves_last_good_feeds_untouched(site: Site) -> None:
    site.write("good.md", GOOD)
    assert site.build().code == 0
    before = site.snapshot()
    assert set(before) == {"atom.xml", "rss.xml", "feed.json", "index.html", "feed.css"}
    site.write("good.md", GOOD.replace("A good article", "A changed title"))
    shutil.copy(INVALID / "impossible_date.md", site.items)
    assert site.build().code == 1
    assert site.snapshot() == before


def test_failed_first_build_creates_no_output_folder(site: Site) -> None:
    shutil.copy(INVALID / "no_title.md", site.items)
    assert site.build().code == 1
    assert not site.out.exists()


def test_failed_build_does_not_write_the_date_record(site: Site) -> None:
    site.write("undated.txt", "An undated article\n\nBody.\n")
    shutil.copy(INVALID / "no_title.md", site.items)
    assert site.build().code == 1
    assert not (site.items / ".feedgen-dates.toml").exists()


def test_two_articles_with_the_same_id_name_both_files(site: Site) -> None:
    site.write("a.md", "---\ntitle: A\ndate: 2024-01-01\nid: urn:x:1\n---\n")
    second = site.write("b.md", "---\ntitle: B\ndate: 2024-01-02\nid: urn:x:1\n---\n")
    result = site.build()
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        f"{second}: error: id 'urn:x:1' is also the id of {site.items / 'a.md'} "
        "(each article needs its own: change `id:` or the permalink of one)"
    )


def test_two_articles_with_the_same_url_name_both_files(site: Site) -> None:
    site.write("a.md", "---\ntitle: A\ndate: 2024-01-01\nid: urn:x:1\nslug: same\n---\n")
    second = site.write("b.md", "---\ntitle: B\ndate: 2024-01-02\nid: urn:x:2\nslug: same\n---\n")
    result = site.build()
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        f"{second}: error: URL 'https://example.org/blog/posts/same/' is also the URL of "
        f"{site.items / 'a.md'} (each article needs its own: change `id:` or the permalink of one)"
    )


def test_skip_invalid_publishes_the_rest_lists_the_skipped_and_exits_3(site: Site) -> None:
    site.write("good.md", GOOD)
    for name in ("impossible_date.md", "no_title.md"):
        shutil.copy(INVALID / name, site.items / name)
    site.write("z.md", GOOD.replace("title: A good article", "title: Z\nslug: good"))
    result = site.build("--skip-invalid")
    assert result.code == 3
    assert result.err.splitlines() == [
        f"{site.items / 'impossible_date.md'}{EXPECTED['impossible_date.md']}",
        f"{site.items / 'no_title.md'}{EXPECTED['no_title.md']}",
        f"{site.items / 'z.md'}: error: id 'https://example.org/blog/posts/good/' is also the id "
        f"of {site.items / 'good.md'} (each article needs its own: change `id:` or the permalink "
        "of one)",
        "skipped 3 invalid files (--skip-invalid)",
    ]
    titles = [entry.title for entry in read_with_feedparser(site.feed()).entries]
    assert titles == ["A good article"]
