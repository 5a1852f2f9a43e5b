"""WebSub publish notifications (W3C WebSub, section 7): tell each hub which feeds changed.

One form-encoded POST per hub and feed, `hub.mode=publish` and `hub.url=<feed URL>`, with a
timeout; a network error or a 5xx answer is retried a bounded number of times with growing
waits, a 4xx is not (asking again will not help). What failed stays recorded
(`state.pings`) for the next `feedgen-app ping`.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from feedgen_app.config import SiteConfig
from feedgen_app.errors import counted
from feedgen_app.state.pings import load_unpinged, pings_path, save_unpinged

USER_AGENT = "feedgen-app (WebSub publisher)"


@dataclass(frozen=True)
class Retry:
    attempts: int = 3
    first_wait: float = 1.0
    """Seconds before the second attempt; each later wait is twice the one before."""
    timeout: float = 10.0
    """Seconds for one request."""


@dataclass(frozen=True)
class Pinged:
    sent: tuple[tuple[str, str], ...]
    """(hub, feed URL) pairs the hub accepted."""
    failures: tuple[str, ...]
    """One message per hub that failed, naming it and what went wrong."""


def ping_unpinged(
    config: SiteConfig, retry: Retry = Retry(), sleep: Callable[[float], None] = time.sleep
) -> Pinged:
    """Notify each hub of the settings of every feed it has not yet heard of."""
    path = pings_path(config.cache_dir, config.output_dir)
    unpinged = load_unpinged(path)
    sent: list[tuple[str, str]] = []
    failures = []
    for hub in config.hubs:
        feeds = unpinged.get(hub, [])
        failed: list[str] = []
        problem = ""
        for feed in feeds:
            problem = notify(hub, feed, retry, sleep) or ""
            if problem:
                failed.append(feed)
            else:
                sent.append((hub, feed))
        unpinged[hub] = failed
        if failed:
            failures.append(_failure(hub, failed, problem))
    save_unpinged(path, unpinged)
    return Pinged(tuple(sent), tuple(failures))


def _failure(hub: str, failed: Sequence[str], problem: str) -> str:
    return (
        f"{hub}: error: {counted(len(failed), 'publish notification')} failed ({problem}); "
        "`feedgen-app ping` sends them again"
    )


def notify(
    hub: str, feed: str, retry: Retry, sleep: Callable[[float], None] = time.sleep
) -> str | None:
    """Send one publish notification; None when the hub accepted it (2xx), else the reason."""
    body = urllib.parse.urlencode({"hub.mode": "publish", "hub.url": feed}).encode()
    wait = retry.first_wait
    reason = ""
    for attempt in range(retry.attempts):
        if attempt:
            sleep(wait)
            wait *= 2
        request = urllib.request.Request(hub, data=body, method="POST")
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        request.add_header("User-Agent", USER_AGENT)
        try:
            with urllib.request.urlopen(request, timeout=retry.timeout):
                return None
        except urllib.error.HTTPError as exc:
            reason = f"HTTP {exc.code} {exc.reason}"
            if exc.code < 500:
                return reason
        except (urllib.error.URLError, OSError) as exc:
            reason = str(getattr(exc, "reason", exc))
    return reason
