"""A killed build's temporary files are removed by the next build, whatever it decides: also
when nothing changed and it stops at the manifest, and when it fails."""

from __future__ import annotations

from tests.conftest import Site
from tests.refusal import GOOD

LEFTOVERS = (".atom.xml.k1ll3d_x.tmp", ".rss.xml.x7x7x7x7.tmp")


def _leave_leftovers(site: Site) -> list[str]:
    """Leave a killed build's temporary files; return the names of the feeds in place."""
    feeds = sorted(p.name for p in site.out.iterdir())
    for name in LEFTOVERS:
        (site.out / name).write_bytes(b"<feed>half a feed" * 1000)
    (site.items / "..feedgen-dates.toml.k1ll3d.tmp").write_bytes(b"half a record")
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
