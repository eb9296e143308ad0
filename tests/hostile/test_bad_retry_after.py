"""A Retry-After no parser can read costs one fetch, never the poll (issue 11.6).

`\\xb2` (superscript two) passes `str.isdigit()` but not `float()`; it once raised a
ValueError outside FetchError, failing the feed's whole poll every time.
"""

from scrapers.collect import Collector
from tests.hostile.collecting import pipeline, rows
from tests.scrapers.conftest import fast_config, feed_source
from tests.scrapers.server import LoopbackServer, Response, rss

BAD = "\xb2"  # sent as the single byte 0xB2 (http.server writes headers as latin-1)


def test_a_page_with_a_bad_retry_after_leaves_the_other_pages_fetched():
    items = [{"title": f"Agency bans chatbot {i}", "link": f"/p{i}"} for i in range(3)]
    with LoopbackServer() as server, Collector(http_config=fast_config(retries=1),
                                               parse_processes=0) as collector:
        server.route("/feed.xml", Response(body=rss(items), content_type="application/rss+xml"))
        for i in (0, 2):
            server.route(f"/p{i}", Response(body=f"<html><body><article><p>Story {i}: the "
                                                 "agency blocked the chatbot on its phones."
                                                 "</p></article></body></html>"))
        server.route("/p1", Response(status=503, headers={"Retry-After": BAD}))
        result = collector.poll(feed_source(server.url("/feed.xml")))
        retried = server.hits("/p1")
    assert result.ok, result.error
    pages = {a.url.rsplit("/", 1)[1]: (a.page_fetched, a.page_error) for a in result.articles}
    assert pages == {"p0": (True, None), "p1": (False, "HTTP 503 Service Unavailable"),
                     "p2": (True, None)}
    assert retried == 2  # retried with backoff, as with no Retry-After at all


def test_a_feed_with_a_bad_retry_after_is_a_failed_poll_that_is_stored(tmp_path):
    with LoopbackServer() as server:
        server.route("/feed.xml", Response(status=429, headers={"Retry-After": BAD}))
        with pipeline(tmp_path / "o.db", [feed_source(server.url("/feed.xml"))],
                      http_config=fast_config(retries=0)) as running:
            stats = running.run_cycle(["test-feed"]).polls[0]
    host = server.url("/").split("/")[2]
    # an unreadable Retry-After rests the host for the default 15 min
    assert not stats.ok and stats.error == f"HTTP 429 Too Many Requests; {host} rests 15 min"
    assert rows(tmp_path / "o.db", "SELECT status, http_status FROM polls") == [("error", 429)]
