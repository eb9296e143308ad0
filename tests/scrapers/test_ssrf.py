"""A feed cannot make us connect to private, loopback or link-local addresses."""

from __future__ import annotations

import time

import pytest

from scrapers.collect import Collector
from scrapers.guard import blocked_reason
from tests.scrapers.conftest import PREFILTER, fast_config, feed_source
from tests.scrapers.server import LoopbackServer, Response, rss


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("127.9.8.7", "loopback"),
        ("::1", "loopback"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("10.0.0.1", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("fc00::1", "private"),
        ("::ffff:127.0.0.1", "loopback"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "private"),
        ("100.64.0.1", "not globally routable"),
        ("2002:a9fe:a9fe::1", "link-local (wrapped in IPv6)"),
        ("2002:7f00:1::1", "loopback (wrapped in IPv6)"),
        ("192.0.0.8", "IETF protocol assignment"),
        ("2002:5db8:d822::1", None),
        ("93.184.216.34", None),
        ("2606:4700::1111", None),
    ],
)
def test_blocked_reason(address: str, reason: str | None) -> None:
    assert blocked_reason(address) == reason


def test_a_source_without_allow_private_cannot_reach_loopback(server: LoopbackServer) -> None:
    server.route("/feed.xml", Response(body=rss([]), content_type="application/rss+xml"))
    with Collector(http_config=fast_config(), parse_processes=0) as collector:
        result = collector.poll(feed_source(server.url("/feed.xml"), allow_private=False))
    assert not result.ok
    assert result.error == (
        f"refused to connect to 127.0.0.1:{server.port}: loopback address (SSRF guard)"
    )
    assert server.requests == []


def test_feed_links_to_internal_addresses_are_never_fetched(server: LoopbackServer) -> None:
    # The feed host is trusted by host:port (as a test would trust a known server), but the
    # source does not allow private addresses: links into the private network are refused.
    links = [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/admin",
        f"http://localhost:{server.port}/secret",
        "http://[::1]/x",
        "https://10.1.2.3/over-tls",
    ]
    feed = rss(
        [{"title": f"Agency bans ChatGPT, part {i}", "link": link} for i, link in enumerate(links)]
    )
    server.route("/feed.xml", Response(body=feed, content_type="application/rss+xml"))
    config = fast_config(trusted_hosts=frozenset({server.authority}), connect_timeout=5.0)
    with Collector(http_config=config, prefilter=PREFILTER, parse_processes=0) as collector:
        started = time.monotonic()
        result = collector.poll(feed_source(server.url("/feed.xml"), allow_private=False))
    assert time.monotonic() - started < 2  # refused before any connect (10.0.0.1 would hang)
    assert result.ok and len(result.articles) == 5
    for article in result.articles:
        assert article.page_fetched is False
        assert "(SSRF guard)" in article.page_error, article.page_error
        assert article.text == ""  # the feed gave no summary; nothing was fetched
    assert server.hits("/secret") == 0 and server.hits("/robots.txt") == 0
    reasons = sorted(a.page_error.split(": ")[1].split(" address")[0] for a in result.articles)
    assert reasons == ["link-local", "loopback", "loopback", "private", "private"]


def test_a_redirect_into_the_private_network_is_refused(server: LoopbackServer) -> None:
    server.route(
        "/feed.xml",
        Response(status=302, headers={"Location": f"http://localhost:{server.port}/internal.xml"}),
    )
    server.route("/internal.xml", Response(body=rss([]), content_type="application/rss+xml"))
    config = fast_config(trusted_hosts=frozenset({server.authority}))
    with Collector(http_config=config, parse_processes=0) as collector:
        result = collector.poll(feed_source(server.url("/feed.xml"), allow_private=False))
    assert not result.ok and "(SSRF guard)" in result.error and "localhost" in result.error
    assert server.hits("/feed.xml") == 1 and server.hits("/internal.xml") == 0
