"""`feedgen-app serve`: a real server on 127.0.0.1 (port 0) in a thread, asked over HTTP."""

from __future__ import annotations

import gzip
import os
import signal
import subprocess
import sys
import time
import urllib.request
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path

import pytest

from tests.conftest import SETTINGS
from tests.serving import WAIT, Running, write_article


def test_the_root_is_the_site_page_as_html(running: Running) -> None:
    status, headers, body = running.get("/")
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert body == (running.out / "index.html").read_bytes()
    assert running.server.url.startswith("http://127.0.0.1:")


@pytest.mark.parametrize(
    ("target", "media_type"),
    [
        ("/atom.xml", "application/atom+xml"),
        ("/rss.xml", "application/rss+xml"),
        ("/feed.json", "application/feed+json"),
        ("/feed.css", "text/css; charset=utf-8"),
        ("/index.html", "text/html; charset=utf-8"),
    ],
)
def test_each_file_has_its_media_type_etag_and_date(
    running: Running, target: str, media_type: str
) -> None:
    status, headers, body = running.get(target)
    path = running.out / target.lstrip("/")
    assert (status, headers["content-type"], body) == (200, media_type, path.read_bytes())
    assert headers["content-length"] == str(len(body))
    assert headers["etag"].startswith('"') and headers["etag"].endswith('"')
    assert headers["last-modified"] == formatdate(int(path.stat().st_mtime), usegmt=True)


def test_a_folder_gives_its_page_and_never_a_listing(running: Running) -> None:
    assert running.get("/tags/")[0] == 404  # no tags yet: no folder
    write_article(running.root, "two.md", "Second post")
    (running.root / "items" / "two.md").write_text(
        "---\ntitle: Tagged\ndate: 2024-03-02\ntags: [x]\n---\nText.\n", encoding="utf-8"
    )
    running.wait_for("/", b"Tagged")
    status, _, body = running.get("/tags/x/")
    assert status == 200
    assert body == (running.out / "tags" / "x" / "index.html").read_bytes()
    assert running.get("/tags/")[0] == 404  # a folder without a page is not listed


def test_if_none_match_gets_304_and_another_tag_gets_200(running: Running) -> None:
    _, headers, body = running.get("/atom.xml")
    status, again, rest = running.get("/atom.xml", **{"If-None-Match": headers["etag"]})
    assert (status, rest, again["etag"]) == (304, b"", headers["etag"])
    status, _, rest = running.get("/atom.xml", **{"If-None-Match": '"other"'})
    assert (status, rest) == (200, body)
    # If-None-Match decides even when If-Modified-Since would say "not modified".
    late = formatdate(time.time() + 3600, usegmt=True)
    status = running.get("/atom.xml", **{"If-None-Match": '"other"', "If-Modified-Since": late})[0]
    assert status == 200


def test_if_modified_since_gets_304_unless_the_file_is_newer(running: Running) -> None:
    _, headers, _ = running.get("/rss.xml")
    modified = headers["last-modified"]
    assert running.get("/rss.xml", **{"If-Modified-Since": modified})[0] == 304
    earlier = parsedate_to_datetime(modified).timestamp() - 10
    assert (
        running.get("/rss.xml", **{"If-Modified-Since": formatdate(earlier, usegmt=True)})[0] == 200
    )


def test_head_sends_the_headers_without_the_body(running: Running) -> None:
    _, got, body = running.get("/feed.json")
    status, headers, empty = running.get("/feed.json", method="HEAD")
    assert (status, empty) == (200, b"")
    assert headers["content-length"] == str(len(body))
    assert headers["etag"] == got["etag"]


def test_gzip_only_when_asked(running: Running) -> None:
    _, plain, body = running.get("/atom.xml")
    assert "content-encoding" not in plain
    status, headers, zipped = running.get("/atom.xml", **{"Accept-Encoding": "br, gzip"})
    assert (status, headers["content-encoding"], headers["vary"]) == (
        200,
        "gzip",
        "Accept, Accept-Encoding",
    )
    assert gzip.decompress(zipped) == body
    assert headers["etag"] != plain["etag"]  # another representation, another tag
    refused = running.get("/atom.xml", **{"Accept-Encoding": "gzip;q=0"})[1]
    assert "content-encoding" not in refused


@pytest.mark.parametrize(
    "target",
    [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/%2E%2E%2Fsite.toml",
        "/tags/..%2f..%2fsite.toml",
        "/outside",
        "/nothing.xml",
        "/atom.xml%00",
        "/..%5csite.toml",
    ],
)
def test_nothing_outside_the_output_folder_is_served(running: Running, target: str) -> None:
    os.symlink(running.root / "site.toml", running.out / "outside")
    status, _, body = running.get(target)
    assert status == 404
    assert b"title = " not in body


def test_a_change_rebuilds_and_a_failed_build_keeps_the_last_good_files(running: Running) -> None:
    write_article(running.root, "one.md", "Renamed post")
    running.wait_for("/", b"Renamed post")
    good = running.get("/atom.xml")[2]
    (running.root / "items" / "bad.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    page = running.wait_for("/", b"build failed")
    assert b"bad.md:" in page and b'role="alert"' in page
    assert b"Renamed post" in page  # the last good page, with the error on top
    assert running.get("/atom.xml")[2] == good
    assert "bad.md:" in running.log.getvalue()
    (running.root / "items" / "bad.md").unlink()
    deadline = time.monotonic() + WAIT
    while b"build failed" in running.get("/")[2] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert b"build failed" not in running.get("/")[2]


def test_a_settings_change_rebuilds(running: Running) -> None:
    settings = running.root / "site.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("Test site", "Renamed site"), encoding="utf-8"
    )
    running.wait_for("/", b"<h1>Renamed site</h1>")


def test_the_command_serves_on_localhost_and_ctrl_c_stops_it(tmp_path: Path) -> None:
    settings = tmp_path / "site.toml"
    settings.write_text(SETTINGS, encoding="utf-8")
    write_article(tmp_path, "one.md", "First post")
    command = [sys.executable, "-m", "feedgen_app", "serve", "--config", str(settings)]
    process = subprocess.Popen(
        [*command, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith(f"serving {tmp_path / 'build'} at http://127.0.0.1:"), line
        url = line.split(" at ", 1)[1].split()[0]
        with urllib.request.urlopen(url, timeout=5) as response:
            assert b"First post" in response.read()
        process.send_signal(signal.SIGINT)
        out, _ = process.communicate(timeout=WAIT)
    finally:
        process.kill()
    assert (process.returncode, out) == (0, "stopped\n")


def test_a_browser_gets_xml_feeds_as_application_xml_so_it_applies_the_css(
    running: Running,
) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    status, headers, _ = running.get("/rss.xml", Accept=browser)
    assert (status, headers["content-type"]) == (200, "application/xml")
    assert "Accept" in headers["vary"]
    reader = "application/atom+xml, application/rss+xml;q=0.9, */*;q=0.1"
    assert running.get("/rss.xml", Accept=reader)[1]["content-type"] == "application/rss+xml"
    assert running.get("/feed.json", Accept=browser)[1]["content-type"] == "application/feed+json"
