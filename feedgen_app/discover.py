"""Finding article files in the items folder, in a stable order."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from feedgen_app.errors import Problem, SourceRef, warning

# Section and list pages of Hugo and Zola describe a folder, not an article.
SECTION_PAGES = frozenset({"_index.md", "_index.markdown"})
_EDITOR_LEFTOVERS = (".swp", ".swo", ".tmp", ".bak", "~")
# Images and other resources beside articles (Hugo page bundles, Jekyll assets) are not articles.
_ASSETS = (
    *(".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".ico", ".pdf", ".mp3"),
    *(".mp4", ".webm", ".css", ".js", ".json", ".zip", ".woff", ".woff2"),
)


@dataclass(frozen=True)
class Discovered:
    files: tuple[Path, ...]
    """Article files, sorted by their path relative to the items folder."""
    skipped: tuple[Problem, ...]
    """Files passed over that a user may have meant as articles (a warning each)."""
    sections: int
    """Hugo/Zola section pages (`_index.md`) passed over."""


def discover(items_dir: Path, suffixes: frozenset[str]) -> Discovered:
    files: list[Path] = []
    skipped: list[Problem] = []
    sections = 0
    for folder, dirnames, filenames in os.walk(items_dir):
        dirnames[:] = sorted(name for name in dirnames if not name.startswith("."))
        for name in sorted(filenames):
            path = Path(folder, name)
            if _is_ignorable(name):
                continue
            if name in SECTION_PAGES:
                sections += 1
            elif path.suffix.lower() in suffixes:
                files.append(path)
            else:
                accepted = ", ".join(sorted(suffixes))
                note = f"skipped: not an article file type (accepted: {accepted})"
                skipped.append(warning(SourceRef(str(path)), note))
    files.sort(key=lambda p: p.relative_to(items_dir).as_posix())
    return Discovered(tuple(files), tuple(skipped), sections)


def _is_ignorable(name: str) -> bool:
    """Hidden files, editor leftovers and assets are never articles and not worth a warning."""
    lowered = name.lower()
    return lowered.startswith((".", "#")) or lowered.endswith(_EDITOR_LEFTOVERS + _ASSETS)
