"""`feedgen-app check` on input no feed is: endless, huge, deeply nested. No crash, bounded memory,
and a message that says what happened and what to do."""

from __future__ import annotations

import io
import json
import os
import tracemalloc
from pathlib import Path

import pytest

from feedgen_app.check import DEFAULT_MAX_SIZE
from tests.test_check import FEEDS, check

LIMIT_MESSAGE = (
    "the file is larger than {:,} bytes, the most check reads; give --max-size to check larger "
    "files"
)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero on this system")
def test_dev_zero_is_refused_at_the_default_limit() -> None:
    result = check("/dev/zero")

    assert result.code == 2
    assert result.err == f"/dev/zero: error: {LIMIT_MESSAGE.format(DEFAULT_MAX_SIZE)}\n"
    assert result.lines == ["checked 0 files: no problems; 1 file could not be read"]


def test_a_2_gb_file_is_refused_reading_no_more_than_the_limit(tmp_path: Path) -> None:
    huge = tmp_path / "huge.xml"
    with huge.open("wb") as file:
        file.write(b'<?xml version="1.0"?><rss version="2.0"><channel>')
        file.truncate(2 * 1024**3)  # sparse: 2 GB on paper, nothing on disk
    tracemalloc.start()
    try:
        result = check(str(huge), "--max-size", "1MiB")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert result.code == 2
    assert result.err == f"{huge}: error: {LIMIT_MESSAGE.format(1024**2)}\n"
    assert peak < 4 * 1024**2


def test_standard_input_that_never_ends_is_cut_at_the_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"<rss>" + b" " * 5000)))

    result = check("-", "--max-size", "4k")

    assert result.code == 2
    assert result.err == f"<stdin>: error: {LIMIT_MESSAGE.format(4096)}\n"


def test_max_size_lets_a_file_up_to_it_be_checked(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes((FEEDS / "atom_valid_minimal.xml").read_bytes())
    size = feed.stat().st_size

    assert check(str(feed), "--max-size", str(size)).lines == ["checked 1 file: no problems"]
    assert check(str(feed), "--max-size", str(size - 1)).code == 2


@pytest.mark.parametrize(("written", "size"), [("2k", 2048), ("1KiB", 1024), ("3kb", 3072),
                                               ("1234", 1234), ("1234B", 1234)])  # fmt: skip
def test_max_size_takes_units(written: str, size: int, tmp_path: Path) -> None:
    big = tmp_path / "big.xml"
    big.write_bytes(b" " * (size + 1))

    assert check(str(big), "--max-size", written).err.endswith(f"{LIMIT_MESSAGE.format(size)}\n")


@pytest.mark.parametrize("written", ["50MiB", "1G", "1m"])
def test_max_size_in_megabytes_and_gigabytes(written: str) -> None:
    result = check(str(FEEDS / "atom_valid_minimal.xml"), "--max-size", written)

    assert (result.code, result.lines) == (0, ["checked 1 file: no problems"])


@pytest.mark.parametrize("written", ["0", "-1", "lots", "5 parsecs"])
def test_max_size_that_is_no_size_is_a_usage_error(
    written: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        check("feed.xml", "--max-size", written)

    assert exited.value.code == 2
    assert f"argument --max-size: '{written}' is not a size such as 50MiB, 200k or 1G" in (
        capsys.readouterr().err
    )


def test_json_lists_files_that_could_not_be_read_with_the_reason(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes((FEEDS / "atom_valid_minimal.xml").read_bytes())
    missing = tmp_path / "missing.xml"
    big = tmp_path / "big.xml"
    big.write_bytes(b" " * 2000)

    result = check("--format", "json", "--max-size", "1k", str(missing), str(big))

    assert result.code == 2
    assert json.loads(result.out) == {
        "files": [
            {"path": str(missing), "error": "cannot read the file: No such file or directory"},
            {"path": str(big), "error": LIMIT_MESSAGE.format(1024)},
        ],
        "errors": 0,
        "warnings": 0,
    }
    assert json.loads(check("--format", "json", str(feed), str(missing)).out)["files"] == [
        {"path": str(feed), "findings": []},
        {"path": str(missing), "error": "cannot read the file: No such file or directory"},
    ]


def test_a_folder_given_as_file_without_settings_is_an_error_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder stands for the feeds `build` wrote there, which only settings can name."""
    monkeypatch.chdir(tmp_path)
    result = check(str(tmp_path))

    assert result.code == 2
    assert result.err == (
        ".: error: no settings: add [tool.feedgen_app] to pyproject.toml, or pass --config FILE\n"
    )


def test_100000_levels_of_nesting_are_an_error_not_a_crash(tmp_path: Path) -> None:
    deep = tmp_path / "deep.xml"
    deep.write_bytes(b"<rss version='2.0'><channel>" + b"<a>" * 100_000 + b"</a>" * 100_000)

    result = check(str(deep))

    assert result.code == 1
    assert result.lines == [
        f"{deep}:1:793: error: the document is beyond what check reads: elements are nested "
        "more than 256 deep; no feed needs that [xml-limit]",
        "checked 1 file: 1 error, 0 warnings",
    ]


def test_a_document_of_control_characters_gets_a_bounded_list(tmp_path: Path) -> None:
    noise = tmp_path / "noise.xml"
    noise.write_bytes(b"\x01\n" * 100_000)

    result = check(str(noise))

    forbidden = [line for line in result.lines if "[xml-forbidden-character]" in line]
    assert result.code == 1
    assert len(forbidden) == 101
    assert forbidden[-1] == (
        f"{noise}:100000:0: error: and forbidden characters on 99,900 more lines; is this an "
        "XML document? [xml-forbidden-character]"
    )
