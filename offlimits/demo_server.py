"""A loopback HTTP server over the bundled demo site, for `offlimits demo` and the tests.

Serves `data/demo/site/` as a news outlet would: static files with ETag and Last-Modified
(so a second poll gets 304), `{{BASE}}` in text files replaced by the server's own address,
query strings ignored.
"""

from __future__ import annotations

import email.utils
import hashlib
import mimetypes
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

PLACEHOLDER = b"{{BASE}}"
TYPES = {
    ".rss": "application/rss+xml; charset=utf-8", ".xml": "application/rss+xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8", ".rdf": "application/rdf+xml; charset=utf-8",
    ".html": "text/html; charset=utf-8", ".json": "application/json; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}
TEXT_SUFFIXES = set(TYPES)


class DemoServer:
    """`with DemoServer(root) as server: server.base` — a running server on 127.0.0.1."""

    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 0,
                 latency: float = 0.0) -> None:
        self.root = Path(root).resolve()
        if not self.root.is_dir():
            raise FileNotFoundError(f"demo site not found at {self.root}")
        handler = type("Handler", (_Handler,), {"root": self.root, "latency": latency})
        self.httpd = ThreadingHTTPServer((host, port), handler)
        self.httpd.daemon_threads = True
        handler.base = self.base.encode()
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> DemoServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _Handler(BaseHTTPRequestHandler):
    root: Path
    base: bytes
    latency: float = 0.0  # seconds to wait before answering, to play a distant server
    server_version = "offlimits-demo"

    def log_message(self, format: str, *args: object) -> None:  # quiet
        return

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_GET(self) -> None:
        self._serve(head=False)

    def _serve(self, head: bool) -> None:
        if self.latency:
            time.sleep(self.latency)
        path = unquote(urlsplit(self.path).path)
        target = (self.root / path.lstrip("/")).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.is_relative_to(self.root) or not target.is_file():
            self._send(404, b"not found\n", "text/plain; charset=utf-8", head)
            return
        body = target.read_bytes()
        if target.suffix in TEXT_SUFFIXES or target.name == "robots.txt":
            body = body.replace(PLACEHOLDER, self.base)
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        modified = email.utils.formatdate(target.stat().st_mtime, usegmt=True)
        if self.headers.get("If-None-Match") == etag or (
            not self.headers.get("If-None-Match")
            and self.headers.get("If-Modified-Since") == modified
        ):
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", modified)
            self.end_headers()
            return
        kind = TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0] or "text/plain"
        self._send(200, body, kind, head, {"ETag": etag, "Last-Modified": modified})

    def _send(self, status: int, body: bytes, kind: str, head: bool,
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)
