"""Which feeds each WebSub hub has not yet been told about.

A build that changes a feed's bytes adds the feed's URL for every hub; a successful publish
notification removes it. So `feedgen-app ping` (or the next `build --ping`) retries exactly the
notifications that failed or were never sent. Storage only: it decides nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from feedgen_app.stages.publish import write_if_changed
from feedgen_app.state import digest


def pings_path(cache_dir: Path, output_dir: Path) -> Path:
    return cache_dir / f"unpinged-{digest(str(output_dir.resolve()).encode())[:16]}.json"


def load_unpinged(path: Path) -> dict[str, list[str]]:
    """Hub URL -> feed URLs not yet announced to it, in the order they changed."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {hub: [str(url) for url in urls] for hub, urls in data.items() if isinstance(urls, list)}


def save_unpinged(path: Path, unpinged: Mapping[str, Iterable[str]]) -> None:
    kept = {hub: list(urls) for hub, urls in sorted(unpinged.items()) if urls}
    path.parent.mkdir(parents=True, exist_ok=True)
    write_if_changed(path, json.dumps(kept, indent=1).encode("utf-8"))


def add_unpinged(path: Path, hubs: Iterable[str], feeds: Iterable[str]) -> None:
    """Remember that `feeds` changed and every hub of `hubs` should hear of it."""
    feeds = list(feeds)
    if not feeds:
        return
    unpinged = load_unpinged(path)
    for hub in hubs:
        unpinged[hub] = list(dict.fromkeys([*unpinged.get(hub, []), *feeds]))
    save_unpinged(path, unpinged)
