"""Per-host politeness: a concurrency limit and a minimum delay between request starts."""

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
