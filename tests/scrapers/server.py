"""A real HTTP server on loopback whose routes each test programs (no mocks).

Usage:
    with LoopbackServer() as server:
        server.route("/feed.xml", Response(body=rss_text, content_type="application/rss+xml"))
        server.route("/flaky", Response(status=500), Response(body="ok"))  # 500, then 200s
        server.route("/cond", conditional(body, etag='"v1"'))               # 304 when unchanged
        server.url("/feed.xml")        -> "http://127.0.0.1:PORT/feed.xml"
        server.hits("/feed.xml")       -> number of requests seen for that path
        server.requests                -> every Request (method, path, query, headers)
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass
class Request:
    """One request the server received; header names are lower-case."""

    method: str
    path: str
    query: str
    headers: dict[str, str]
    received: float = field(default_factory=time.monotonic)


@dataclass
class Response:
    """What a route answers. `delay` waits before the status line, `stall` after headers."""

    status: int = 200
    body: bytes | str = b""
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    stall: float = 0.0

    def payload(self) -> bytes:
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body


Handler = Callable[[Request], Response]


class _Route:
    """A fixed sequence of responses (the last one repeats) or a function of the request."""

    def __init__(self, answers: tuple[Response | Handler, ...]):
        self.answers = list(answers)
        self.index = 0
        self.lock = threading.Lock()

    def answer(self, request: Request) -> Response:
        with self.lock:
            answer = self.answers[min(self.index, len(self.answers) - 1)]
            self.index += 1
        return answer(request) if callable(answer) else answer


class LoopbackServer:
    """`ThreadingHTTPServer` on 127.0.0.1 (or another loopback address), port chosen by the OS."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        self.requests: list[Request] = []
        self._routes: dict[str, _Route] = {}
        self._lock = threading.Lock()
        owner = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                owner._handle(self)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                return

        self.httpd = ThreadingHTTPServer((host, port), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self.host, self.port = self.httpd.server_address[:2]
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def authority(self) -> str:
        """`host:port`, as `HttpConfig.trusted_hosts` expects it."""
        return f"{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def route(self, path: str, *answers: Response | Handler) -> None:
        """Answer GET `path` (query ignored) with these responses in turn, the last repeating."""
        if not answers:
            raise ValueError("route needs at least one Response or handler")
        with self._lock:
            self._routes[path] = _Route(answers)

    def hits(self, path: str) -> int:
        with self._lock:
            return sum(1 for r in self.requests if r.path == path)

    def requests_for(self, path: str) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def start(self) -> LoopbackServer:
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> LoopbackServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        request = Request(
            method=handler.command,
            path=parts.path,
            query=parts.query,
            headers={k.lower(): v for k, v in handler.headers.items()},
        )
        with self._lock:
            self.requests.append(request)
            route = self._routes.get(parts.path)
        response = route.answer(request) if route else Response(status=404, body="not found")
        if response.delay:
            time.sleep(response.delay)
        body = response.payload()
        try:
            handler.send_response(response.status)
            headers = {"Content-Length": str(len(body)), **response.headers}
            if response.content_type and response.status != 304:
                headers.setdefault("Content-Type", response.content_type)
            for name, value in headers.items():
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.flush()
            if response.stall:
                time.sleep(response.stall)
            if response.status != 304:
                handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up first, as some tests intend


def conditional(
    body: bytes | str,
    *,
    etag: str | None = '"v1"',
    last_modified: str | None = "Tue, 24 Nov 2026 10:00:00 GMT",
    content_type: str = "application/rss+xml; charset=utf-8",
) -> Handler:
    """A handler honouring If-None-Match / If-Modified-Since: 304 when nothing changed."""
    validators = {k: v for k, v in (("ETag", etag), ("Last-Modified", last_modified)) if v}

    def handle(request: Request) -> Response:
        inm = request.headers.get("if-none-match")
        ims = request.headers.get("if-modified-since")
        if (etag and inm == etag) or (not inm and last_modified and ims == last_modified):
            return Response(status=304, body=b"", headers=dict(validators))
        return Response(body=body, content_type=content_type, headers=dict(validators))

    return handle


def gzip_bomb(decompressed_bytes: int) -> Response:
    """A small gzip body that inflates to `decompressed_bytes` of zeros."""
    return Response(
        body=gzip.compress(b"\0" * decompressed_bytes, compresslevel=9),
        content_type="application/rss+xml",
        headers={"Content-Encoding": "gzip"},
    )


def rss(items: list[dict[str, str]], title: str = "Loopback test feed") -> str:
    """An RSS 2.0 document; each item may give title, link, description, pubDate, guid."""
    parts = [
        f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>{title}"
        "</title><link>http://example.invalid/</link><language>en-us</language>"
    ]
    for item in items:
        fields = "".join(
            f"<{name}>{_escape(value)}</{name}>" for name, value in item.items() if value
        )
        parts.append(f"<item>{fields}</item>")
    parts.append("</channel></rss>")
    return "".join(parts)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
