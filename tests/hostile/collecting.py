"""Helpers for the hostile suite: a pipeline on a real SQLite file with small limits,
and a loopback server that sends its answer one byte at a time."""

from __future__ import annotations

import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from offlimits.pipeline import Pipeline
from scrapers.collect import Collector
from scrapers.http import HttpConfig
from scrapers.ingest import DEFAULT_LIMITS, IngestLimits
from scrapers.sources import Source, SourceList
from tests.scrapers.conftest import PREFILTER, fast_config


@contextmanager
def pipeline(db: Path, sources: list[Source], *, limits: IngestLimits = DEFAULT_LIMITS,
             http_config: HttpConfig | None = None) -> Iterator[Pipeline]:
    """A real pipeline writing `db`, polling `sources` with `limits` and fast HTTP."""
    collector = Collector(http_config=http_config or fast_config(), prefilter=PREFILTER,
                          parse_processes=0, limits=limits)
    running = Pipeline(db, SourceList(sources, PREFILTER), collector=collector)
    try:
        running.prepare(None)
        yield running
    finally:
        running.close()


def rows(db: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


class TrickleServer:
    """Loopback TCP server: each connection gets `head` then `body`, one byte every `gap` s.

    `slow_headers=True` trickles the status line and headers too.
    """

    def __init__(self, body: bytes, *, gap: float, slow_headers: bool = False,
                 content_type: str = "application/rss+xml"):
        self.body = body
        self.gap = gap
        self.slow_headers = slow_headers
        self.head = (f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n"
                     f"Content-Length: {len(body)}\r\n\r\n").encode()
        self._sock = socket.create_server(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        self._stop = threading.Event()
        self.connections = 0

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self) -> TrickleServer:
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._sock.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            try:
                conn.recv(65536)
                slow = (self.head if self.slow_headers else b"") + self.body
                if not self.slow_headers:
                    conn.sendall(self.head)
                for byte in slow:
                    if self._stop.wait(self.gap):
                        return
                    conn.sendall(bytes([byte]))
            except OSError:
                return


def elapsed(since: float) -> float:
    return time.monotonic() - since
