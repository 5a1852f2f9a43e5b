"""Command line: parse arguments, call the library, turn exceptions into messages and exit codes."""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import os
import sys
import traceback
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import NoReturn, TextIO

from feedgen_app import __version__
from feedgen_app.check import add_check_command
from feedgen_app.config import BuildOptions, LoadedConfig, SiteConfig, find_settings
from feedgen_app.errors import ConfigError, ExitCode, FeedgenError, Problem, SourceRef, counted
from feedgen_app.pipeline import BuildReport, build
from feedgen_app.progress import Progress, quiet


def run() -> NoReturn:
    """The `feedgen-app` command (and `python -m feedgen_app`): `main`, then the process ends
    at once. Every file is written, synced and closed by then; Python's own teardown would only
    free the build's objects one by one and wait for nothing (40 ms after a first build of
    10,000 articles, a twentieth of it)."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError):  # the reader went away (`| head`): nothing to say
            stream.flush()
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args, sys.stdout, sys.stderr))
    except BrokenPipeError:
        # The reader of our output went away (`| head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return ExitCode.OK
    except FeedgenError as exc:
        if args.debug:
            traceback.print_exc()
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(
            f"build failed: {counted(len(exc.problems), 'problem')}; nothing written",
            file=sys.stderr,
        )
        return ExitCode.BUILD_FAILED
    except OSError as exc:
        # The last line of defence: a file-system failure nobody foresaw is still one line.
        if args.debug:
            traceback.print_exc()
        where = exc.filename if exc.filename is not None else "."
        print(f"{where}: error: {exc.strerror or exc} (--debug shows where)", file=sys.stderr)
        print("stopped by a file-system error; every feed is complete, old or new", file=sys.stderr)
        return ExitCode.BUILD_FAILED


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="feedgen-app", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    add_check_command(commands)
    build_parser = commands.add_parser("build", help="build the feeds from the items folder")
    _site_arguments(build_parser)
    build_parser.add_argument("--strict", action="store_true", help="fail on any warning")
    build_parser.add_argument(
        "--skip-invalid",
        action="store_true",
        help=f"publish the valid articles, list the others, exit {ExitCode.SKIPPED_INVALID}",
    )
    build_parser.add_argument(
        "--allow-empty",
        action="store_true",
        help="publish empty feeds when there is no article (otherwise an error)",
    )
    build_parser.add_argument(
        "--ping",
        action="store_true",
        help=f"tell the WebSub hubs which feeds changed (exit {ExitCode.PING_FAILED} if one fails)",
    )
    build_parser.add_argument("--debug", action="store_true", help="show tracebacks")
    build_parser.set_defaults(run=_run_build)
    _add_ping_command(commands)
    _add_serve_command(commands)
    return parser


def _add_ping_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ping_parser = commands.add_parser(
        "ping", help="tell the WebSub hubs of the changed feeds they have not heard of yet"
    )
    ping_parser.add_argument(
        "--config", type=Path, help="settings: a TOML file, or a pyproject.toml"
    )
    ping_parser.add_argument("--out", type=Path, help="output folder for the feeds")
    ping_parser.add_argument("--debug", action="store_true", help="show tracebacks")
    ping_parser.set_defaults(run=_run_ping)


def _add_serve_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve_parser = commands.add_parser(
        "serve", help="build, serve the output folder and rebuild on every change"
    )
    _site_arguments(serve_parser)
    serve_parser.add_argument("--host", default="127.0.0.1", help="address (127.0.0.1)")
    serve_parser.add_argument("--port", type=int, default=8000, help="port (8000; 0: any)")
    serve_parser.add_argument("--debug", action="store_true", help="show tracebacks")
    serve_parser.set_defaults(run=_run_serve)


def _site_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--items", type=Path, help="folder of article files")
    parser.add_argument("--out", type=Path, help="output folder for the feeds")
    parser.add_argument("--config", type=Path, help="settings: a TOML file, or a pyproject.toml")
    parser.add_argument(
        "--site",
        type=Path,
        help="root of a Jekyll, Hugo or Zola site: its config gives the settings",
    )
    parser.add_argument("--drafts", action="store_true", help="include drafts")
    parser.add_argument("--future", action="store_true", help="include future articles")


def _run_serve(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitCode:
    from feedgen_app.preview import Preview  # noqa: PLC0415
    from feedgen_app.serve import PreviewServer  # noqa: PLC0415

    _site_options(args, out)  # settings that cannot be read stop here, before serving
    preview = Preview(lambda: _site_options(args, io.StringIO())[0], err)
    preview.build()
    server = PreviewServer(preview, args.host, args.port)
    print(f"serving {preview.built.output_dir} at {server.url} (Ctrl-C stops)", file=out)
    out.flush()
    try:
        server.run()
    except KeyboardInterrupt:
        print("stopped", file=out)
    finally:
        server.server_close()
    return ExitCode.OK


def _site_options(
    args: argparse.Namespace, out: TextIO
) -> tuple[BuildOptions, tuple[Problem, ...]]:
    """The build options of `args`, with the settings' warnings."""
    loaded = _settings(args, out)
    config = loaded.config
    if args.items is not None:
        config = replace(config, items_dir=args.items)
    if args.out is not None:
        config = replace(config, output_dir=args.out)
    if not config.items_dir.is_dir():
        message = "no such folder (point --items at your articles)"
        raise ConfigError([Problem(SourceRef(str(config.items_dir)), message)])
    strict = getattr(args, "strict", False)
    if strict and loaded.warnings:
        raise ConfigError(loaded.warnings)
    options = BuildOptions(
        config,
        drafts=args.drafts,
        future=args.future,
        strict=strict,
        skip_invalid=getattr(args, "skip_invalid", False),
        allow_empty=getattr(args, "allow_empty", False),
    )
    return options, loaded.warnings


def _run_build(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitCode:
    # A build allocates hundreds of thousands of small records that form no reference cycles;
    # at the default threshold (700) the cycle collector runs thousands of times for nothing,
    # about a fifth of a 10,000-article build. Collection still runs, just less often.
    gc.set_threshold(100_000, 50, 1000)
    options, settings_warnings = _site_options(args, out)
    progress = Progress(err) if err.isatty() else None
    try:
        report = build(options, progress or quiet)
    finally:
        if progress is not None:
            progress.close()
    for problem in settings_warnings + report.warnings + report.skipped:
        print(problem, file=err)
    _print_report(report, out)
    if report.skipped:
        files = len({problem.where.path for problem in report.skipped})
        print(f"skipped {counted(files, 'invalid file')} (--skip-invalid)", file=err)
        code = ExitCode.SKIPPED_INVALID
    else:
        code = ExitCode.OK
    if args.ping and _ping(options.config, out, err) != ExitCode.OK:
        return ExitCode.PING_FAILED
    return code


def _run_ping(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitCode:
    config = find_settings(args.config).config
    if args.out is not None:
        config = replace(config, output_dir=args.out)
    return _ping(config, out, err)


def _ping(config: SiteConfig, out: TextIO, err: TextIO) -> ExitCode:
    from feedgen_app.push import ping_unpinged  # noqa: PLC0415

    if not config.hubs:
        print('no hubs: add hub = ["https://…"] to the settings to ping', file=err)
        return ExitCode.OK
    pinged = ping_unpinged(config)
    for hub, feed in pinged.sent:
        print(f"{'pinged':9} {hub} {feed}", file=out)
    for failure in pinged.failures:
        print(failure, file=err)
    return ExitCode.PING_FAILED if pinged.failures else ExitCode.OK


UNCHANGED_LISTED = 10
"""Up to this many unchanged files are listed one by one; more are counted in one line."""


def _settings(args: argparse.Namespace, out: TextIO) -> LoadedConfig:
    """--site's settings (saying what was detected), else those of --config or the defaults."""
    if args.site is None:
        return find_settings(args.config)
    # Reading a site's config needs YAML: loaded only when asked for.
    from feedgen_app.sites.load import load_site  # noqa: PLC0415

    loaded, detected = load_site(args.site, args.config)
    print(detected, file=out)
    return loaded


def _print_report(report: BuildReport, out: TextIO) -> None:
    unchanged = [feed for feed in report.feeds if not feed.changed]
    listed = len(unchanged) <= UNCHANGED_LISTED
    for feed in report.feeds:
        if feed.changed or listed:
            state = "wrote" if feed.changed else "unchanged"
            print(f"{state:9} {feed.path} ({counted(feed.entries, 'article')})", file=out)
    if not listed:
        print(f"{'unchanged':9} {counted(len(unchanged), 'other feed file')}", file=out)
    for path in report.removed:
        print(f"{'removed':9} {path}", file=out)
    left_out = [
        f"{counted(report.drafts_left_out, 'draft')} (--drafts)" if report.drafts_left_out else "",
        f"{report.future_left_out} future (--future)" if report.future_left_out else "",
    ]
    summary = f"read {counted(report.articles, 'article')}"
    if any(left_out):
        summary += "; left out " + " and ".join(filter(None, left_out))
    if report.not_articles:
        pages = counted(report.not_articles, "page")
        verb = "is" if report.not_articles == 1 else "are"
        summary += f"; passed over {pages} that {verb} not articles"
    print(f"{summary}; {counted(len(report.warnings), 'warning')}", file=out)
