"""Page chrome learned from a folder of plain-text files: a line that stands at the top or
bottom edge (`text.edge_lines`) of many files in the same folder is the site's chrome
("Latest news", "Sign up for our newsletter", "© 2024 Example News"), not the article's.

What is learned depends only on the bytes of the folder's files, never on the order they were
read in or on what an earlier build learned, so a warm build gives what a cold one gives.
"""

from __future__ import annotations

import posixpath
from collections import Counter
from collections.abc import Iterable, Mapping

MIN_FILES = 3
"""A line is learned only if it is at the edge of at least this many files …"""
MIN_SHARE = 0.25
"""… and of at least this share of the folder's plain-text files."""


def folder_of(rel: str) -> str:
    """The folder part of an items-relative path: what chrome is learned per."""
    return posixpath.dirname(rel)


def learn(edges: Iterable[tuple[str, frozenset[str]]]) -> dict[str, frozenset[str]]:
    """Folder -> learned chrome keys, from each plain-text file's (relative path, edge lines)."""
    counts: dict[str, Counter[str]] = {}
    files: Counter[str] = Counter()
    for rel, lines in edges:
        folder = folder_of(rel)
        files[folder] += 1
        counts.setdefault(folder, Counter()).update(lines)
    learned = {}
    for folder, counted in counts.items():
        needed = max(MIN_FILES, files[folder] * MIN_SHARE)
        lines = frozenset(line for line, count in counted.items() if count >= needed)
        if lines:
            learned[folder] = lines
    return learned


def applied(learned: Mapping[str, frozenset[str]], rel: str, edges: frozenset[str]) -> list[str]:
    """The learned lines that can change the file at `rel`: those among its edge lines."""
    return sorted(learned.get(folder_of(rel), frozenset()) & edges)
