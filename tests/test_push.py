"""WebSub: hub links in every format, and publish notifications for exactly the changed feeds,
sent to a small hub on 127.0.0.1 that records what it is told."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

from feedgen_app.cli import main
from feedgen_app.push import Retry, notify
from tests.conftest import Site
from tests.feeds import ATOM, parse_xml

BLOG = "https://example.org/blog/"


@dataclass
class Hub:
    url: str
    statuses: list[int] = field(default_factory=list)
    """Answers to give, in order; 204 once they run out."""
    received: list[tuple[str, dict[str, list[str]]]] = field(default_factory=list)
    """(Content-Type, form fields) of each notification."""

    def feeds(self) -> list[str]:
        return [form["hub.url"][0] for _, form in self.received]


def _start_hub() -> tuple[ThreadingHTTPServer, Hub]:
    hub = Hub("")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            form = parse_qs(self.rfile.read(length).decode())
            hub.received.append((self.headers["Content-Type"], form))
            self.send_response(hub.statuses.pop(0) if hub.statuses else 204)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    hub.url = f"http://127.0.0.1:{server.server_address[1]}/hub"
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    return server, hub


@pytest.fixture
def hub() -> Iterator[Hub]:
    server, recorder = _start_hub()
    yield recorder
    server.shutdown()
    server.server_close()


@pytest.fixture
def second_hub() -> Iterator[Hub]:
    server, recorder = _start_hub()
    yield recorder
    server.shutdown()
    server.server_close()


def _blog(site: Site, *hubs: Hub) -> Site:
    site.settings += "tag_feeds = true\n" + f"hub = {json.dumps([h.url for h in hubs])}\n"
    site.write("a.md", "---\ntitle: A\ndate: 2024-03-01\ntags: [x]\n---\nText of a.\n")
    site.write("b.md", "---\ntitle: B\ndate: 2024-03-02\ntags: [y]\n---\nText of b.\n")
    return site


def _feeds(*folders: str) -> list[str]:
    return sorted(f"{BLOG}{folder}{name}" for folder in folders for name in FILES)


FILES = ("atom.xml", "rss.xml", "feed.json")


def test_every_format_links_the_hubs_beside_the_self_link(site: Site, hub: Hub) -> None:
    _blog(site, hub)
    site.settings = site.settings.replace("hub = [", 'hub = ["https://hub.example.net/", ')
    assert site.build("--strict").code == 0
    hubs = ["https://hub.example.net/", hub.url]
    atom = parse_xml(site.feed("atom.xml"))
    assert [link.get("href") for link in atom.findall(f"{ATOM}link[@rel='hub']")] == hubs
    channel = parse_xml(site.feed("tags/x/rss.xml")).find("channel")
    assert channel is not None
    assert [link.get("href") for link in channel.findall(f"{ATOM}link[@rel='hub']")] == hubs
    data = json.loads(site.feed("feed.json"))
    assert data["hubs"] == [{"type": "WebSub", "url": url} for url in hubs]
    assert main(["check", "--strict", "--config", str(site.root / "site.toml")]) == 0


def test_build_ping_notifies_exactly_the_feeds_whose_bytes_changed(site: Site, hub: Hub) -> None:
    _blog(site, hub)
    first = site.build("--ping")
    assert first.code == 0, first.err
    assert sorted(hub.feeds()) == _feeds("", "tags/x/", "tags/y/")
    assert {content_type for content_type, _ in hub.received} == {
        "application/x-www-form-urlencoded"
    }
    assert {form["hub.mode"][0] for _, form in hub.received} == {"publish"}
    assert f"pinged    {hub.url} {BLOG}atom.xml" in first.out.splitlines()
    hub.received.clear()
    site.write("b.md", "---\ntitle: B2\ndate: 2024-03-02\ntags: [y]\n---\nText of b.\n")
    assert site.build("--ping").code == 0
    assert sorted(hub.feeds()) == _feeds("", "tags/y/")
    hub.received.clear()
    assert site.build("--ping").code == 0  # nothing changed: nobody is told anything
    assert hub.received == []


def test_ping_sends_what_builds_without_ping_left_unsent(site: Site, hub: Hub) -> None:
    _blog(site, hub)
    assert site.build().code == 0
    assert hub.received == []
    config = str(site.root / "site.toml")
    assert main(["ping", "--config", config]) == 0
    assert sorted(hub.feeds()) == _feeds("", "tags/x/", "tags/y/")
    hub.received.clear()
    assert main(["ping", "--config", config]) == 0
    assert hub.received == []


def test_a_failing_hub_is_named_and_the_exit_status_says_the_build_succeeded(
    site: Site, hub: Hub, second_hub: Hub
) -> None:
    _blog(site, hub, second_hub)
    hub.statuses = [400] * 9
    result = site.build("--ping")
    assert result.code == 4
    assert result.err.splitlines() == [
        f"{hub.url}: error: 9 publish notifications failed (HTTP 400 Bad Request); "
        "`feedgen-app ping` sends them again"
    ]
    assert (site.out / "atom.xml").is_file()  # the build itself succeeded
    assert len(hub.received) == 9  # a 4xx is not retried
    assert sorted(second_hub.feeds()) == _feeds("", "tags/x/", "tags/y/")
    hub.received.clear()
    second_hub.received.clear()
    assert main(["ping", "--config", str(site.root / "site.toml")]) == 0
    assert sorted(hub.feeds()) == _feeds("", "tags/x/", "tags/y/")
    assert second_hub.received == []


def test_a_server_error_is_retried_with_growing_waits(hub: Hub) -> None:
    hub.statuses = [503, 502]
    waits: list[float] = []
    assert notify(hub.url, f"{BLOG}atom.xml", Retry(3, 0.25, 5), waits.append) is None
    assert len(hub.received) == 3
    assert waits == [0.25, 0.5]


def test_retries_are_bounded(hub: Hub) -> None:
    hub.statuses = [500] * 5
    waits: list[float] = []
    reason = notify(hub.url, f"{BLOG}atom.xml", Retry(3, 0.25, 5), waits.append)
    assert reason == "HTTP 500 Internal Server Error"
    assert (len(hub.received), waits) == (3, [0.25, 0.5])


def test_an_unreachable_hub_is_an_error_with_the_reason() -> None:
    # Port 9 (discard) on 127.0.0.1: nothing listens there in a test environment.
    reason = notify("http://127.0.0.1:9/hub", f"{BLOG}atom.xml", Retry(2, 0, 1), lambda _: None)
    assert reason is not None and "refused" in reason.lower(), reason


def test_hub_must_be_an_http_url(site: Site) -> None:
    site.settings += 'hub = ["ftp://hub.example.net/"]\n'
    result = site.build()
    assert result.code == 1
    assert "hub: 'ftp://hub.example.net/' is not an absolute http(s) URL" in result.err
