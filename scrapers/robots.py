"""robots.txt: fetched once per host, cached, and asked before fetching pages."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

# fetch(url) -> (status, body) or None when the host could not be reached
RobotsFetcher = Callable[[str], "tuple[int, bytes] | None"]


@dataclass
class _Entry:
    rules: Protego | None  # None: no rules; `allow` says whether everything is allowed
    expires: float
    unavailable: str | None = None  # why everything is disallowed for now
    allow: bool = True

    def can_fetch(self, agent: str, url: str) -> bool:
        return self.allow if self.rules is None else self.rules.can_fetch(url, agent)

    def crawl_delay(self, agent: str) -> float | None:
        return None if self.rules is None else self.rules.crawl_delay(agent)


class RobotsCache:
    """Answers "may we fetch this URL?" per RFC 9309, one robots.txt fetch per host and TTL.

    Rules are read by protego (Scrapy's RFC 9309 parser): `*` and `$` wildcards, a `?` in a
    path, every group naming our agent or `*`, longest match wins. A UTF-8 BOM is dropped.

    A 4xx robots.txt means no rules (allow all); a 5xx or an unreachable host means
    disallow all for a short while (`retry_ttl`), then try again.
    """

    def __init__(
        self,
        fetch: RobotsFetcher,
        agent: str,
        ttl: float,
        retry_ttl: float = 600.0,
        max_entries: int = 10_000,
    ):
        self.fetch = fetch
        self.max_entries = max_entries
        self.agent = agent
        self.ttl = ttl
        self.retry_ttl = retry_ttl
        self._entries: dict[str, _Entry] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def allowed(self, url: str) -> bool:
        """True if robots.txt of the URL's host lets our agent fetch it."""
        return self._entry(url).can_fetch(self.agent, url)

    def refusal(self, url: str) -> str | None:
        """Why the URL may not be fetched, or None if it may."""
        entry = self._entry(url)
        if entry.can_fetch(self.agent, url):
            return None
        return entry.unavailable or f"robots.txt disallows {url}"

    def crawl_delay(self, url: str) -> float | None:
        """The host's Crawl-delay for our agent, if it sets one."""
        delay = self._entry(url).crawl_delay(self.agent)
        return float(delay) if delay is not None else None

    def _entry(self, url: str) -> _Entry:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        with self._guard:
            lock = self._locks.setdefault(origin, threading.Lock())
        with lock:
            entry = self._entries.get(origin)
            if entry is None or entry.expires < time.monotonic():
                entry = self._load(origin)
                with self._guard:
                    self._entries[origin] = entry
                self._forget_expired()
            return entry

    def _forget_expired(self) -> None:
        """Keep the cache from growing without bound in a long-running process."""
        if len(self._entries) <= self.max_entries:
            return
        now = time.monotonic()
        with self._guard:
            for origin in [o for o, e in self._entries.items() if e.expires < now]:
                self._entries.pop(origin, None)
                self._locks.pop(origin, None)

    def _load(self, origin: str) -> _Entry:
        answer = self.fetch(origin + "/robots.txt")
        expires = time.monotonic() + self.ttl
        if answer is None or answer[0] >= 500 or answer[0] == 429:
            why = "unreachable" if answer is None else f"answered HTTP {answer[0]}"
            unavailable = f"robots.txt of {origin} {why}: no pages from this host for now"
            return _Entry(None, time.monotonic() + self.retry_ttl, unavailable, allow=False)
        if 200 <= answer[0] < 300:
            text = answer[1].decode("utf-8-sig", errors="replace")
            return _Entry(Protego.parse(text), expires)
        # a 4xx means no rules; so does a redirect we could not follow, or another oddity
        return _Entry(None, expires)
