"""A killed build's temporary files are removed by the next build, whatever it decides: also
when nothing changed and it stops at the manifest, and when it fails. A build that ended (even
by an error) leaves a mark, so that the next one need not look for them."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import feedgen_app.stages.publish
from tests.conftest import Site
from tests.refusal import GOOD

LEFTOVERS = (".atom.xml.k1ll3d_x.tmp", ".rss.xml.x7x7x7x7.tmp")


def _leave_leftovers(site: Site) -> list[str]:
    """Leave a killed build's temporary files, and no mark that it ended (it did not); return
    the names of the feeds in place."""
    feeds = sorted(p.name for p in site.out.iterdir())
    for name in LEFTOVERS:
        (site.out / name).write_bytes(b"<feed>half a feed" * 1000)
    (site.items / "..feedgen-dates.toml.k1ll3d.tmp").write_bytes(b"half a record")
    [mark] = (site.root / ".feedgen-cache").glob("tidy-*")
    mark.unlink()
    return feeds


def _names(site: Site) -> tuple[list[str], list[str]]:
    return sorted(p.name for p in site.out.iterdir()), sorted(p.name for p in site.items.iterdir())


def test_the_no_change_shortcut_removes_leftovers(site: Site) -> None:
    site.write("good.md", GOOD)
    assert site.build().code == 0
    feeds = _leave_leftovers(site)
    result = site.build()
    assert "unchanged" in result.out and "wrote" not in result.out  # the shortcut was taken
    assert _names(site) == (feeds, ["good.md"])


def test_a_failing_build_removes_leftovers_and_nothing_else(site: Site) -> None:
    site.write("good.md", GOOD)
    assert site.build().code == 0
    feeds = _leave_leftovers(site)
    site.write("bad.md", "---\ntitle: [x]\n---\n")
    assert site.build().code == 1
    assert _names(site) == (feeds, ["bad.md", "good.md"])


def test_other_hidden_files_in_the_output_folder_stay(site: Site) -> None:
    site.write("good.md", GOOD)
    assert site.build().code == 0
    feeds = sorted(p.name for p in site.out.iterdir())
    (site.out / ".htaccess").write_text("kept")
    (site.out / ".other.tmp").write_text("not ours")
    site.build()
    assert _names(site)[0] == [".htaccess", ".other.tmp", *feeds]


def test_only_the_date_records_temporary_files_go_from_the_items_folder(site: Site) -> None:
    site.write("good.md", GOOD)
    assert site.build().code == 0
    kept = [
        "..feedgen-dates.toml.tmp",
        ".feedgen-dates.toml.k1ll3d.tmp",
        ".x.feedgen-dates.toml.a.tmp",
    ]
    kept += ["..feedgen-dates.toml.k1ll3d.tmp~", "..feedgen-dates.toml.k1ll3d.TMP"]
    for name in [*kept, "..feedgen-dates.toml.k1ll3d.tmp", "..feedgen-dates.toml..tmp"]:
        (site.items / name).write_bytes(b"x")
    site.build()
    assert _names(site)[1] == sorted([*kept, "good.md"])


def test_a_build_killed_while_staging_leaves_files_the_next_build_removes(site: Site) -> None:
    """A real kill (SIGKILL, nothing of Python runs) after every feed was staged, before any
    was put in place; then the article is put back, so the feeds in place hold what the next
    build makes and it stages nothing: only its search for leftovers removes them."""
    site.write("good.md", GOOD)
    assert site.build().code == 0
    feeds = _names(site)[0]
    site.write("good.md", GOOD.replace("Fine.", "Edited."))
    script = (
        "import os, signal\n"
        "from feedgen_app.stages.publish import Staging\n"
        "Staging.commit = lambda self: os.kill(os.getpid(), signal.SIGKILL)\n"
        "from feedgen_app.cli import main\n"
        f"main(['build', '--config', {str(site.root / 'site.toml')!r}])\n"
    )
    killed = subprocess.run([sys.executable, "-c", script], capture_output=True, check=False)
    assert killed.returncode == -9
    staged = [name for name in os.listdir(site.out) if name not in feeds]
    assert staged and all(name.startswith(".") and name.endswith(".tmp") for name in staged)
    site.write("good.md", GOOD)  # back as it was: the next build stages nothing
    assert site.build().code == 0
    assert _names(site)[0] == feeds


def test_after_a_build_that_ended_the_output_folder_is_not_searched(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    searched: list[object] = []
    monkeypatch.setattr(feedgen_app.stages.publish, "remove_leftovers", searched.append)
    site.write("good.md", GOOD)
    assert site.build().code == 0
    assert searched == [site.out]  # the first build here
    site.write("bad.md", "---\ntitle: [x]\n---\n")
    assert site.build().code == 1
    assert site.build().code == 1
    assert searched == [site.out]  # a failed build ended too
