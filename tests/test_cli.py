"""The command line: what a user types and exactly what it prints."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from feedgen_app.cli import main
from tests.conftest import SEED, SETTINGS, Site


def test_build_prints_each_feed_and_the_counts(site: Site) -> None:
    site.write("a.md", "---\ntitle: A\ndate: 2024-01-01\n---\n")
    site.write("b.md", "---\ntitle: B\ndate: 2024-01-02\n---\n")
    result = site.build()
    assert (result.code, result.err) == (0, "")
    assert result.out.splitlines() == [
        f"wrote     {site.out / 'atom.xml'} (2 articles)",
        f"wrote     {site.out / 'rss.xml'} (2 articles)",
        f"wrote     {site.out / 'feed.json'} (2 articles)",
        "read 2 articles; 0 warnings",
    ]
    assert site.build().out.splitlines()[:3] == [
        f"unchanged {site.out / 'atom.xml'} (2 articles)",
        f"unchanged {site.out / 'rss.xml'} (2 articles)",
        f"unchanged {site.out / 'feed.json'} (2 articles)",
    ]


def test_items_and_out_options_point_at_other_folders(site: Site, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere" / "_posts"
    other.mkdir(parents=True)
    (other / "2024-05-01-hello.md").write_text("---\ntitle: Hello\n---\nHi.\n")
    out = tmp_path / "public"
    result = site.build("--items", str(other), "--out", str(out))
    assert result.code == 0
    assert sorted(path.name for path in out.iterdir()) == [
        "atom.xml",
        "feed.css",
        "feed.json",
        "index.html",
        "rss.xml",
    ]
    assert b"<title>Hello</title>" in (out / "atom.xml").read_bytes()


def test_missing_items_folder_is_a_clear_error(site: Site, tmp_path: Path) -> None:
    result = site.build("--items", str(tmp_path / "nope"))
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        f"{tmp_path / 'nope'}: error: no such folder (point --items at your articles)"
    )


def test_without_settings_the_message_says_where_to_put_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["build"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        ".: error: no settings: add [tool.feedgen_app] to pyproject.toml, or pass --config FILE"
    )


def test_usage_errors_exit_with_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["build", "--no-such-option"])
    assert exit_info.value.code == 2
    assert "unrecognized arguments: --no-such-option" in capsys.readouterr().err


def test_python_dash_m_and_the_console_script_build_from_the_current_folder(
    tmp_path: Path,
) -> None:
    (tmp_path / "items").mkdir()
    shutil.copy(SEED, tmp_path / "items")
    (tmp_path / "pyproject.toml").write_text("[tool.feedgen_app]\n" + SETTINGS)
    script = Path(sys.executable).parent / "feedgen-app"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1717200000"}
    outputs = []
    for command in ([sys.executable, "-m", "feedgen_app", "build"], [str(script), "build"]):
        done = subprocess.run(
            command, cwd=tmp_path, env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    assert outputs[0].splitlines()[0] == "wrote     build/atom.xml (1 article)"
    assert outputs[1].splitlines()[0] == "unchanged build/atom.xml (1 article)"


def test_the_command_ends_with_its_status_its_output_whole_and_its_files_closed(
    tmp_path: Path,
) -> None:
    """The command ends its process at once after `main` (`cli.run`): what it printed is all
    there, the exit status is main's, and the caches were closed (no write-ahead log left)."""
    (tmp_path / "items").mkdir()
    shutil.copy(SEED, tmp_path / "items")
    (tmp_path / "items" / "bad.md").write_text("---\ntitle: [\n---\n")
    (tmp_path / "pyproject.toml").write_text("[tool.feedgen_app]\n" + SETTINGS)
    command = [sys.executable, "-m", "feedgen_app", "build"]
    # Output to a pipe is held in Python's buffers until flushed, unless this is set.
    env = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}

    def ran(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*command, *args], cwd=tmp_path, env=env, capture_output=True, text=True, check=False
        )

    failed = ran()
    assert failed.returncode == 1 and failed.stdout == ""
    assert failed.stderr.splitlines()[-1] == "build failed: 1 problem; nothing written"
    skipped = ran("--skip-invalid")
    assert skipped.returncode == 3
    assert skipped.stdout.splitlines()[-1] == "read 1 article; 1 warning"  # the date it chose
    assert skipped.stderr.splitlines()[-1] == "skipped 1 invalid file (--skip-invalid)"
    cache = sorted(os.listdir(tmp_path / ".feedgen-cache"))
    assert [name.split("-")[0] for name in cache] == [
        "articles", "checked", "last", "rendered", "tidy"
    ]  # fmt: skip


def test_summary_says_what_was_left_out_and_how_to_include_it(site: Site) -> None:
    site.write("a.md", "---\ntitle: A\ndate: 2024-01-01\n---\n")
    site.write("b.md", "---\ntitle: B\ndate: 2024-01-01\ndraft: true\n---\n")
    site.write("c.md", "---\ntitle: C\ndate: 2999-01-01\n---\n")
    assert site.build().out.splitlines()[-1] == (
        "read 3 articles; left out 1 draft (--drafts) and 1 future (--future); 0 warnings"
    )
    assert site.build("--drafts", "--future").out.splitlines()[-1] == "read 3 articles; 0 warnings"


def test_check_is_a_command_of_the_cli(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.write("a.md", "---\ntitle: A\ndate: 2024-01-01\n---\n")
    site.build()
    code = main(["check", "--strict", "--config", str(site.root / "site.toml")])
    assert (code, capsys.readouterr().out) == (0, "checked 3 files: no problems\n")
    broken = site.root / "broken.xml"
    broken.write_text("<rss version='2.0'><channel></channel></rss>")
    assert main(["check", str(broken)]) == 1
    assert "[rss-channel-required]" in capsys.readouterr().out
