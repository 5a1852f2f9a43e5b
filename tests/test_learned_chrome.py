"""Plain-text chrome learned from a folder: lines at the top or bottom edge of many `.txt`
files in the same folder are dropped; warm builds give what cold builds give."""

from __future__ import annotations

import shutil

from tests.conftest import Site
from tests.feeds import ATOM, atom_entries

TOP = "Riverside Gazette - Local news you can trust"
BOTTOM = "© 2024 Riverside Gazette. Sign up for the morning briefing."


def scraped(title: str, day: int, *, top: str = TOP, bottom: str = BOTTOM) -> str:
    return (
        f"Date: 2024-05-{day:02d}\n\n{top}\n\n{title}\n\n"
        f"First paragraph of {title.lower()}.\n\nEnd of {title.lower()}.\n\n{bottom}\n"
    )


def titles_and_contents(site: Site) -> dict[str, str]:
    return dict(entries(site))


def entries(site: Site) -> list[tuple[str, str]]:
    """(title, content) of every entry, newest first."""
    return [
        (entry.findtext(f"{ATOM}title") or "", entry.findtext(f"{ATOM}content") or "")
        for entry in atom_entries(site.feed())
    ]


def write_three(site: Site) -> None:
    for day, title in enumerate(("Ferry news", "Bridge news", "Harbour news"), start=1):
        site.write(f"news/{title.split()[0].lower()}.txt", scraped(title, day))


def test_lines_at_the_edges_of_many_files_in_a_folder_are_dropped(site: Site) -> None:
    write_three(site)
    result = site.build()
    assert (result.code, result.err) == (0, "")
    assert titles_and_contents(site) == {
        title: f"<p>First paragraph of {title.lower()}.</p>\n<p>End of {title.lower()}.</p>\n"
        for title in ("Harbour news", "Bridge news", "Ferry news")
    }


def test_learn_chrome_false_keeps_them(site: Site) -> None:
    site.settings += "learn_chrome = false\n"
    write_three(site)
    assert site.build().code == 0
    found = entries(site)
    assert [title for title, _ in found] == [TOP, TOP, TOP]
    assert all(BOTTOM in content for _, content in found)


def test_lines_shared_by_two_files_only_are_kept(site: Site) -> None:
    site.write("news/a.txt", scraped("Ferry news", 1))
    site.write("news/b.txt", scraped("Bridge news", 2))
    site.write("news/c.txt", scraped("Harbour news", 3, top="Other", bottom="Other end"))
    assert site.build().code == 0
    assert [title for title, _ in entries(site)] == ["Other", TOP, TOP]


def test_a_learned_line_inside_the_text_is_kept(site: Site) -> None:
    write_three(site)
    site.write(
        "news/inside.txt",
        f"Date: 2024-05-09\n\n{TOP}\n\nInside news\n\nOne.\n\nTwo.\n\n{TOP}\n\nThree.\n\n"
        f"Four.\n\n{BOTTOM}\n",
    )
    assert site.build().code == 0
    assert titles_and_contents(site)["Inside news"] == (
        f"<p>One.</p>\n<p>Two.</p>\n<p>{TOP}</p>\n<p>Three.</p>\n<p>Four.</p>\n"
    )


def test_chrome_is_learned_per_folder(site: Site) -> None:
    write_three(site)
    site.write("notes/alone.txt", scraped("Alone", 7))
    assert site.build().code == 0
    assert TOP in titles_and_contents(site)  # the file in notes/ keeps its first line


def test_a_changed_sibling_changes_the_others_warm_as_cold(site: Site) -> None:
    write_three(site)
    assert site.build().code == 0
    learned = site.feed()
    # One file loses the chrome: two files share it now, too few to learn it.
    site.write("news/ferry.txt", scraped("Ferry news", 1, top="Ferry desk", bottom="Ferry end"))
    assert site.build().code == 0
    warm = site.feed()
    assert [title for title, _ in entries(site)] == [TOP, TOP, "Ferry desk"]
    shutil.rmtree(site.root / ".feedgen-cache")
    shutil.rmtree(site.out)
    assert site.build().code == 0
    assert site.feed() == warm
    # And back: the chrome is learned again, through the cache as from scratch.
    site.write("news/ferry.txt", scraped("Ferry news", 1))
    assert site.build().code == 0
    assert site.feed() == learned


def test_learn_chrome_must_be_true_or_false(site: Site) -> None:
    site.settings += 'learn_chrome = "no"\n'
    result = site.build()
    assert result.code == 1
    assert result.err.splitlines() == [
        f"{site.root / 'site.toml'}:7: error: learn_chrome: expected true or false",
        "build failed: 1 problem; nothing written",
    ]
