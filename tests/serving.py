"""The preview server on 127.0.0.1 (port 0) in a thread, for the tests that ask it over HTTP."""

from __future__ import annotations

import http.client
import io
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
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


def write_article(root: Path, name: str, title: str) -> None:
    path = root / "items" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {title}\ndate: 2024-03-01\n---\nText.\n", encoding="utf-8")


@pytest.fixture
def running(tmp_path: Path) -> Iterator[Running]:
    settings = tmp_path / "site.toml"
    settings.write_text(SETTINGS + "tag_feeds = true\n", encoding="utf-8")
    write_article(tmp_path, "one.md", "First post")
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
