"""What a build's results are made with besides its inputs and settings: the tool's version, the
Python that runs it, the Markdown renderer's version (asked of its C library) and the versions
of the libraries whose results the caches keep or the feeds carry. Every cache key and the
no-change fingerprint include it, so that after an upgrade nothing an older library made is
served again: the next build starts afresh, once.

The libraries' versions are read from the names of the installed distributions' metadata
folders (`lxml-6.1.3.dist-info`) on `sys.path`, the folders Python imports them from: a few
directory listings, under a millisecond, where `importlib.metadata` alone takes 40 ms to import
(too much for a build with nothing to do).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable
from functools import cache

from feedgen_app import __version__
from feedgen_app.content.markdown import renderer_version

LIBRARIES = (
    # Markdown and HTML: rendering, parsing, sanitizing, serializing.
    *("cmarkgfm", "lxml", "nh3"),
    # Front matter, dates and time zones.
    *("pyyaml", "python_dateutil", "tzdata"),
    # Template syntax in bodies (Jekyll's Liquid); the pages for people.
    *("python_liquid", "jinja2", "markupsafe"),
    # The feeds' XML.
    "feedgen",
    # Saved web pages: the main text and the dates guessed (trafilatura and what it relies on).
    *("trafilatura", "htmldate", "justext", "courlan", "dateparser", "lxml_html_clean"),
    "charset_normalizer",
)
"""The distributions (names normalized as in their metadata folders' names) whose output a
build keeps: what they make can change with their version."""

_METADATA = re.compile(r"(?P<name>[^-]+)-(?P<version>[^-]+?)(?:-py[0-9.]+)?\.(?:dist|egg)-info")


def made_with() -> str:
    """The versions a build's results depend on, as one line (a part of every cache key)."""
    python = ".".join(map(str, sys.version_info[:3]))
    return f"feedgen_app {__version__}; Python {python}; {renderer_version()}; {libraries()}"


@cache
def libraries() -> str:
    """`name version` of each of `LIBRARIES`, in their order (`-` where one is not installed)."""
    return ", ".join(f"{name} {version}" for name, version in library_versions(sys.path).items())


def library_versions(folders: Iterable[str]) -> dict[str, str]:
    """The version of each of `LIBRARIES` installed in `folders`: the first folder that has one
    wins, as for imports."""
    found: dict[str, str] = {}
    for folder in folders:
        try:
            names = os.listdir(folder or ".")
        except OSError:  # a zip file on the path, a folder gone
            continue
        for entry in names:
            metadata = _METADATA.fullmatch(entry)
            if metadata is not None:
                name = _normalized(metadata["name"])
                found.setdefault(name, metadata["version"])
    return {name: found.get(name, "-") for name in LIBRARIES}


def _normalized(name: str) -> str:
    """A distribution's name as its metadata folder spells it today (PEP 503, `_` for runs of
    `-`, `_` and `.`, lower case): older installers kept `PyYAML` or `python-dateutil`."""
    return re.sub(r"[-_.]+", "_", name).lower()
