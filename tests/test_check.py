"""`feedgen-app check`: what a user types and exactly what it prints, and its exit status.

The command is run in-process through a parser built the way cli.py builds it, so these tests
do not depend on how the rest of the CLI is wired.
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from feedgen_app.check import add_check_command
from feedgen_app.validate.rules import RULES, rules_markdown
from tests.conftest import REPO, Site

FEEDS = Path(__file__).parent / "fixtures" / "feeds"


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


def check(*argv: str) -> Result:
    """Run `feedgen-app check ARGV...` in-process, as cli.main() does."""
    parser = argparse.ArgumentParser(prog="feedgen-app")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    add_check_command(commands)
    args = parser.parse_args(["check", *argv])
    out, err = io.StringIO(), io.StringIO()
    code = args.run(args, out, err)
    return Result(int(code), out.getvalue(), err.getvalue())


@pytest.fixture
def in_feeds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in the fixture folder, so paths in the output are short."""
    monkeypatch.chdir(FEEDS)


# -- files given on the command line --------------------------------------------------------------


@pytest.mark.usefixtures("in_feeds")
def test_clean_file_prints_only_the_summary() -> None:
    result = check("atom_valid_minimal.xml", "--url", "https://example.org/atom.xml")

    assert (result.code, result.out, result.err) == (0, "checked 1 file: no problems\n", "")


@pytest.mark.usefixtures("in_feeds")
def test_findings_are_printed_per_file_sorted_by_position_then_counted() -> None:
    result = check("rss_enclosure_invalid.xml", "atom_several_problems.xml")

    assert result.code == 1
    assert result.err == ""
    assert result.lines == [
        'rss_enclosure_invalid.xml:13:0: error: <enclosure> has url="/episodes/1.mp3", not an '
        "absolute http(s) URL; has no length (needs the size in bytes, 0 if unknown); has "
        'type="mp3", not a MIME type like "audio/mpeg" [rss-enclosure-invalid]',
        'atom_several_problems.xml:2:0: warning: <feed> has no <link rel="self" href="..."> '
        "giving the URL the feed is served at (RFC 4287 §4.1.1) [atom-self-link-missing]",
        'atom_several_problems.xml:9:0: error: <id> "example-feed" is not an absolute IRI; an id '
        "needs a scheme, such as https://example.org/posts/first/ or tag:example.org,2024:first "
        "(RFC 4287 §4.2.6) [atom-id-not-absolute]",
        "atom_several_problems.xml:10:0: error: does not match the RFC 4287 schema: Element feed "
        "has extra content: entry [atom-schema]",
        'atom_several_problems.xml:14:0: error: <updated> "2024-05-01T10:00:00" has no time zone; '
        "Atom dates are RFC 3339 date-times with a time zone, such as 2024-05-01T10:00:00Z or "
        "2024-05-01T12:00:00+02:00 (RFC 4287 §3.3) [atom-date-format]",
        "atom_several_problems.xml:15:0: error: does not match the RFC 4287 schema: Type dateTime "
        "doesn't allow value 'May 1st, 2024'; Extra element published in interleave; Element "
        "entry failed to validate content [atom-schema]",
        'atom_several_problems.xml:15:0: error: <published> "May 1st, 2024" is not an RFC 3339 '
        "date-time; Atom dates are RFC 3339 date-times with a time zone, such as "
        "2024-05-01T10:00:00Z or 2024-05-01T12:00:00+02:00 (RFC 4287 §3.3) [atom-date-format]",
        "checked 2 files: 6 errors, 1 warning",
    ]


@pytest.mark.usefixtures("in_feeds")
def test_warnings_alone_pass_unless_strict() -> None:
    lenient = check("rss_item_without_guid.xml")
    strict = check("rss_item_without_guid.xml", "--strict")

    assert lenient.lines == [
        "rss_item_without_guid.xml:9:0: warning: <item> has no <guid>; readers then tell items "
        "apart by link or title and show it again as new when either changes [rss-guid-missing]",
        "checked 1 file: 0 errors, 1 warning",
    ]
    assert (lenient.code, strict.code) == (0, 1)
    assert strict.out == lenient.out


@pytest.mark.usefixtures("in_feeds")
def test_url_is_what_the_self_link_is_checked_against() -> None:
    result = check("rss_valid_content_encoded.xml", "--url", "https://example.org/feeds/rss.xml")

    assert result.code == 0
    assert result.lines == [
        "rss_valid_content_encoded.xml:7:0: warning: the self link points at "
        '"https://example.org/rss.xml", but the feed is served at '
        '"https://example.org/feeds/rss.xml" [rss-self-link-mismatch]',
        "checked 1 file: 0 errors, 1 warning",
    ]


def test_dash_reads_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    data = (FEEDS / "rss_author_not_email.xml").read_bytes()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))

    result = check("-")

    assert result.code == 1
    assert result.lines[0].startswith('<stdin>:13:0: error: <author> "Ada Example" is not ')
    assert result.lines[1] == "checked 1 file: 1 error, 0 warnings"


@pytest.mark.usefixtures("in_feeds")
def test_json_has_every_finding_with_its_entry_and_the_counts() -> None:
    result = check("--format", "json", "rss_author_not_email.xml", "atom_valid_minimal.xml")

    assert result.code == 1
    assert json.loads(result.out) == {
        "files": [
            {
                "path": "rss_author_not_email.xml",
                "findings": [
                    {
                        "line": 13,
                        "column": 0,
                        "severity": "error",
                        "rule": "rss-author-not-email",
                        "message": '<author> "Ada Example" is not an e-mail address; RSS 2.0 '
                        'wants one, optionally with the name: "ada@example.org (Ada Example)"; '
                        "for a name alone use <dc:creator>",
                        "entry_id": "https://example.org/posts/first/",
                    }
                ],
            },
            {"path": "atom_valid_minimal.xml", "findings": []},
        ],
        "errors": 1,
        "warnings": 0,
    }


# -- usage errors and unreadable files -----------------------------------------------------------


@pytest.mark.usefixtures("in_feeds")
def test_unreadable_file_is_reported_and_the_others_still_checked() -> None:
    result = check("no_such_feed.xml", "atom_valid_minimal.xml")

    assert result.code == 2
    assert (
        result.err == "no_such_feed.xml: error: cannot read the file: No such file or directory\n"
    )
    assert result.lines == ["checked 1 file: no problems; 1 file could not be read"]


@pytest.mark.usefixtures("in_feeds")
@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["atom_valid_minimal.xml", "rss_valid_hugo.xml", "--url", "https://example.org/a"],
            "--url is the URL of one file; give exactly one FILE with it",
        ),
        (
            ["--url", "https://example.org/atom.xml"],
            "--url needs a FILE; the URLs of the built feeds come from the settings",
        ),
        (
            ["atom_valid_minimal.xml", "--out", "build"],
            "--config, --out and --site choose the feeds to check; not with FILE",
        ),
    ],
)
def test_options_that_do_not_go_together_are_usage_errors(argv: list[str], message: str) -> None:
    result = check(*argv)

    assert (result.code, result.out) == (2, "")
    assert result.err == f"feedgen-app check: error: {message}\n"


def test_unknown_format_is_refused_by_the_parser(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        check("--format", "xml", "feed.xml")

    assert exited.value.code == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err


# -- the rules -----------------------------------------------------------------------------------


def test_list_rules_prints_every_rule_with_severity_and_spec() -> None:
    result = check("--list-rules")

    assert result.code == 0
    assert [line.split()[:2] for line in result.lines] == [
        [rule_id, rule.severity] for rule_id, rule in RULES.items()
    ]
    assert result.lines[0] == (
        "xml-not-well-formed            error    The document is well-formed XML. (XML 1.0 §2.1)"
    )


def test_list_rules_as_json() -> None:
    rules = json.loads(check("--list-rules", "--format", "json").out)["rules"]

    assert rules[0] == {
        "rule": "xml-not-well-formed",
        "severity": "error",
        "summary": "The document is well-formed XML.",
        "spec": "XML 1.0 §2.1",
        "build_error": False,
    }
    assert [rule["rule"] for rule in rules] == list(RULES)
    by_id = {rule["rule"]: rule for rule in rules}
    assert (by_id["rss-date-lenient"]["severity"], by_id["rss-date-lenient"]["build_error"]) == (
        "warning",
        True,
    )


def test_docs_rules_md_is_up_to_date() -> None:
    regenerate = (
        ".venv/bin/python -c 'from feedgen_app.validate.rules import rules_markdown as m; "
        'print(m(), end="")\' > docs/rules.md'
    )
    written = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")

    assert written == rules_markdown(), f"docs/rules.md is out of date; run: {regenerate}"


# -- the feeds in the output folder --------------------------------------------------------------


def test_without_file_checks_the_built_feeds_against_their_urls(site: Site) -> None:
    site.write("a.md", "---\ntitle: A\ndate: 2024-01-01\n---\nHello.\n")
    assert site.build().code == 0

    result = check("--config", str(site.root / "site.toml"), "--strict")

    assert (result.code, result.out, result.err) == (0, "checked 3 files: no problems\n", "")


def test_built_feeds_are_checked_against_the_urls_in_the_settings(site: Site) -> None:
    site.write("a.md", "---\ntitle: A\ndate: 2024-01-01\n---\nHello.\n")
    assert site.build().code == 0
    moved = site.settings.replace("https://example.org/blog/", "https://example.org/new/")
    (site.root / "moved.toml").write_text(moved, encoding="utf-8")

    result = check("--config", str(site.root / "moved.toml"))

    atom, rss, json_feed = site.out / "atom.xml", site.out / "rss.xml", site.out / "feed.json"
    assert (result.code, result.err) == (0, "")
    assert result.lines == [
        f'{atom}:11:0: warning: the self link points at "https://example.org/blog/atom.xml", but '
        'the feed is served at "https://example.org/new/atom.xml" [atom-self-link-mismatch]',
        f'{json_feed}:5:0: warning: feed_url is "https://example.org/blog/feed.json", but the '
        'feed is served at "https://example.org/new/feed.json" [json-feed-url-mismatch]',
        f'{rss}:8:0: warning: the self link points at "https://example.org/blog/rss.xml", but '
        'the feed is served at "https://example.org/new/rss.xml" [rss-self-link-mismatch]',
        "checked 3 files: 0 errors, 3 warnings",
    ]


def test_out_points_at_another_output_folder(site: Site, tmp_path: Path) -> None:
    site.write("a.md", "---\ntitle: A\ndate: 2024-01-01\n---\nHello.\n")
    assert site.build().code == 0
    elsewhere = tmp_path / "public"
    shutil.copytree(site.out, elsewhere)
    shutil.rmtree(site.out)

    result = check("--config", str(site.root / "site.toml"), "--out", str(elsewhere))

    assert (result.code, result.out) == (0, "checked 3 files: no problems\n")


def test_an_output_folder_given_as_file_stands_for_its_built_feeds(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.write("a.md", "---\ntitle: A\ndate: 2024-01-01\n---\nHello.\n")
    assert site.build().code == 0
    shutil.copy(site.root / "site.toml", site.root / "feedgen.toml")  # found from its folder
    monkeypatch.chdir(site.root)
    (site.out / "notes.xml").write_text("<not-a-feed/>")  # not written by build: not checked

    result = check("--strict", "build/")

    assert (result.code, result.out, result.err) == (0, "checked 3 files: no problems\n", "")
    assert check("--strict", "build", str(site.out / "atom.xml")).out == (
        "checked 4 files: no problems\n"
    )
    assert check("--url", "https://example.org/blog/atom.xml", "build").code == 2


def test_missing_output_is_unreadable(site: Site) -> None:
    site.write("a.md", "---\ntitle: A\ndate: 2024-01-01\n---\n")
    site.build()
    (site.out / "rss.xml").unlink()

    result = check("--config", str(site.root / "site.toml"))

    assert result.code == 2
    assert result.err == (
        f"{site.out / 'rss.xml'}: error: cannot read the file: No such file or directory\n"
    )


def test_without_file_or_settings_says_what_to_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    result = check()

    assert (result.code, result.out) == (2, "")
    assert result.err == (
        ".: error: no settings: add [tool.feedgen_app] to pyproject.toml, or pass --config FILE\n"
    )


def test_the_projects_own_build_output_is_clean_at_strict(site: Site) -> None:
    shutil.copytree(REPO / "items", site.items, dirs_exist_ok=True)
    shutil.copy(REPO / "pyproject.toml", site.root / "pyproject.toml")
    config = site.root / "pyproject.toml"
    built = site.build("--config", str(config))
    assert built.code == 0, built.err

    result = check("--config", str(config), "--strict")

    assert (result.code, result.out, result.err) == (0, "checked 3 files: no problems\n", "")
