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


def discover(items_dir: Path, suffixes: frozenset[str]) -> Discovered:
    """Article files below `items_dir`. Symbolic links to folders are never followed, nor links
    to files outside the items folder (a warning each), so a build reads only what is inside."""
    root = items_dir.resolve()
    files: list[Path] = []
    skipped: list[Problem] = []
    for folder, dirnames, filenames in os.walk(items_dir):
        for name in [name for name in dirnames if Path(folder, name).is_symlink()]:
            note = "symbolic link to a folder not followed (copy or move the articles instead)"
            skipped.append(warning(SourceRef(str(Path(folder, name))), note))
        dirnames[:] = sorted(
            name
            for name in dirnames
            if not name.startswith(".") and not Path(folder, name).is_symlink()
        )
        for name in sorted(filenames):
            path = Path(folder, name)
            if _is_ignorable(name) or name in SECTION_PAGES:
                continue
            problem = _refusal(path, root, suffixes)
            if problem is None:
                files.append(path)
            else:
                skipped.append(problem)
    files.sort(key=lambda p: p.relative_to(items_dir).as_posix())
    return Discovered(tuple(files), tuple(skipped))


def _refusal(path: Path, root: Path, suffixes: frozenset[str]) -> Problem | None:
    """Why `path` is not read as an article, or None if it is one."""
    if path.suffix.lower() not in suffixes:
        accepted = ", ".join(sorted(suffixes))
        note = f"skipped: not an article file type (accepted: {accepted})"
        return warning(SourceRef(str(path)), note)
    if path.is_symlink() and not path.resolve().is_relative_to(root):
        note = "symbolic link to a file outside the items folder not followed"
        return warning(SourceRef(str(path)), note)
    return None


def _is_ignorable(name: str) -> bool:
    """Hidden files, editor leftovers and assets are never articles and not worth a warning."""
    lowered = name.lower()
    return lowered.startswith((".", "#")) or lowered.endswith(_EDITOR_LEFTOVERS + _ASSETS)
