"""`feedgen-app serve`: a real server on 127.0.0.1 (port 0) in a thread, asked over HTTP."""

from __future__ import annotations

import gzip
import http.client
import io
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path

import pytest

from feedgen_app.config import BuildOptions, load_config
from feedgen_app.preview import Preview
from feedgen_app.serve import PreviewServer
from tests.conftest import SETTINGS

WAIT = 15.0
"""Seconds a test waits at most for a rebuild."""


@dataclass
class Running:
    root: Path
    server: PreviewServer
    log: io.StringIO

    @property
    def out(self) -> Path:
        return self.root / "build"

    def get(
        self, target: str, method: str = "GET", **headers: str
    ) -> tuple[int, dict[str, str], bytes]:
        host, port = self.server.server_address[:2]
        connection = http.client.HTTPConnection(str(host), port, timeout=5)
        try:
            connection.request(method, target, headers=headers)
            response = connection.getresponse()
            fields = {name.lower(): value for name, value in response.getheaders()}
            return response.status, fields, response.read()
        finally:
            connection.close()

    def wait_for(self, target: str, text: bytes) -> bytes:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            body = self.get(target)[2]
            if text in body:
                return body
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never appeared in {target}; log:\n{self.log.getvalue()}")


def _write(root: Path, name: str, title: str) -> None:
    path = root / "items" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {title}\ndate: 2024-03-01\n---\nText.\n", encoding="utf-8")


@pytest.fixture
def running(tmp_path: Path) -> Iterator[Running]:
    settings = tmp_path / "site.toml"
    settings.write_text(SETTINGS + "tag_feeds = true\n", encoding="utf-8")
    _write(tmp_path, "one.md", "First post")
    log = io.StringIO()
    preview = Preview(lambda: BuildOptions(load_config(settings).config), log)
    preview.build()
    server = PreviewServer(preview, "127.0.0.1", 0)
    thread = threading.Thread(target=server.run)
    thread.start()
    assert preview.watching.wait(WAIT)
    try:
        yield Running(tmp_path, server, log)
    finally:
        server.close()
        thread.join(timeout=10)
        assert not thread.is_alive()


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
    _write(running.root, "two.md", "Second post")
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
        "Accept-Encoding",
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
    _write(running.root, "one.md", "Renamed post")
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
    _write(tmp_path, "one.md", "First post")
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
