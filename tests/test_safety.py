"""Hostile content never reaches a reader; hostile files never make the build read or write
outside its folders."""

from __future__ import annotations

import codecs
import os
import time
from pathlib import Path

import pytest

from feedgen_app.errors import ConfigError
from feedgen_app.stages import publish
from feedgen_app.stages.publish import Staging
from tests.conftest import Site
from tests.feeds import ATOM, atom_entries, read_with_feedparser

HOSTILE = {
    "script": ("<script>alert(1)</script>kept", "kept"),
    "style": ("<style>body{display:none}</style>kept", "kept"),
    "iframe": ('<iframe src="https://evil.example/">kept</iframe>', "kept"),
    "object": ('<object data="x.swf">kept</object><embed src="x.swf">', "kept"),
    "event handler": ('<img src="a.png" onerror="alert(1)">', '<img src="{base}a.png">'),
    "javascript url": ('<a href="javascript:alert(1)">kept</a>', "<a>kept</a>"),
    "mixed-case javascript": ('<a href=" JaVaScRiPt:alert(1)">kept</a>', "<a>kept</a>"),
    "entity-encoded javascript": ('<a href="&#106;avascript:alert(1)">kept</a>', "<a>kept</a>"),
    "data url": ('<img src="data:image/svg+xml;base64,PHN2Zz4=">', "<img>"),
    "data url in srcset": (
        '<img srcset="data:image/png;base64,AA,BB 1x, b.png 2x">',
        '<img srcset="{base}b.png 2x">',
    ),
    "form": ('<form action="https://evil.example/"><input name="p">kept</form>', "kept"),
    "svg, content and all": ('<svg onload="alert(1)"><text>gone</text></svg>', ""),
    "style attribute": ('<p style="position:fixed">kept</p>', "<p>kept</p>"),
    "comment": ("<!-- <script>alert(1)</script> -->kept", "kept"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_html_in_markdown_is_removed(site: Site, case: str) -> None:
    hostile, expected = HOSTILE[case]
    site.write("h.md", f"---\ntitle: H\ndate: 2024-01-01\n---\n<div>{hostile}</div>\n")
    assert site.build().code == 0
    base = "https://example.org/blog/posts/h/"
    [entry] = atom_entries(site.feed())
    assert entry.findtext(f"{ATOM}content") == f"<div>{expected.format(base=base)}</div>\n"


def test_tables_code_and_media_survive_the_sanitizer(site: Site) -> None:
    site.write(
        "ok.md",
        "---\ntitle: OK\ndate: 2024-01-01\n---\n| a |\n|--:|\n| 1 |\n\n```js\nx\n```\n\n"
        '<video src="v.mp4" poster="p.jpg" controls></video>\n',
    )
    site.build()
    [entry] = atom_entries(site.feed())
    content = entry.findtext(f"{ATOM}content") or ""
    assert '<th style="text-align:right">a</th>' in content
    assert '<code class="language-js">' in content
    base = "https://example.org/blog/posts/ok/"
    assert f'<video src="{base}v.mp4" poster="{base}p.jpg" controls="">' in content


BILLION_LAUGHS = """<!DOCTYPE lolz [
<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<p>&lol9;</p>
"""
EXTERNAL_ENTITY = """<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
<p>&secret;</p>
"""


@pytest.mark.parametrize("name, html", [("laughs", BILLION_LAUGHS), ("xxe", EXTERNAL_ENTITY)])
def test_entity_tricks_in_html_are_not_expanded(site: Site, name: str, html: str) -> None:
    site.write(f"{name}.md", f"---\ntitle: {name}\ndate: 2024-01-01\n---\n{html}")
    started = time.monotonic()
    assert site.build().code == 0
    assert time.monotonic() - started < 5
    for feed in ("atom.xml", "rss.xml"):
        data = site.feed(feed)
        assert b"lollol" not in data and len(data) < 20_000
        if Path("/etc/hostname").exists():
            secret = Path("/etc/hostname").read_bytes().strip()
            assert secret not in data.replace(b"https://example.org", b"")


def test_utf16_with_byte_order_mark_is_read(site: Site) -> None:
    text = "---\ntitle: Zweisprachig \u2013 UTF-16\ndate: 2024-01-01\n---\nÄrger 🎉\n"
    (site.items / "u.md").write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert site.build().code == 0
    [entry] = read_with_feedparser(site.feed()).entries
    assert (entry.title, entry.content[0].value) == (
        "Zweisprachig \u2013 UTF-16",
        "<p>Ärger 🎉</p>",
    )


def test_files_over_the_size_limit_are_refused(site: Site) -> None:
    site.settings += "max_file_size = 100\n"
    path = site.write("big.md", "---\ntitle: Big\ndate: 2024-01-01\n---\n" + "x" * 200)
    result = site.build()
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        f"{path}: error: the file is 236 bytes, over the limit of 100 (setting max_file_size)"
    )


def test_a_slug_cannot_climb_out_of_the_site(site: Site) -> None:
    site.write("s.md", "---\ntitle: S\ndate: 2024-01-01\nslug: ../../etc/passwd\n---\n")
    site.build()
    [entry] = read_with_feedparser(site.feed()).entries
    assert entry.link == "https://example.org/blog/posts/etc-passwd/"


def test_symbolic_links_to_outside_files_and_to_folders_are_not_followed(
    site: Site, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("---\ntitle: Secret\ndate: 2024-01-01\n---\n")
    site.write("inside.md", "---\ntitle: Inside\ndate: 2024-01-02\n---\n")
    os.symlink(outside / "secret.md", site.items / "link.md")
    os.symlink(outside, site.items / "folder")
    result = site.build()
    assert result.err.splitlines() == [
        f"{site.items / 'folder'}: warning: symbolic link to a folder not followed "
        "(copy or move the articles instead)",
        f"{site.items / 'link.md'}: warning: symbolic link to a file outside the items folder "
        "not followed",
    ]
    assert [entry.title for entry in read_with_feedparser(site.feed()).entries] == ["Inside"]


def test_publish_refuses_paths_outside_the_output_folder(tmp_path: Path) -> None:
    refused = pytest.raises(ConfigError, match="refusing to write outside the output folder")
    with refused, Staging(tmp_path / "build") as staging:
        staging.add(tmp_path / "elsewhere.xml", b"x")
    assert not (tmp_path / "elsewhere.xml").exists()


@pytest.mark.parametrize("kept", [1, publish.FOLDERS_KEPT])  # the folders asked, forgotten
def test_publish_refuses_links_in_the_output_folder_that_lead_outside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kept: int
) -> None:
    """A feed file, or a folder of feeds, replaced by a symbolic link to another place is never
    written through, though a file beside it was staged before."""
    monkeypatch.setattr(publish, "FOLDERS_KEPT", kept)
    out, outside = tmp_path / "build", tmp_path / "outside"
    (out / "tags").mkdir(parents=True)
    outside.mkdir()
    (outside / "atom.xml").write_bytes(b"theirs")
    os.symlink(outside / "atom.xml", out / "tags" / "atom.xml")
    os.symlink(outside, out / "authors")
    refused = "refusing to write outside the output folder"
    with Staging(out) as staging:
        assert staging.add(out / "tags" / "rss.xml", b"ours")
        with pytest.raises(ConfigError, match=refused):
            staging.add(out / "tags" / "atom.xml", b"ours")
        with pytest.raises(ConfigError, match=refused):
            staging.add(out / "authors" / "atom.xml", b"ours")
    assert (outside / "atom.xml").read_bytes() == b"theirs"
    assert os.listdir(outside) == ["atom.xml"]
