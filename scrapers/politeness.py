"""Per-host politeness: a concurrency limit, a minimum delay between request starts, and a
cool-down of minutes for a host that answered 429 Too Many Requests."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager


class HostGate:
    """Admits requests to one `host:port` at most `concurrency` at a time, `delay` apart."""

    def __init__(
        self,
        concurrency: int,
        delay: float,
        host_delays: Mapping[str, float] | None = None,
    ):
        self.concurrency = max(1, concurrency)
        self.delay = max(0.0, delay)
        self.host_delays = {k.lower(): v for k, v in (host_delays or {}).items()}
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._next_start: dict[str, float] = {}
        self._extra_delay: dict[str, float] = {}

    def delay_for(self, key: str) -> float:
        """The minimum spacing for `host:port` (per-host overrides match the bare host too)."""
        host = key.rsplit(":", 1)[0]
        configured = self.host_delays.get(key, self.host_delays.get(host, self.delay))
        return max(configured, self._extra_delay.get(key, 0.0))

    def set_crawl_delay(self, key: str, seconds: float) -> None:
        """Raise a host's spacing (e.g. to a robots.txt Crawl-delay)."""
        with self._lock:
            self._extra_delay[key] = max(0.0, seconds)

    @contextmanager
    def slot(self, key: str) -> Iterator[None]:
        """Hold one of the host's slots for the duration of a request."""
        with self._lock:
            semaphore = self._slots.get(key)
            if semaphore is None:
                semaphore = self._slots[key] = threading.BoundedSemaphore(self.concurrency)
        semaphore.acquire()
        try:
            delay = self.delay_for(key)
            if delay > 0:
                with self._lock:
                    now = time.monotonic()
                    start = max(now, self._next_start.get(key, 0.0))
                    self._next_start[key] = start + delay
                if start > now:
                    time.sleep(start - now)
            yield
        finally:
            semaphore.release()


DEFAULT_COOLDOWN = 15 * 60.0  # seconds a host rests after a 429 (GDELT asks for 10-30 min)


class HostCooldowns:
    """Hosts that answered 429: no request goes to them until their cool-down ends.

    Thread-safe; times are wall-clock (`time.time()`), so a cool-down recorded in the store
    by one process can be restored by the next (`restore`).
    """

    def __init__(self, seconds: float = DEFAULT_COOLDOWN,
                 host_seconds: Mapping[str, float] | None = None):
        self.seconds = max(0.0, seconds)
        self.host_seconds = {k.lower(): v for k, v in (host_seconds or {}).items()}
        self._lock = threading.Lock()
        self._until: dict[str, float] = {}

    def cooldown_for(self, key: str) -> float:
        """The cool-down after a 429 from `host:port` (overrides match the bare host too)."""
        host = key.rsplit(":", 1)[0]
        return self.host_seconds.get(key, self.host_seconds.get(host, self.seconds))

    def start(self, key: str, retry_after: float | None = None,
              now: float | None = None) -> float:
        """Rest `key` for its cool-down or the server's Retry-After, whichever is longer;
        returns the seconds of rest."""
        seconds = max(self.cooldown_for(key), retry_after or 0.0)
        self.restore(key, (now or time.time()) + seconds)
        return seconds

    def restore(self, key: str, until: float) -> None:
        """Rest `key` until the wall-clock time `until` (never shortens a longer rest)."""
        with self._lock:
            self._until[key] = max(until, self._until.get(key, 0.0))

    def remaining(self, key: str, now: float | None = None) -> float:
        """Seconds left in `key`'s cool-down (0.0 when it may be asked)."""
        with self._lock:
            until = self._until.get(key)
        if until is None:
            return 0.0
        return max(0.0, until - (now or time.time()))
