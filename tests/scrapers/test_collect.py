"""Collector behaviour not tied to one HTTP mishap: placeholders, ordering, many polls."""

from __future__ import annotations

from scrapers.collect import Collector, interleave_by_host
from scrapers.sources import Source
from tests.scrapers.conftest import FAST, feed_source
from tests.scrapers.server import LoopbackServer, Response, rss


def test_an_unsubstituted_placeholder_is_a_clear_error(collector: Collector) -> None:
    result = collector.poll(feed_source("{{BASE}}/feed.xml"))
    assert not result.ok
    assert result.error == "url has an unsubstituted placeholder: {{BASE}}/feed.xml"
    assert result.started_at <= result.finished_at


def test_a_page_that_is_not_a_feed_fails_the_poll(
    server: LoopbackServer, collector: Collector
) -> None:
    server.route("/feed.xml", Response(body="<html><body>Please enable JavaScript</body></html>"))
    result = collector.poll(feed_source(server.url("/feed.xml")))
    assert not result.ok and result.error.startswith("not a feed")
    assert result.http_status == 200


def test_jobs_are_interleaved_by_host() -> None:
    def job(source_id: str, url: str):
        return Source(id=source_id, name=source_id, kind="feed", url=url), None

    jobs = [
        job("a1", "https://a.example/1"),
        job("a2", "https://a.example/2"),
        job("a3", "https://a.example/3"),
        job("b1", "https://b.example/1"),
        job("c1", "http://a.example/1"),
    ]  # another port: another host key
    order = [source.id for source, _ in interleave_by_host(jobs)]
    assert order == ["a1", "b1", "c1", "a2", "a3"]


def test_poll_many_yields_one_result_per_job(server: LoopbackServer) -> None:
    for n in range(12):
        items = [
            {"title": f"Story {n}-{i}", "link": f"http://example.invalid/{n}/{i}"} for i in range(3)
        ]
        server.route(f"/f{n}.xml", Response(body=rss(items), content_type="application/rss+xml"))
    server.route("/broken.xml", Response(status=500))
    sources = [
        feed_source(server.url(f"/f{n}.xml"), id=f"f{n}", fetch_pages=False) for n in range(12)
    ]
    sources.append(feed_source(server.url("/broken.xml"), id="broken"))
    with Collector(http_config=FAST, max_workers=4, parse_processes=0) as collector:
        results = {r.source_id: r for r in collector.poll_many((s, None) for s in sources)}
    assert set(results) == {s.id for s in sources}
    assert not results["broken"].ok and results["broken"].error == "HTTP 500 Internal Server Error"
    assert all(results[f"f{n}"].ok and len(results[f"f{n}"].articles) == 3 for n in range(12))
    assert {a.source_id for a in results["f7"].articles} == {"f7"}


def test_poll_many_can_be_abandoned_midway(server: LoopbackServer) -> None:
    server.route("/slow.xml", Response(body=rss([]), content_type="application/rss+xml", delay=0.2))
    sources = [feed_source(server.url("/slow.xml"), id=f"s{n}") for n in range(20)]
    with Collector(http_config=FAST, max_workers=2, parse_processes=0) as collector:
        results = collector.poll_many((s, None) for s in sources)
        first = next(results)
        results.close()  # the caller stops early: queued jobs are dropped, not polled
    assert first.ok
    assert server.hits("/slow.xml") < 20
