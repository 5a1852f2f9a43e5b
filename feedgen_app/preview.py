"""Building for the preview server: build once, then again whenever an article or the settings
change. A failed build leaves the output folder as it was (the last good files keep being
served); its problems are kept, to be shown on the pages and printed in the terminal."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import watchfiles

from feedgen_app.config import BuildOptions
from feedgen_app.errors import FeedgenError, counted
from feedgen_app.pipeline import build
from feedgen_app.state.date_record import RECORD_NAME


@dataclass(frozen=True)
class Built:
    """What the server needs to know of the last build."""

    output_dir: Path | None
    """None until a build has succeeded: nothing to serve yet."""
    page: str
    """The subscribe page's file name ("" when there are none)."""
    media_types: dict[str, str]
    """Feed file name -> media type, from the settings' formats."""
    error: str | None
    """The last build's problems, one a line, if it failed."""


class Preview:
    """The last build's state, rebuilt by `watch` on every change (thread-safe)."""

    def __init__(self, load: Callable[[], BuildOptions], log: TextIO) -> None:
        self.load, self.log = load, log
        self._lock = threading.Lock()
        self._built: Built | None = None
        self.watching = threading.Event()
        """Set once the watcher is running: changes from then on are seen."""

    @property
    def built(self) -> Built:
        with self._lock:
            assert self._built is not None, "build() first"
            return self._built

    def build(self) -> Built:
        """Read the settings and build; never raises for a problem the user can fix."""
        from feedgen_app.formats import FORMATS  # noqa: PLC0415

        previous = self._built
        try:
            options = self.load()
            config = options.config
            types = {file: FORMATS[fmt].media_type for fmt, file in config.feeds.items()}
            report = build(options)
            changed = sum(feed.changed for feed in report.feeds)
            print(f"built: {counted(changed, 'feed file')} changed", file=self.log, flush=True)
            built = Built(config.output_dir, config.subscribe_page, types, None)
        except FeedgenError as exc:
            lines = [str(problem) for problem in exc.problems]
            error = "\n".join([*lines, "build failed; still serving the last good files"])
            print(error, file=self.log, flush=True)
            built = Built(None, "", {}, error) if previous is None else previous
            built = Built(built.output_dir, built.page, built.media_types, error)
        with self._lock:
            self._built = built
        return built

    def watch(self, stop: threading.Event) -> None:
        """Rebuild on every change of the items folder or the settings file until `stop`."""
        config = self.load().config
        paths = [config.items_dir]
        if config.source and Path(config.source).is_file():
            paths.append(Path(config.source))
        for changes in watchfiles.watch(
            *paths,
            watch_filter=_not_ours,
            debounce=200,
            stop_event=stop,
            rust_timeout=200,
            yield_on_timeout=True,
            raise_interrupt=False,
        ):
            self.watching.set()  # a first timeout (no changes) says the watcher is running
            if changes:
                self.build()


def _not_ours(change: watchfiles.Change, path: str) -> bool:
    """The date record that a build writes into the items folder is no reason to build again."""
    return Path(path).name != RECORD_NAME and watchfiles.DefaultFilter()(change, path)
