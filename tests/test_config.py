"""Site settings: required keys, types, unknown keys reported with their line."""

from __future__ import annotations

from pathlib import Path

import pytest

from feedgen_app.config import load_config
from feedgen_app.errors import ConfigError
from tests.conftest import REPO, Site


def _load(tmp_path: Path, text: str, name: str = "site.toml") -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    try:
        return [str(problem) for problem in load_config(path).warnings]
    except ConfigError as exc:
        return [str(problem) for problem in exc.problems]


def test_repo_pyproject_holds_valid_settings_without_warnings() -> None:
    loaded = load_config(REPO / "pyproject.toml")
    assert loaded.warnings == ()
    assert loaded.config.site_url == "https://feeds.example.org/"
    assert loaded.config.feeds == {"atom": "atom.xml", "rss": "rss.xml", "json": "feed.json"}
    assert loaded.config.items_dir == REPO / "items"


def test_unknown_key_is_reported_with_its_line(tmp_path: Path) -> None:
    text = 'title = "T"\nsite_url = "https://example.org"\nitem_limt = 5\n'
    [message] = _load(tmp_path, text)
    assert message.startswith(f"{tmp_path / 'site.toml'}:3: warning: unknown setting 'item_limt'")


@pytest.mark.parametrize(
    "text, expected",
    [
        ('site_url = "https://example.org/"\n', ": error: title: missing (a required setting)"),
        (
            'title = "T"\nsite_url = "example.org"\n',
            ":2: error: site_url: 'example.org' is not an absolute http(s) URL "
            "(e.g. https://example.org/)",
        ),
        (
            'title = "T"\nsite_url = "https://e.org/"\ntimezone = "Mars/Base"\n',
            ":3: error: timezone: unknown time zone 'Mars/Base' (an IANA name such as "
            "Europe/Berlin)",
        ),
        (
            'title = "T"\nsite_url = "https://e.org/"\nitem_limit = -1\n',
            ":3: error: item_limit: expected a whole number, 0 for all articles",
        ),
        (
            'title = "T"\nsite_url = "https://e.org/"\n[feeds]\natom = "../atom.xml"\n',
            ":3: error: feeds: '../atom.xml' must be a relative path inside the output folder",
        ),
        ('title = "T\n', ":1: error: not valid TOML: Illegal character '\\n'"),
    ],
)
def test_bad_settings_name_the_line_and_what_is_accepted(
    tmp_path: Path, text: str, expected: str
) -> None:
    assert _load(tmp_path, text) == [f"{tmp_path / 'site.toml'}{expected}"]


def test_pyproject_without_our_table_says_where_to_put_settings(tmp_path: Path) -> None:
    assert _load(tmp_path, '[project]\nname = "x"\n', "pyproject.toml") == [
        f"{tmp_path / 'pyproject.toml'}: error: no [tool.feedgen_app] table "
        "(put the site settings there, or use --config)"
    ]


def test_strict_build_fails_on_warnings_and_writes_nothing(site: Site) -> None:
    site.write("x.rst", "not an article type")
    site.write("a.md", "---\ntitle: A\ndate: 2024-01-01\n---\n")
    result = site.build("--strict")
    assert result.code == 1
    assert f"{site.items / 'x.rst'}: warning: skipped: not an article file type" in result.err
    assert not site.out.exists()
    assert site.build().code == 0
