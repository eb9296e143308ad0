"""A server trickling bytes cannot hold a fetch or a poll past its deadline (issue 11.3).

Each byte arrives well inside the read timeout, so only a wall-clock deadline ends these.
"""

import time
from dataclasses import replace

import pytest

from scrapers.collect import Collector
from scrapers.http import FetchError, HttpClient
from scrapers.ingest import DEFAULT_LIMITS
from tests.hostile.collecting import TrickleServer, elapsed
from tests.scrapers.conftest import fast_config, feed_source
from tests.scrapers.server import rss

FEED = rss([{"title": "Agency bans chatbot", "link": "http://example.invalid/a"}]).encode()


@pytest.mark.parametrize("slow_headers", [False, True], ids=["body", "headers"])
def test_a_trickle_is_cut_at_the_total_timeout(slow_headers):
    config = fast_config(read_timeout=5.0, total_timeout=1.5, retries=0)
    with TrickleServer(FEED, gap=0.25, slow_headers=slow_headers) as server, \
            HttpClient(config) as client:
        started = time.monotonic()
        with pytest.raises(FetchError) as caught:
            client.get(server.url("/feed.xml"), allow_private=True)
        took = elapsed(started)
    assert caught.value.kind == "timeout"
    assert 1.4 <= took < 3.0  # the whole answer would take len(FEED) / 4 seconds


def test_the_poll_budget_bounds_a_poll_whatever_the_request_timeout():
    config = fast_config(read_timeout=5.0, total_timeout=60.0, retries=0)
    limits = replace(DEFAULT_LIMITS, poll_seconds=1.5)
    with TrickleServer(FEED, gap=0.25, slow_headers=True) as server, \
            Collector(http_config=config, parse_processes=0, limits=limits) as collector:
        started = time.monotonic()
        result = collector.poll(feed_source(server.url("/feed.xml")))
        took = elapsed(started)
    assert not result.ok and "timeout" in result.error
    assert took < 3.0
