"""The no-change shortcut: a rebuild whose inputs are the last successful build's does nothing,
and anything that changed, even during a build, makes the next build a real one."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

import feedgen_app.rebuild
from feedgen_app.errors import SourceRef, warning
from feedgen_app.stages.discover import FileState, Walk
from feedgen_app.state.manifest import walk_digest
from tests.conftest import Site
from tests.feeds import read_with_feedparser

ARTICLE = "---\ntitle: {title}\ndate: 2024-01-0{day}T10:00:00Z\n---\nBody.\n"


def _titles(site: Site) -> list[str]:
    return [entry.title for entry in read_with_feedparser(site.feed()).entries]


def _manifest_state(site: Site) -> list[tuple[int, int]]:
    manifests = sorted((site.root / ".feedgen-cache").glob("last-build-*.marshal"))
    return [(path.stat().st_ino, path.stat().st_mtime_ns) for path in manifests]


def _took_the_shortcut(site: Site) -> bool:
    """Whether the build stopped at the manifest: a full build writes it again, even when its
    feeds come out the same."""
    before = _manifest_state(site)
    result = site.build()
    assert result.code == 0, result.err
    shortcut = _manifest_state(site) == before
    assert not shortcut or ("unchanged" in result.out and "wrote" not in result.out)
    return shortcut


def _walk(*files: tuple[str, FileState], skipped: tuple[str, ...] = ()) -> Walk:
    rels = tuple(rel for rel, _ in files)
    states = tuple(number for _, state in files for number in state)
    problems = tuple(warning(SourceRef(path), "skipped") for path in skipped)
    return Walk("items/", rels, states, problems, ())


def test_the_digest_of_a_walk_changes_with_every_part_of_it() -> None:
    state = FileState(120, 1_700_000_000_000_000_000, 1_700_000_000_000_000_001, 42)
    base = walk_digest(_walk(("a.md", state), ("b.md", state)))
    assert base == walk_digest(_walk(("a.md", state), ("b.md", state)))
    changed = [
        _walk(("a.md", state), ("c.md", state)),
        _walk(("a.md", state), ("b.md", state._replace(size=121))),
        _walk(("a.md", state), ("b.md", state._replace(mtime_ns=state.mtime_ns + 1))),
        _walk(("a.md", state), ("b.md", state._replace(ctime_ns=state.ctime_ns + 1))),
        _walk(("a.md", state), ("b.md", state._replace(inode=43))),
        _walk(("a.md", state)),
        _walk(("a.md", state), ("b.md", state), skipped=("items/c.rst",)),
        _walk(("b.md", state), ("a.md", state)),
        _walk(("a.m", state), ("db.md", state)),  # the same characters, cut elsewhere
    ]
    digests = [walk_digest(found) for found in changed]
    assert base not in digests
    assert len(set(digests)) == len(digests)


def test_states_beyond_64_bits_are_digested_too() -> None:
    """A file dated after 2262, or an inode number above 2**63, does not fit a 64-bit slot."""
    far = FileState(1, 2**63, 2**63, 2**64 - 1)
    assert walk_digest(_walk(("a.md", far))) == walk_digest(_walk(("a.md", far)))
    assert walk_digest(_walk(("a.md", far))) != walk_digest(
        _walk(("a.md", far._replace(mtime_ns=2**63 + 1)))
    )


def test_a_file_dated_after_2262_is_built_then_left_alone_until_touched(site: Site) -> None:
    path = site.write("far.md", ARTICLE.format(title="Far", day=1))
    far = int(datetime(2300, 1, 1).timestamp()) * 10**9
    try:
        os.utime(path, ns=(far, far))
    except OSError:  # pragma: no cover - a file system that cannot hold the date
        pytest.skip("this file system cannot date a file in 2300")
    if path.stat().st_mtime_ns < 2**63:  # pragma: no cover
        pytest.skip("this file system clamps dates after 2262")
    assert not _took_the_shortcut(site)
    assert _took_the_shortcut(site)
    path.write_text(ARTICLE.format(title="Farther", day=1))
    os.utime(path, ns=(far, far))
    assert not _took_the_shortcut(site)
    assert _titles(site) == ["Farther"]


def test_an_article_edited_during_a_build_is_read_again_by_the_next(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = site.write("a.md", ARTICLE.format(title="Before", day=1))
    real_rebuild = feedgen_app.rebuild.rebuild

    def edited_meanwhile(*args: Any, **kwargs: Any) -> Any:
        rebuilt = real_rebuild(*args, **kwargs)  # it has read the file already
        path.write_text(ARTICLE.format(title="After", day=1))
        return rebuilt

    monkeypatch.setattr(feedgen_app.rebuild, "rebuild", edited_meanwhile)
    assert not _took_the_shortcut(site)
    assert _titles(site) == ["Before"]
    monkeypatch.setattr(feedgen_app.rebuild, "rebuild", real_rebuild)
    assert not _took_the_shortcut(site)
    assert _titles(site) == ["After"]
    assert _took_the_shortcut(site)


def test_a_build_that_writes_the_date_record_is_followed_by_a_no_change_build(
    site: Site,
) -> None:
    site.write("dated.md", ARTICLE.format(title="Dated", day=1))
    undated = site.write("undated.txt", "An undated article\n\nBody.\n")
    os.utime(undated, (1_700_000_000, 1_700_000_000))
    record = site.items / ".feedgen-dates.toml"
    assert not _took_the_shortcut(site)
    assert '"undated.txt" = 2023-11-14T22:13:20+00:00' in record.read_text()
    assert _took_the_shortcut(site)
    record.write_text(record.read_text() + "\n")  # the record is an input too
    assert not _took_the_shortcut(site)


def test_renaming_an_article_is_a_change(site: Site) -> None:
    site.write("a.md", ARTICLE.format(title="A", day=1))
    assert not _took_the_shortcut(site)
    assert _took_the_shortcut(site)
    Path(site.items / "a.md").rename(site.items / "b.md")
    assert not _took_the_shortcut(site)


def _loaded_by_a_build(site: Site, modules: list[str]) -> list[str]:
    """Those of `modules` a successful build in a fresh process has loaded."""
    script = (
        "import sys\n"
        "from feedgen_app.cli import main\n"
        f"code = main(['build', '--config', {str(site.root / 'site.toml')!r}])\n"
        f"print(code, sorted(m for m in {modules!r} if m in sys.modules))\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    code, loaded = run.stdout.splitlines()[-1].split(" ", 1)
    assert code == "0"
    return list(ast.literal_eval(loaded))


def test_a_no_change_build_imports_only_what_it_needs(site: Site) -> None:
    """Start-up is most of a no-change build on a small site: the parsers, the renderers and
    the modules for rare cases (git dates, RFC 2822 dates) wait for a build that needs them."""
    site.write("a.md", ARTICLE.format(title="A", day=1))
    site.write("b.txt", "An undated article\n\nBody.\n")
    assert not _took_the_shortcut(site)
    heavy = ["feedgen_app.rebuild", "yaml", "lxml", "feedgen", "jinja2"]
    heavy += ["email.utils", "subprocess", "tempfile"]
    heavy += ["_hashlib"]  # OpenSSL, which `hashlib` loads first: BLAKE2b needs none of it
    assert _loaded_by_a_build(site, heavy) == []
    assert _took_the_shortcut(site)  # and that build was a no-change build indeed


def test_an_edit_that_changes_no_output_leaves_jinja2_unloaded(site: Site) -> None:
    """An article that no feed and no page carries (older than the newest `item_limit`) is
    read again, and nothing is rendered: the page's key is made without Jinja2."""
    site.settings += "item_limit = 1\n"
    site.write("a.md", ARTICLE.format(title="A", day=1))
    site.write("b.md", ARTICLE.format(title="B", day=2))
    assert not _took_the_shortcut(site)
    site.write("a.md", ARTICLE.format(title="A, edited", day=1))
    assert _loaded_by_a_build(site, ["feedgen_app.rebuild", "jinja2"]) == ["feedgen_app.rebuild"]
    assert _titles(site) == ["B"]


def test_an_edit_of_one_article_imports_no_pool_and_no_saved_page_reader(site: Site) -> None:
    """One file to read and one article to render: no process pool; no HTML file in the
    items folder: no lxml HTML parser for saved pages, no extractor."""
    site.write("a.md", ARTICLE.format(title="A", day=1))
    assert not _took_the_shortcut(site)
    site.write("a.md", ARTICLE.format(title="A, edited", day=1))
    unused = ["concurrent.futures.process", "feedgen_app.readers.html", "trafilatura"]
    assert _loaded_by_a_build(site, ["feedgen_app.rebuild", *unused]) == ["feedgen_app.rebuild"]
    assert _titles(site) == ["A, edited"]


@pytest.mark.parametrize("how", ["in place", "replaced"])
def test_an_output_changed_behind_our_back_is_made_again(site: Site, how: str) -> None:
    """Same size and modification time, other bytes: the change time (or the inode) tells."""
    site.write("a.md", ARTICLE.format(title="A", day=1))
    assert not _took_the_shortcut(site)
    feed = site.out / "atom.xml"
    good, before = feed.read_bytes(), feed.stat()
    tampered = good.replace(b"<title>A</title>", b"<title>B</title>")
    assert len(tampered) == len(good) and tampered != good
    if how == "in place":
        feed.write_bytes(tampered)
    else:
        (site.out / "other").write_bytes(tampered)
        os.replace(site.out / "other", feed)
    os.utime(feed, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (feed.stat().st_size, feed.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert not _took_the_shortcut(site)
    assert feed.read_bytes() == good
