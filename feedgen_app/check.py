"""`feedgen-app check`: validate Atom 1.0, RSS 2.0 and JSON Feed files offline, whoever made them.

Without FILE it checks the feeds the settings say `build` writes, against their public URLs; a
FILE that is a folder stands for the feeds `build` wrote there.
Exit status: 0 clean, 1 errors (or warnings with --strict), 2 wrong usage or unreadable files.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import traceback
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from feedgen_app.config import SiteConfig, find_settings
from feedgen_app.errors import ConfigError, ExitCode, counted
from feedgen_app.state.manifest import built_feeds

if TYPE_CHECKING:
    from feedgen_app.validate import Finding

STDIN = "-"
STDIN_NAME = "<stdin>"
DEFAULT_MAX_SIZE = 50 * 1024 * 1024
"""Files larger than this many bytes are not read (--max-size): 50 MiB."""
_SIZE = re.compile(r"([0-9]+)\s*([kmg]?)(?:i?b)?", re.IGNORECASE)


@dataclass(frozen=True)
class Target:
    """A document to check: where to read it, what to call it, and its public URL if known."""

    source: Path | None
    """None for standard input."""
    name: str
    url: str | None


@dataclass(frozen=True)
class Checked:
    """A document that was checked, or could not be read (`error` says why)."""

    name: str
    findings: list[Finding]
    error: str | None = None


class UsageError(Exception):
    """Options that do not go together; the message says why."""


def add_check_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `check` with its options; it runs `run_check`."""
    parser = commands.add_parser(
        "check",
        help="validate Atom, RSS and JSON Feed files offline",
        description="Validate Atom 1.0, RSS 2.0 and JSON Feed 1.1 files offline: the feeds in "
        "the output folder, or any FILE.",
    )
    parser.add_argument(
        "files", nargs="*", metavar="FILE", help="feed files to check, or output folders (the "
        "feeds `build` wrote there); - reads standard input (default: the feeds `build` writes, "
        "as the settings say)"
    )  # fmt: skip
    parser.add_argument("--url", help="public URL of the single FILE, to check its self link")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")
    parser.add_argument(
        "--max-size",
        type=_size,
        default=DEFAULT_MAX_SIZE,
        metavar="BYTES",
        help="do not read files larger than this; 50MiB, 200k, 1G (default: 50MiB)",
    )
    parser.add_argument("--list-rules", action="store_true", help="list every rule and exit")
    parser.add_argument(
        "--config", type=Path, metavar="FILE", help="settings: a TOML file, or a pyproject.toml"
    )
    parser.add_argument(
        "--out", type=Path, metavar="DIR", help="output folder whose feeds to check"
    )
    parser.add_argument(
        "--site", type=Path, metavar="DIR", help="the feeds `build --site DIR` writes"
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    parser.set_defaults(run=run_check)


def run_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Check the files `args` name, print the findings to `out`, and say how it went."""
    if args.list_rules:
        _print_rules(args.format, out)
        return ExitCode.OK
    try:
        targets = _targets(args)
    except UsageError as exc:
        print(f"feedgen-app check: error: {exc}", file=err)
        return ExitCode.USAGE
    except ConfigError as exc:
        if args.debug:
            traceback.print_exc(file=err)
        for problem in exc.problems:
            print(problem, file=err)
        return ExitCode.USAGE
    # lxml and the schema load only when something is checked, not on every command start.
    from feedgen_app.validate import validate_feed  # noqa: PLC0415

    checked = []
    for target in targets:
        data = _read(target, args.max_size)
        if isinstance(data, str):
            print(f"{target.name}: error: {data}", file=err)
            checked.append(Checked(target.name, [], data))
        else:
            checked.append(Checked(target.name, validate_feed(data, self_url=target.url)))
    results = [result for result in checked if result.error is None]
    unreadable = len(checked) - len(results)
    if args.format == "json":
        _print_json(checked, out)
    else:
        _print_text(results, unreadable, out)
    if unreadable:
        return ExitCode.USAGE
    failing = {"error", "warning"} if args.strict else {"error"}
    failed = any(f.severity in failing for result in results for f in result.findings)
    return ExitCode.BUILD_FAILED if failed else ExitCode.OK


def _targets(args: argparse.Namespace) -> list[Target]:
    """The documents to check: the FILEs given, else the feeds in the output folder."""
    files: Sequence[str] = args.files
    if files:
        if args.config is not None or args.out is not None or args.site is not None:
            raise UsageError("--config, --out and --site choose the feeds to check; not with FILE")
        if args.url is not None and (len(files) != 1 or Path(files[0]).is_dir()):
            raise UsageError("--url is the URL of one file; give exactly one FILE with it")
        return [target for name in files for target in _named(name, args.url)]
    if args.url is not None:
        raise UsageError("--url needs a FILE; the URLs of the built feeds come from the settings")
    if args.site is not None:
        from feedgen_app.sites.load import load_site  # noqa: PLC0415

        config = load_site(args.site, args.config)[0].config
    else:
        config = find_settings(args.config).config
    return _built(config if args.out is None else replace(config, output_dir=args.out))


def _named(name: str, url: str | None) -> list[Target]:
    """What a FILE names: standard input, a file, or an output folder, whose feeds are those
    `build` wrote there (as `--out` names them)."""
    if name == STDIN:
        return [Target(None, STDIN_NAME, url)]
    if Path(name).is_dir():
        return _built(replace(find_settings(None).config, output_dir=Path(name)))
    return [Target(Path(name), name, url)]


def _built(config: SiteConfig) -> list[Target]:
    """The feeds `build` wrote into the output folder of `config` (before any build, those
    the settings name), with their public URLs."""
    return [
        Target(config.output_dir / path, str(config.output_dir / path), url)
        for path, url in built_feeds(config).items()
    ]


def _size(text: str) -> int:
    """A byte count from "52428800", "50MiB", "200k" or "1G" (argparse type)."""
    match = _SIZE.fullmatch(text.strip())
    if match is None or int(match[1]) == 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size such as 50MiB, 200k or 1G")
    return int(match[1]) << 10 * " kmg".index(match[2].lower() or " ")


def _read(target: Target, max_size: int) -> bytes | str:
    """The document's bytes (at most `max_size`), or why they cannot be read.

    Reads one byte more than the limit and no further, so /dev/zero, a pipe that never ends or
    a file of many gigabytes cost at most `max_size` bytes of memory.
    """
    try:
        if target.source is None:
            data = sys.stdin.buffer.read(max_size + 1)
        else:
            with target.source.open("rb") as file:
                data = file.read(max_size + 1)
    except OSError as exc:
        return f"cannot read the file: {exc.strerror or exc}"
    if len(data) > max_size:
        return (
            f"the file is larger than {max_size:,} bytes, the most check reads; give "
            "--max-size to check larger files"
        )
    return data


def _print_text(results: Sequence[Checked], unreadable: int, out: TextIO) -> None:
    """Compiler-style lines, then a summary line."""
    for result in results:
        for finding in result.findings:
            print(finding.format(result.name), file=out)
    errors, warnings = _counts(results)
    found = f"{counted(errors, 'error')}, {counted(warnings, 'warning')}"
    summary = f"checked {counted(len(results), 'file')}: "
    summary += found if errors or warnings else "no problems"
    if unreadable:
        summary += f"; {counted(unreadable, 'file')} could not be read"
    print(summary, file=out)


def _print_json(results: Sequence[Checked], out: TextIO) -> None:
    """One JSON object with every finding, every file that could not be read, and the counts."""
    errors, warnings = _counts(results)
    document = {
        "files": [
            {"path": result.name, "findings": [asdict(finding) for finding in result.findings]}
            if result.error is None
            else {"path": result.name, "error": result.error}
            for result in results
        ],
        "errors": errors,
        "warnings": warnings,
    }
    json.dump(document, out, indent=2, ensure_ascii=False)
    print(file=out)


def _counts(results: Sequence[Checked]) -> tuple[int, int]:
    """(errors, warnings) over every file."""
    severities = [finding.severity for result in results for finding in result.findings]
    return severities.count("error"), severities.count("warning")


def _print_rules(output_format: str, out: TextIO) -> None:
    """Every rule: id, severity, what it checks, and where it comes from."""
    from feedgen_app.validate.rules import RULES  # noqa: PLC0415

    if output_format == "json":
        rules = [{"rule": rule_id, **asdict(rule)} for rule_id, rule in RULES.items()]
        json.dump({"rules": rules}, out, indent=2, ensure_ascii=False)
        print(file=out)
        return
    width = max(map(len, RULES))
    for rule_id, rule in RULES.items():
        print(f"{rule_id:{width}}  {rule.severity:7}  {rule.summary} ({rule.spec})", file=out)
