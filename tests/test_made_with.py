"""The versions every cache key and the no-change fingerprint carry (`state.made_with`): read
from the installed distributions' metadata folders, and an upgrade of a library makes the next
build start afresh instead of serving what the older one made."""

from __future__ import annotations

import sys
from pathlib import Path

import jinja2
import lxml
import pytest
import yaml

from feedgen_app.stages import render
from feedgen_app.state import made_with
from tests.conftest import Site
from tests.feeds import ATOM, atom_entries


def _folder(path: Path, *names: str) -> str:
    path.mkdir()
    for name in names:
        (path / name).mkdir()
    return str(path)


def test_versions_come_from_the_first_folder_that_has_the_library(tmp_path: Path) -> None:
    first = _folder(
        tmp_path / "first",
        "lxml-6.1.3.dist-info",
        "PyYAML-5.4.1-py3.9.egg-info",  # an old installer's name and spelling
        "python_dateutil-2.9.0.post0.dist-info",
        "lxml.py",
    )
    later = _folder(tmp_path / "later", "lxml-5.0.0.dist-info", "Jinja2-3.1.6.dist-info")
    versions = made_with.library_versions([str(tmp_path / "gone"), first, later])
    assert versions["lxml"] == "6.1.3"
    assert versions["pyyaml"] == "5.4.1"
    assert versions["python_dateutil"] == "2.9.0.post0"
    assert versions["jinja2"] == "3.1.6"
    assert versions["trafilatura"] == "-"
    assert list(versions) == list(made_with.LIBRARIES)


def test_the_versions_are_those_python_imports() -> None:
    versions = made_with.library_versions(sys.path)
    assert versions["lxml"] == lxml.__version__
    assert versions["pyyaml"] == yaml.__version__
    assert versions["jinja2"] == jinja2.__version__
    assert "-" not in versions.values()  # every library the package depends on is installed


def test_a_library_upgrade_makes_the_next_build_start_afresh(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As if another lxml had sanitized the HTML: the next build, with nothing else changed,
    does not take the no-change shortcut nor reuse the rendered HTML."""
    site.write("a.md", "---\ndate: 2024-01-01\ntitle: A\n---\nHello *there*.\n")
    ours = made_with.libraries()
    with monkeypatch.context() as patched:
        patched.setattr(made_with, "libraries", lambda: ours.replace("lxml ", "lxml 0.0.0-"))
        patched.setattr(render, "sanitize", lambda html, url: "<p>the older sanitizer's</p>")
        assert site.build().code == 0
    [entry] = atom_entries(site.feed())
    assert entry.findtext(f"{ATOM}content") == "<p>the older sanitizer's</p>"
    assert site.build().code == 0
    [entry] = atom_entries(site.feed())
    assert entry.findtext(f"{ATOM}content") == "<p>Hello <em>there</em>.</p>\n"
