"""Hosts that cannot be reached cost one bounded attempt, not retries and queues.

Real failures only: names under `.invalid` (RFC 6761: never resolve), a closed loopback
port, and a loopback listener whose accept queue is full (connects time out).
"""

from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import Iterator

import pytest

from scrapers.collect import Collector
from scrapers.http import FetchError, HttpClient
from tests.scrapers.conftest import fast_config, feed_source


@pytest.fixture
def blackhole() -> Iterator[int]:
    """A loopback port where TCP connects hang: a listener that never accepts, queue full."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    for _ in range(3):
        filler = socket.socket()
        filler.settimeout(0.2)
        with contextlib.suppress(OSError):
            filler.connect(("127.0.0.1", port))
        fillers.append(filler)
    probe = socket.socket()
    probe.settimeout(0.2)
    with pytest.raises(OSError):
        probe.connect(("127.0.0.1", port))
    probe.close()
    yield port
    for s in [*fillers, listener]:
        s.close()


def test_a_name_that_does_not_resolve_is_not_retried() -> None:
    # A retry would wait at least 2 s (backoff 4 s x jitter 0.5); the lookup itself is bounded
    # by the 1 s connect timeout, however slow the resolver.
    config = fast_config(connect_timeout=1.0, retries=2, backoff_base=4.0, backoff_max=8.0)
    with HttpClient(config) as http:
        started = time.monotonic()
        with pytest.raises(FetchError) as caught:
            http.get("http://no-such-host.offlimits.invalid/feed.xml")
        elapsed = time.monotonic() - started
    assert elapsed < 1.9, elapsed
    assert "cannot resolve no-such-host.offlimits.invalid" in str(caught.value)
    assert caught.value.kind == "dns"


def test_a_host_that_accepts_no_connection_is_asked_once_per_cycle(blackhole: int) -> None:
    config = fast_config(connect_timeout=0.5, retries=2, backoff_base=0.5, backoff_max=1.0,
                         per_host_concurrency=2, total_timeout=20.0)
    sources = [feed_source(f"http://127.0.0.1:{blackhole}/feed{i}.xml", id=f"s{i}")
               for i in range(8)]
    with Collector(http_config=config, parse_processes=0) as collector:
        started = time.monotonic()
        results = list(collector.poll_many([(s, None) for s in sources]))
        elapsed = time.monotonic() - started
    assert all(not r.ok for r in results)
    # Without memory: 8 sources x 3 attempts of 0.5 s through 2 slots, plus backoff: > 6 s.
    assert elapsed < 2.0, elapsed
    errors = [r.error for r in results]
    assert sum("timeout" in e.lower() for e in errors) >= 1, errors
    assert sum("unreachable" in e for e in errors) >= 5, errors


def test_a_closed_port_is_remembered_for_the_cycle() -> None:
    config = fast_config(retries=1, backoff_base=0.3, backoff_max=0.5, per_host_concurrency=1)
    sources = [feed_source(f"http://127.0.0.1:9/feed{i}.xml", id=f"c{i}") for i in range(6)]
    with Collector(http_config=config, parse_processes=0) as collector:
        started = time.monotonic()
        results = list(collector.poll_many([(s, None) for s in sources]))
        elapsed = time.monotonic() - started
    assert all(not r.ok for r in results)
    assert any("Connection refused" in r.error for r in results)
    assert sum("unreachable" in r.error for r in results) == 5, [r.error for r in results]
    assert elapsed < 1.0, elapsed  # one source's attempt and retry, the others at once
