"""HTML is stripped in linear time, even when a `<script` or `<!--` never closes (issue 11.4).

Linearity is asserted by comparing sizes: eight times the input must cost far less than
the 64 times a quadratic stripper needs. Absolute timings belong in benchmarks/.
"""

import time

import pytest

from scrapers.collect import Collector
from scrapers.text import html_to_text
from tests.scrapers.conftest import fast_config, feed_source
from tests.scrapers.server import LoopbackServer, Response, rss

OPENERS = {"script": "<script>var x = '", "comment": "<!-- ", "style": "<style>p { x: "}


def hostile(opener: str, size: int) -> str:
    return "Agency bans chatbot. " + OPENERS[opener] + "a<b " * (size // 4)


def cost(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        html_to_text(text)
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize("opener", sorted(OPENERS))
def test_an_unclosed_block_is_dropped_in_linear_time(opener):
    small, large = hostile(opener, 32 * 1024), hostile(opener, 256 * 1024)
    assert html_to_text(large) == "Agency bans chatbot."
    ratio = cost(large) / max(cost(small), 1e-4)
    assert ratio < 24, f"8x the input cost {ratio:.0f}x the time"


def test_a_feed_with_an_unclosed_script_in_a_description_polls():
    description = "The ministry blocked the chatbot. " + hostile("script", 256 * 1024)
    feed = rss([{"title": "Ministry blocks chatbot", "link": "http://news.invalid/a",
                 "description": description}])
    with LoopbackServer() as server, Collector(http_config=fast_config(),
                                               parse_processes=0) as collector:
        server.route("/feed.xml", Response(body=feed, content_type="application/rss+xml"))
        result = collector.poll(feed_source(server.url("/feed.xml"), fetch_pages=False))
    assert result.ok, result.error
    assert [a.summary for a in result.articles] == [
        "The ministry blocked the chatbot. Agency bans chatbot."]
