"""HTML listings by CSS selectors; Google News and GDELT searches served from loopback."""

from __future__ import annotations

import json
from urllib.parse import parse_qs

from scrapers.collect import Collector
from scrapers.search import gdelt_date, gdelt_language, search_url
from scrapers.sources import Source
from tests.scrapers.conftest import FAST, PREFILTER
from tests.scrapers.server import LoopbackServer, Response, rss

LISTING = """<!doctype html><html lang="it"><head><title>Notices</title>
<base href="/notices/"></head><body>
<ul class="menu"><li><a href="/about">About us</a></li></ul>
<ul class="notices">
 <li class="notice"><a href="2026/chatbot-order.html">Order on a chatbot service</a>
   <time datetime="2026-01-30T10:00:00+01:00">30 January</time>
   <p class="lead">The authority limits processing by a chatbot.</p></li>
 <li class="notice"><a href="/other/annual-report">Annual report</a>
   <time>12 March 2025</time></li>
 <li class="notice"><span>An entry without a link</span></li>
</ul></body></html>"""


def listing_source(server: LoopbackServer) -> Source:
    return Source(
        id="regulator",
        name="Regulator",
        kind="html",
        url=server.url("/notices/"),
        allow_private=True,
        fetch_pages=False,
        language="it",
        selectors={
            "item": "ul.notices li.notice",
            "link": "a",
            "title": "a",
            "date": "time",
            "summary": "p.lead",
        },
    )


def test_a_listing_is_scraped_by_selectors(server: LoopbackServer) -> None:
    server.route("/notices/", Response(body=LISTING))
    with Collector(http_config=FAST, parse_processes=0) as collector:
        result = collector.poll(listing_source(server))
    assert result.ok and result.items_seen == 2
    first, second = result.articles
    assert first.url == server.url("/notices/2026/chatbot-order.html")  # <base> applied
    assert first.title == "Order on a chatbot service"
    assert first.published == "2026-01-30T09:00:00Z"
    assert first.summary == "The authority limits processing by a chatbot."
    assert first.language == "it"
    assert second.url == server.url("/other/annual-report") and second.published == "2025-03-12"
    assert "1 item(s) without a link skipped" in result.warnings
    assert server.hits("/robots.txt") == 1  # listings are pages: robots.txt is asked


def test_a_listing_disallowed_by_robots_is_not_fetched(server: LoopbackServer) -> None:
    server.route("/notices/", Response(body=LISTING))
    server.route("/robots.txt", Response(body="User-agent: *\nDisallow: /notices/\n"))
    with Collector(http_config=FAST, parse_processes=0) as collector:
        result = collector.poll(listing_source(server))
    assert not result.ok and result.error.startswith("robots.txt disallows")
    assert server.hits("/notices/") == 0


def test_a_listing_whose_selectors_match_nothing_fails_clearly(server: LoopbackServer) -> None:
    server.route("/notices/", Response(body="<html><body><p>Redesigned!</p></body></html>"))
    with Collector(http_config=FAST, parse_processes=0) as collector:
        result = collector.poll(listing_source(server))
    assert result.ok and result.items_seen == 0
    assert "no items matched selector 'ul.notices li.notice' with a link" in result.warnings


def google_source(server: LoopbackServer) -> Source:
    return Source(
        id="gnews-test",
        name="Google News test",
        kind="search",
        engine="google_news",
        query='"Claude Code" ban',
        allow_private=True,
        fetch_pages=False,
        params={
            "hl": "en-GB",
            "gl": "GB",
            "ceid": "GB:en",
            "when": "7d",
            "endpoint": server.url("/rss/search"),
        },
    )


def test_google_news_search_url() -> None:
    source = Source(
        id="g",
        name="g",
        kind="search",
        engine="google_news",
        query="DeepSeek (ban OR blocks)",
        params={"when": "7d"},
    )
    assert search_url(source) == (
        "https://news.google.com/rss/search?q=DeepSeek%20%28ban%20OR%20blocks%29%20when:7d"
        "&hl=en-US&gl=US&ceid=US:en"
    )


def test_gdelt_search_url() -> None:
    source = Source(
        id="g",
        name="g",
        kind="search",
        engine="gdelt",
        query='"Claude Code" ban',
        params={"timespan": "1d", "maxrecords": 250},
    )
    assert search_url(source) == (
        "https://api.gdeltproject.org/api/v2/doc/doc?query=%22Claude%20Code%22%20ban"
        "&mode=artlist&format=json&maxrecords=250&timespan=1d&sort=datedesc"
    )


def test_google_news_search_from_loopback(server: LoopbackServer) -> None:
    feed = rss(
        [
            {
                "title": "Retailer bans Claude Code for contractors - Example Times",
                "link": "https://news.google.com/rss/articles/CBMiexample?oc=5",
                "pubDate": "Tue, 24 Nov 2026 08:15:00 GMT",
                "description": '<a href="https://example.invalid/x">Retailer bans tool</a>',
            }
        ],
        title='"Claude Code" ban - Google News',
    )
    server.route("/rss/search", Response(body=feed, content_type="application/xml"))
    with Collector(http_config=FAST, prefilter=PREFILTER, parse_processes=0) as collector:
        result = collector.poll(google_source(server))
    assert result.ok and result.items_seen == 1
    query = parse_qs(server.requests_for("/rss/search")[0].query)
    assert query == {
        "q": ['"Claude Code" ban when:7d'],
        "hl": ["en-GB"],
        "gl": ["GB"],
        "ceid": ["GB:en"],
    }
    article = result.articles[0]
    assert article.published == "2026-11-24T08:15:00Z"
    assert article.summary == "Retailer bans tool"
    assert article.url == "https://news.google.com/rss/articles/CBMiexample?oc=5"


GDELT_JSON = {
    "articles": [
        {
            "url": "https://news.example.invalid/agency-blocks-chatbot",
            "url_mobile": "",
            "title": "Agency blocks chatbot app on staff devices",
            "seendate": "20260220T063400Z",
            "socialimage": "",
            "domain": "news.example.invalid",
            "language": "English",
            "sourcecountry": "United States",
        },
        {
            "url": "https://zeitung.example.invalid/verbot",
            "title": "Behörde sperrt Chatbot",
            "seendate": "20260221T120000Z",
            "domain": "zeitung.example.invalid",
            "language": "German",
            "sourcecountry": "Germany",
        },
        {"title": "an entry without a url"},
    ]
}


def gdelt_source(server: LoopbackServer, **params: object) -> Source:
    return Source(
        id="gdelt-test",
        name="GDELT test",
        kind="search",
        engine="gdelt",
        query="chatbot (ban OR blocks)",
        allow_private=True,
        fetch_pages=False,
        params={"endpoint": server.url("/api/v2/doc/doc"), **params},
    )


def test_gdelt_json_from_loopback(server: LoopbackServer) -> None:
    server.route(
        "/api/v2/doc/doc",
        Response(body=json.dumps(GDELT_JSON), content_type="application/json; charset=utf-8"),
    )
    with Collector(http_config=FAST, parse_processes=0) as collector:
        result = collector.poll(gdelt_source(server, timespan="24h"))
    assert result.ok and result.items_seen == 2
    assert [(a.url, a.published, a.language) for a in result.articles] == [
        ("https://news.example.invalid/agency-blocks-chatbot", "2026-02-20T06:34:00Z", "en"),
        ("https://zeitung.example.invalid/verbot", "2026-02-21T12:00:00Z", "de"),
    ]
    assert "1 GDELT record(s) unusable (no url or not JSON) skipped" in result.warnings
    query = parse_qs(server.requests_for("/api/v2/doc/doc")[0].query)
    assert query["mode"] == ["artlist"] and query["format"] == ["json"]
    assert query["query"] == ["chatbot (ban OR blocks)"] and query["timespan"] == ["24h"]


def test_gdelt_rss_format_goes_through_the_feed_parser(server: LoopbackServer) -> None:
    feed = rss([{"title": "Agency blocks chatbot", "link": "https://n.example.invalid/a"}])
    server.route("/api/v2/doc/doc", Response(body=feed, content_type="application/rss+xml"))
    with Collector(http_config=FAST, parse_processes=0) as collector:
        result = collector.poll(gdelt_source(server, format="rss"))
    assert result.ok and [a.url for a in result.articles] == ["https://n.example.invalid/a"]


def test_a_gdelt_error_message_is_reported(server: LoopbackServer) -> None:
    message = "Your search contained a keyword that was too short."
    server.route("/api/v2/doc/doc", Response(body=message, content_type="text/html"))
    with Collector(http_config=FAST, parse_processes=0) as collector:
        result = collector.poll(gdelt_source(server))
    assert not result.ok and message in result.error


def test_gdelt_field_helpers() -> None:
    assert gdelt_date("20260220T063400Z") == "2026-02-20T06:34:00Z"
    assert gdelt_date("yesterday") is None
    assert gdelt_language("English") == "en" and gdelt_language("Chinese") == "zh"
    assert gdelt_language("Klingonese") is None
