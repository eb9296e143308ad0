"""CPU-bound parsing (feeds, article pages) inline or in a process pool, off the GIL."""

from __future__ import annotations

import logging
import multiprocessing
import threading
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from scrapers.article import ArticlePage, extract_article
from scrapers.feeditems import ParsedFeed, with_canonical_urls
from scrapers.feeds import parse_feed

log = logging.getLogger(__name__)


def parse_feed_items(body: bytes, headers: dict[str, str], base_url: str) -> ParsedFeed:
    """Parse a feed and canonicalise its links, in one trip to a worker."""
    return with_canonical_urls(parse_feed(body, headers, base_url), base_url)


def _warm_up() -> None:
    """Import the parsers once per worker process, before the first real task."""
    import feedparser  # noqa: F401
    import trafilatura  # noqa: F401


class Parsers:
    """Runs feed and article parsing; with `processes > 0` in worker processes.

    Parsing with feedparser and trafilatura is pure Python and holds the GIL, so a pool
    of processes lets polling threads parse on every core. If the pool breaks (a worker
    killed, or a `__main__` that cannot be re-imported), parsing continues inline.
    """

    def __init__(self, processes: int = 0):
        self.processes = processes
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start the pool now (it otherwise starts on first use)."""
        self._get_pool()

    def _get_pool(self) -> ProcessPoolExecutor | None:
        if self.processes <= 0:
            return None
        with self._lock:
            if self._pool is None:
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(["scrapers.feeds", "scrapers.article"])
                self._pool = ProcessPoolExecutor(
                    self.processes, mp_context=context, initializer=_warm_up
                )
            return self._pool

    def _run(self, function, *args):
        pool = self._get_pool()
        if pool is not None:
            try:
                return pool.submit(function, *args).result()
            except BrokenProcessPool:
                with self._lock:
                    if self._pool is pool:
                        log.warning(
                            "parser worker processes failed; parsing inline from now on "
                            "(a script using the pool needs an `if __name__ == '__main__':` guard)"
                        )
                        self._pool, self.processes = None, 0
                pool.shutdown(wait=False, cancel_futures=True)
        return function(*args)

    def feed(self, body: bytes, headers: Mapping[str, str], base_url: str) -> ParsedFeed:
        return self._run(parse_feed_items, body, dict(headers), base_url)

    def article(self, body: bytes, url: str) -> ArticlePage:
        return self._run(extract_article, body, url)

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
