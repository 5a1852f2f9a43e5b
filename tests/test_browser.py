"""What a person sees: headless Chromium (Debian's `chromium`) opens the preview server's site
page and a raw feed. Screenshots are kept in the test's tmp_path. Skipped, with the reason,
where chromium is not installed (CI installs it: `.ci/run`)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import html5lib
import pytest
from lxml import etree

from tests.serving import Running

HTML_NS = "{http://www.w3.org/1999/xhtml}"

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--window-size=480,900",
)

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)"
)


def _browser(profile: Path, *args: str) -> str:
    assert CHROMIUM is not None
    command = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=90, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _is_png(path: Path) -> bool:
    return path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 2000


def test_a_reader_sees_the_articles_the_addresses_and_a_readable_raw_feed(
    running: Running, tmp_path: Path
) -> None:
    url = running.server.url
    dom = html5lib.parse(_browser(tmp_path / "profile", "--dump-dom", url))
    links = {"".join(a.itertext()): a.get("href") for a in dom.iter(f"{HTML_NS}a") if a.get("href")}
    assert links["First post"] == "https://example.org/blog/posts/one/"
    addresses = [field.get("value") for field in dom.iter(f"{HTML_NS}input")]
    assert addresses == [
        "https://example.org/blog/atom.xml",
        "https://example.org/blog/rss.xml",
        "https://example.org/blog/feed.json",
    ]
    page_shot = tmp_path / "site-page.png"
    _browser(tmp_path / "profile", f"--screenshot={page_shot}", url)
    assert _is_png(page_shot)

    feed = etree.fromstring(
        _browser(tmp_path / "profile", "--dump-dom", url + "atom.xml").encode("utf-8")
    )
    titles = [el.text for el in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert titles == ["Test site", "First post"]
    feed_shot = tmp_path / "raw-feed.png"
    _browser(tmp_path / "profile", f"--screenshot={feed_shot}", url + "atom.xml")
    assert _is_png(feed_shot)
    assert '"GET /feed.css HTTP/1.1" 200' in running.log.getvalue()  # styled by our CSS
