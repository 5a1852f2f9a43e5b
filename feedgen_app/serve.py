"""`feedgen-app serve`: the output folder over HTTP, for previewing what readers will get.

Only regular files inside the output folder are served (`..`, its encoded forms and symlinks
that lead out are 404), never a folder listing: a folder gives its subscribe page or 404. Every
answer carries the feed formats' own media types, an `ETag` (a digest of the bytes) and
`Last-Modified`, and a conditional request that matches gets `304 Not Modified`. A body is
gzipped when `Accept-Encoding` asks for it. While the last build failed, its problems are shown
at the top of every page.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import mimetypes
import threading
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from feedgen_app.preview import Built, Preview

TEXT_TYPES = {".html": "text/html", ".css": "text/css", ".json": "application/json"}


@dataclass(frozen=True)
class Answer:
    status: HTTPStatus
    headers: dict[str, str]
    body: bytes


def resolve(built: Built, target: str) -> Path | None:
    """The file inside the output folder that request target `target` names, else None."""
    if built.output_dir is None:
        return None
    path = unquote(urlsplit(target).path, errors="strict")
    parts = [part for part in path.split("/") if part]
    if "\0" in path or "\\" in path or any(part in (".", "..") for part in parts):
        return None
    root = built.output_dir.resolve()
    candidate = root.joinpath(*parts)
    if candidate.is_dir() and built.page:
        candidate = candidate / built.page
    try:
        real = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    return real if real.is_relative_to(root) and real.is_file() else None


def media_type(built: Built, path: Path) -> str:
    """The feed formats' own types by file name, else by suffix; text in UTF-8."""
    kind = built.media_types.get(path.name) or TEXT_TYPES.get(path.suffix)
    kind = kind or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith("text/") else kind


def answer(built: Built, target: str, headers: dict[str, str]) -> Answer:
    """The response to a GET of `target` with request `headers` (lower-case names)."""
    path = resolve(built, target)
    if path is None:
        body = _error_page(built, "Not found", "There is no such file in the output folder.")
        return Answer(HTTPStatus.NOT_FOUND, {"Content-Type": "text/html; charset=utf-8"}, body)
    kind = _for_browsers(media_type(built, path), headers.get("accept", ""))
    data = path.read_bytes()
    if built.error is not None and kind.startswith("text/html"):
        data = _with_banner(data, built.error)
    mtime = int(path.stat().st_mtime)
    zipped = "gzip" in _accepted(headers.get("accept-encoding", ""))
    tag = hashlib.sha256(data).hexdigest()[:32] + ("-gzip" if zipped else "")
    fields = {
        "Content-Type": kind,
        "ETag": f'"{tag}"',
        "Last-Modified": formatdate(mtime, usegmt=True),
        "Vary": "Accept, Accept-Encoding",
        "Cache-Control": "no-cache",
    }
    if _not_modified(headers, f'"{tag}"', mtime):
        return Answer(HTTPStatus.NOT_MODIFIED, fields, b"")
    if zipped:
        data = gzip.compress(data, mtime=0)
        fields["Content-Encoding"] = "gzip"
    return Answer(HTTPStatus.OK, fields, data)


def _for_browsers(kind: str, accept: str) -> str:
    """A browser shows `application/atom+xml` and `application/rss+xml` as plain text (or offers
    to save it), so it would never apply the feeds' stylesheet; most static hosts serve `.xml`
    as `application/xml`, which browsers render with the CSS. So a request that accepts
    `text/html` (a browser opening the link) gets an Atom or RSS file as `application/xml`, as
    readers of the published site will see it; a feed reader gets the format's own type."""
    return "application/xml" if kind.endswith("+xml") and "text/html" in accept else kind


def _accepted(header: str) -> set[str]:
    """The codings `Accept-Encoding` accepts (those not given q=0)."""
    codings = set()
    for item in header.split(","):
        name, _, params = item.strip().partition(";")
        quality = params.strip().removeprefix("q=").strip() if "q=" in params else "1"
        try:
            if float(quality) > 0:
                codings.add(name.strip().lower())
        except ValueError:
            continue
    return codings


def _not_modified(headers: dict[str, str], tag: str, mtime: int) -> bool:
    """RFC 9110 13.1: If-None-Match decides when present, else If-Modified-Since."""
    if "if-none-match" in headers:
        tags = [item.strip().removeprefix("W/") for item in headers["if-none-match"].split(",")]
        return "*" in tags or tag in tags
    since = headers.get("if-modified-since")
    if since is None:
        return False
    try:
        return mtime <= int(parsedate_to_datetime(since).timestamp())
    except (TypeError, ValueError):
        return False


def _with_banner(page: bytes, error: str) -> bytes:
    banner = (
        '<pre role="alert" style="background:#fde8e8;color:#7a1010;padding:1rem;'
        f'white-space:pre-wrap">{html.escape(error)}</pre>'
    ).encode()
    start = page.find(b"<body")
    end = page.find(b">", start) + 1 if start >= 0 else 0
    return page[:end] + banner + page[end:]


def _error_page(built: Built, title: str, text: str) -> bytes:
    page = f"<!DOCTYPE html><html lang=en><title>{title}</title><body><h1>{title}</h1>"
    page += f"<p>{html.escape(text)}</p></body></html>"
    return _with_banner(page.encode(), built.error) if built.error else page.encode()


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "feedgen-app"
    sys_version = ""

    def do_GET(self) -> None:
        self._respond(body=True)

    def do_HEAD(self) -> None:
        self._respond(body=False)

    def _respond(self, *, body: bool) -> None:
        headers = {name.lower(): value for name, value in self.headers.items()}
        try:
            result = answer(self.server.preview.built, self.path, headers)
        except (OSError, UnicodeDecodeError):
            result = Answer(HTTPStatus.NOT_FOUND, {"Content-Type": "text/plain"}, b"not found")
        self.send_response(result.status)
        for name, value in result.headers.items():
            self.send_header(name, value)
        if result.status != HTTPStatus.NOT_MODIFIED:
            self.send_header("Content-Length", str(len(result.body)))
        self.end_headers()
        if body:
            self.wfile.write(result.body)

    def log_message(self, format: str, *args: object) -> None:
        self.server.preview.log.write(f"{self.address_string()} {format % args}\n")


class PreviewServer(ThreadingHTTPServer):
    """The server, with the preview it serves and the thread that rebuilds it."""

    daemon_threads = True

    def __init__(self, preview: Preview, host: str, port: int) -> None:
        super().__init__((host, port), _Handler)
        self.preview = preview
        self.stop = threading.Event()
        self.watcher = threading.Thread(target=preview.watch, args=(self.stop,), daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/"

    def run(self) -> None:
        """Watch and serve until `close` (from another thread) or Ctrl-C."""
        self.watcher.start()
        try:
            self.serve_forever(poll_interval=0.2)
        finally:
            self.stop.set()

    def close(self) -> None:
        self.stop.set()
        self.shutdown()
        self.server_close()
        if self.watcher.is_alive():
            self.watcher.join(timeout=5)
