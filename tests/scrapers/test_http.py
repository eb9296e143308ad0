"""The HTTP client against a real loopback server: the ways a feed server misbehaves."""

from __future__ import annotations

import gzip
import time

import pytest

from scrapers.collect import Collector, SourceState
from scrapers.http import FetchError, HttpClient, parse_retry_after
from tests.scrapers.conftest import FAST, fast_config, feed_source
from tests.scrapers.server import LoopbackServer, Response, conditional, gzip_bomb, rss

FEED = rss(
    [
        {"title": "First loopback item", "link": "http://example.invalid/one"},
        {"title": "Second loopback item", "link": "http://example.invalid/two"},
    ]
)


def ok_feed() -> Response:
    return Response(body=FEED, content_type="application/rss+xml")


def test_user_agent_names_offlimits(server: LoopbackServer, collector: Collector) -> None:
    server.route("/feed.xml", ok_feed())
    result = collector.poll(feed_source(server.url("/feed.xml"), fetch_pages=False))
    assert result.ok and result.items_seen == 2
    agent = server.requests_for("/feed.xml")[0].headers["user-agent"]
    assert agent.startswith("offlimits/") and "+https://github.com/offlimits/offlimits" in agent


@pytest.mark.parametrize(
    ("etag", "last_modified", "sent_header"),
    [
        ('"v1"', "Tue, 24 Nov 2026 10:00:00 GMT", "if-none-match"),
        (None, "Tue, 24 Nov 2026 10:00:00 GMT", "if-modified-since"),
    ],
)
def test_second_poll_is_not_modified(
    server: LoopbackServer,
    collector: Collector,
    etag: str | None,
    last_modified: str,
    sent_header: str,
) -> None:
    server.route("/feed.xml", conditional(FEED, etag=etag, last_modified=last_modified))
    source = feed_source(server.url("/feed.xml"), fetch_pages=False)
    first = collector.poll(source)
    assert first.ok and first.http_status == 200 and len(first.articles) == 2
    assert (first.etag, first.last_modified) == (etag, last_modified)

    second = collector.poll(source, SourceState(first.etag, first.last_modified))
    assert second.ok and second.not_modified and second.http_status == 304
    assert second.articles == [] and second.items_seen == 0
    assert (second.etag, second.last_modified) == (etag, last_modified)
    assert sent_header in server.requests_for("/feed.xml")[1].headers


def test_redirects_are_followed(server: LoopbackServer, collector: Collector) -> None:
    server.route("/old", Response(status=301, headers={"Location": "/middle"}))
    server.route("/middle", Response(status=302, headers={"Location": server.url("/feed.xml")}))
    server.route("/feed.xml", ok_feed())
    result = collector.poll(feed_source(server.url("/old"), fetch_pages=False))
    assert result.ok and result.items_seen == 2
    assert any("redirected to" in w and w.endswith("/feed.xml") for w in result.warnings)


def test_a_redirect_loop_is_reported(server: LoopbackServer, collector: Collector) -> None:
    server.route("/a", Response(status=302, headers={"Location": "/b"}))
    server.route("/b", Response(status=302, headers={"Location": "/a"}))
    result = collector.poll(feed_source(server.url("/a")))
    assert not result.ok
    assert result.error.startswith("redirect loop: ") and result.error.endswith("/a")
    assert server.hits("/a") == 1 and server.hits("/b") == 1  # no retry of a loop


def test_more_than_five_redirects_are_refused(server: LoopbackServer, collector: Collector) -> None:
    for hop in range(7):
        server.route(f"/hop{hop}", Response(status=307, headers={"Location": f"/hop{hop + 1}"}))
    server.route("/hop7", ok_feed())
    result = collector.poll(feed_source(server.url("/hop0")))
    assert not result.ok and "more than 5 redirects" in result.error
    assert server.hits("/hop6") == 0


def test_429_with_retry_after_is_honoured(server: LoopbackServer, collector: Collector) -> None:
    server.route("/feed.xml", Response(status=429, headers={"Retry-After": "1"}), ok_feed())
    started = time.monotonic()
    result = collector.poll(feed_source(server.url("/feed.xml"), fetch_pages=False))
    assert result.ok and result.items_seen == 2
    assert time.monotonic() - started >= 0.95  # waited as told
    assert server.hits("/feed.xml") == 2


def test_a_long_retry_after_is_reported_not_waited(server: LoopbackServer) -> None:
    server.route("/feed.xml", Response(status=429, headers={"Retry-After": "3600"}))
    with Collector(http_config=FAST, parse_processes=0) as collector:
        started = time.monotonic()
        result = collector.poll(feed_source(server.url("/feed.xml")))
    assert time.monotonic() - started < 2
    assert not result.ok and result.http_status == 429
    host = server.url("/").split("/")[2]
    assert result.error == f"HTTP 429 Too Many Requests; {host} rests 60 min"
    assert result.retry_after_seconds == 3600
    assert server.hits("/feed.xml") == 1


def test_500_then_success(server: LoopbackServer, collector: Collector) -> None:
    server.route("/feed.xml", Response(status=500), Response(status=503), ok_feed())
    result = collector.poll(feed_source(server.url("/feed.xml"), fetch_pages=False))
    assert result.ok and result.items_seen == 2
    assert server.hits("/feed.xml") == 3


def test_lasting_500_gives_up_after_the_retries(server: LoopbackServer) -> None:
    server.route("/feed.xml", Response(status=500))
    with Collector(http_config=fast_config(retries=1), parse_processes=0) as collector:
        result = collector.poll(feed_source(server.url("/feed.xml")))
    assert not result.ok and result.error == "HTTP 500 Internal Server Error"
    assert server.hits("/feed.xml") == 2


def test_a_404_is_not_retried(server: LoopbackServer, collector: Collector) -> None:
    result = collector.poll(feed_source(server.url("/missing.xml")))
    assert not result.ok and result.error == "HTTP 404 Not Found"
    assert server.hits("/missing.xml") == 1


def test_a_stalling_server_times_out(server: LoopbackServer) -> None:
    server.route("/slow.xml", Response(body=FEED, stall=5))
    server.route("/slower.xml", Response(body=FEED, delay=5))
    config = fast_config(read_timeout=0.3, retries=0)
    with Collector(http_config=config, parse_processes=0) as collector:
        started = time.monotonic()
        after_headers = collector.poll(feed_source(server.url("/slow.xml")))
        before_headers = collector.poll(feed_source(server.url("/slower.xml")))
    assert time.monotonic() - started < 3
    for result in (after_headers, before_headers):
        assert not result.ok and result.error.startswith("timeout (ReadTimeout)")


def test_a_total_timeout_bounds_slow_retries(server: LoopbackServer) -> None:
    server.route("/slow.xml", Response(body=FEED, delay=0.4))
    config = fast_config(read_timeout=0.2, total_timeout=1.0, retries=10)
    with HttpClient(config) as client:
        started = time.monotonic()
        with pytest.raises(FetchError, match="timeout"):
            client.get(server.url("/slow.xml"), allow_private=True)
    assert time.monotonic() - started < 2.5


def test_an_oversize_body_is_cut_and_reported(server: LoopbackServer) -> None:
    items = [
        {
            "title": f"Item number {i}",
            "link": f"http://example.invalid/{i}",
            "description": "Filler sentence for size. " * 20,
        }
        for i in range(40)
    ]
    big = rss(items)
    server.route("/big.xml", Response(body=big, content_type="application/rss+xml"))
    with Collector(http_config=fast_config(max_body_bytes=8000), parse_processes=0) as collector:
        result = collector.poll(feed_source(server.url("/big.xml"), fetch_pages=False))
    assert len(big) > 8000 * 3
    assert any("cut at 8,000 bytes" in w for w in result.warnings)
    assert result.ok and 0 < result.items_seen < 40  # what came before the cut


def test_gzip_is_decoded(server: LoopbackServer, collector: Collector) -> None:
    server.route(
        "/feed.xml",
        Response(
            body=gzip.compress(FEED.encode()),
            headers={"Content-Encoding": "gzip"},
            content_type="application/rss+xml",
        ),
    )
    result = collector.poll(feed_source(server.url("/feed.xml"), fetch_pages=False))
    assert result.ok and result.items_seen == 2
    assert "gzip" in server.requests_for("/feed.xml")[0].headers["accept-encoding"]


def test_a_gzip_bomb_is_refused(server: LoopbackServer) -> None:
    bomb = gzip_bomb(64 * 1024 * 1024)
    server.route("/bomb.xml", bomb)
    config = fast_config(max_decompressed_bytes=2 * 1024 * 1024)
    with Collector(http_config=config, parse_processes=0) as collector:
        result = collector.poll(feed_source(server.url("/bomb.xml")))
    assert len(bomb.payload()) < 100_000
    assert not result.ok
    assert "decompresses to more than 2,097,152 bytes" in result.error
    assert "bomb" in result.error
    assert server.hits("/bomb.xml") == 1  # refused, not retried


def test_an_unknown_content_encoding_is_refused(
    server: LoopbackServer, collector: Collector
) -> None:
    server.route("/feed.xml", Response(body=b"??", headers={"Content-Encoding": "br"}))
    result = collector.poll(feed_source(server.url("/feed.xml")))
    assert not result.ok and "unsupported Content-Encoding 'br'" in result.error


def test_per_host_concurrency_and_delay(server: LoopbackServer) -> None:
    state = {"now": 0, "max": 0}

    def counting(_request) -> Response:
        state["now"] += 1
        state["max"] = max(state["max"], state["now"])
        time.sleep(0.1)
        state["now"] -= 1
        return ok_feed()

    server.route("/feed.xml", counting)
    config = fast_config(per_host_concurrency=2, per_host_delay=0.05)
    sources = [
        feed_source(server.url(f"/feed.xml?n={i}"), id=f"s{i}", fetch_pages=False) for i in range(8)
    ]
    with Collector(http_config=config, max_workers=8, parse_processes=0) as collector:
        started = time.monotonic()
        results = list(collector.poll_many((s, None) for s in sources))
    elapsed = time.monotonic() - started
    assert sorted(r.source_id for r in results) == sorted(s.id for s in sources)
    assert all(r.ok for r in results)
    assert state["max"] == 2  # never more than two at once on one host
    assert elapsed >= 7 * 0.05  # request starts at least 50 ms apart
    assert elapsed < 8 * 0.1  # but not one after another


def test_many_hosts_are_polled_at_once(collector: Collector) -> None:
    servers = [LoopbackServer(host=f"127.0.0.{i}").start() for i in (2, 3, 4, 5)]
    try:
        for running in servers:
            running.route("/feed.xml", Response(body=FEED, delay=0.3))
        jobs = [
            (feed_source(s.url("/feed.xml"), id=f"h{i}", fetch_pages=False), None)
            for i, s in enumerate(servers)
        ]
        config = fast_config(per_host_concurrency=1)
        with Collector(http_config=config, max_workers=4, parse_processes=0) as many:
            started = time.monotonic()
            results = list(many.poll_many(jobs))
        assert all(r.ok for r in results) and len(results) == 4
        assert time.monotonic() - started < 0.9  # 4 x 0.3 s would be 1.2 s in a row
    finally:
        for running in servers:
            running.stop()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("120", 120.0),
        ("0", 0.0),
        (None, None),
        ("soon", None),
        ("Thu, 01 Jan 1970 00:00:00 GMT", 0.0),
    ],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value) == expected


def test_retry_after_as_a_date_in_the_future() -> None:
    from email.utils import formatdate

    seconds = parse_retry_after(formatdate(time.time() + 90, usegmt=True))
    assert seconds is not None and 85 <= seconds <= 91
