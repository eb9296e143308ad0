"""Article pages: fetched only for items that may matter, robots.txt honoured, summary kept."""

from __future__ import annotations

from scrapers.collect import Collector
from tests.scrapers.conftest import FAST, PREFILTER, feed_source
from tests.scrapers.server import LoopbackServer, Response, rss

ARTICLE = """<!doctype html><html lang="de"><head><title>Ministry bars chatbot | Site</title>
<link rel="canonical" href="/news/ministry-bars-chatbot?utm_source=feed">
<meta property="article:published_time" content="2026-03-02T08:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/tech">Tech</a> Subscribe to our newsletter</nav>
<article><h1>Ministry bars chatbot on official phones</h1>
<p>The interior ministry told its staff on Monday that a popular chatbot may no longer be
installed on phones issued by the ministry, citing worries about where typed text ends up.</p>
<p>Officials said the order covers every department and takes effect at once, and that
exceptions need written approval from the security office.</p>
<p>A spokesperson added that the rule will be reviewed after six months.</p></article>
<footer>Copyright notice and cookie settings</footer></body></html>"""


def site(server: LoopbackServer, robots: str | None = None) -> None:
    items = [
        {
            "title": "Ministry bans ChatGPT on work phones",
            "link": "/news/a?utm_source=rss",
            "description": "<p>A short <b>summary</b> from the feed.</p>",
            "pubDate": "Mon, 02 Mar 2026 09:30:00 GMT",
        },
        {
            "title": "Local bakery wins a prize",
            "link": "/news/b",
            "description": "Nothing about software at all.",
        },
        {"title": "Agency blocks DeepSeek", "link": "/private/c", "description": "Short."},
        {"title": "Court restricts AI chatbot", "link": "/news/missing", "description": "Brief."},
        {"title": "Insurer bans Claude", "link": "/news/report.pdf", "description": "PDF."},
    ]
    server.route("/feed.xml", Response(body=rss(items), content_type="application/rss+xml"))
    server.route("/news/a", Response(body=ARTICLE))
    server.route("/news/b", Response(body=ARTICLE))
    server.route("/private/c", Response(body=ARTICLE))
    server.route("/news/report.pdf", Response(body=b"%PDF-1.4", content_type="application/pdf"))
    if robots is not None:
        server.route("/robots.txt", Response(body=robots, content_type="text/plain"))


def test_pages_of_related_items_are_fetched_and_extracted(server: LoopbackServer) -> None:
    site(server, robots="User-agent: *\nDisallow: /private/\n")
    with Collector(http_config=FAST, prefilter=PREFILTER, parse_processes=0) as collector:
        result = collector.poll(feed_source(server.url("/feed.xml")))
    assert result.ok and result.items_seen == 5 and result.pages_fetched == 1
    by_title = {a.title: a for a in result.articles}

    fetched = by_title["Ministry bans ChatGPT on work phones"]
    assert fetched.page_fetched and fetched.page_error is None
    assert "no longer be installed" in fetched.text.replace("\n", " ")
    assert "newsletter" not in fetched.text and "cookie" not in fetched.text
    assert fetched.summary == "A short summary from the feed."
    assert fetched.url == server.url("/news/ministry-bars-chatbot")  # rel=canonical, cleaned
    assert fetched.seen_url == server.url("/news/a?utm_source=rss")
    assert fetched.language == "de"  # from <html lang>
    assert fetched.published == "2026-03-02T09:30:00Z"  # the feed's time is more precise

    unrelated = by_title["Local bakery wins a prize"]
    assert not unrelated.page_fetched and unrelated.page_error is None
    assert unrelated.text == "Nothing about software at all."
    assert server.hits("/news/b") == 0

    disallowed = by_title["Agency blocks DeepSeek"]
    assert disallowed.page_error == f"robots.txt disallows {server.url('/private/c')}"
    assert disallowed.text == "Short." and server.hits("/private/c") == 0

    missing = by_title["Court restricts AI chatbot"]
    assert missing.page_error == "HTTP 404 Not Found" and missing.text == "Brief."

    pdf = by_title["Insurer bans Claude"]
    assert pdf.page_error == "not HTML (application/pdf)" and pdf.text == "PDF."

    assert server.hits("/robots.txt") == 1  # cached for the host


def test_robots_disallow_all_blocks_every_page(server: LoopbackServer) -> None:
    site(server, robots="User-agent: offlimits\nDisallow: /\n\nUser-agent: *\nAllow: /\n")
    with Collector(http_config=FAST, prefilter=PREFILTER, parse_processes=0) as collector:
        result = collector.poll(feed_source(server.url("/feed.xml")))
    assert result.ok and result.pages_fetched == 0
    assert all(
        a.page_error is None or a.page_error.startswith("robots.txt disallows")
        for a in result.articles
    )
    assert server.hits("/news/a") == 0


def test_a_failing_robots_txt_means_no_pages_for_now(server: LoopbackServer) -> None:
    site(server)
    server.route("/robots.txt", Response(status=503))
    with Collector(http_config=FAST, prefilter=PREFILTER, parse_processes=0) as collector:
        result = collector.poll(feed_source(server.url("/feed.xml")))
    assert result.ok and result.pages_fetched == 0 and server.hits("/news/a") == 0
    errors = {a.page_error for a in result.articles if a.page_error}
    assert (
        f"robots.txt of {server.base_url} answered HTTP 503: no pages from this host for now"
        in errors
    )


def test_no_robots_txt_means_no_rules(server: LoopbackServer) -> None:
    site(server)  # /robots.txt answers 404
    with Collector(http_config=FAST, prefilter=PREFILTER, parse_processes=0) as collector:
        result = collector.poll(feed_source(server.url("/feed.xml")))
    assert result.pages_fetched == 2 and server.hits("/private/c") == 1


def test_known_urls_and_fetch_pages_false_skip_the_page(server: LoopbackServer) -> None:
    site(server)
    known = {server.url("/news/a"), server.url("/private/c")}
    with Collector(
        http_config=FAST, prefilter=PREFILTER, parse_processes=0, known_url=known.__contains__
    ) as collector:
        result = collector.poll(feed_source(server.url("/feed.xml")))
        assert result.pages_fetched == 0  # /news/missing and the PDF fail, the rest are known
        assert server.hits("/news/a") == 0 and server.hits("/private/c") == 0
        skipped = collector.poll(feed_source(server.url("/feed.xml"), fetch_pages=False))
    assert skipped.pages_fetched == 0 and server.hits("/news/missing") == 1


def test_duplicate_items_in_one_poll_are_yielded_once(server: LoopbackServer) -> None:
    items = [
        {"title": "One story", "link": "http://example.invalid/story?utm_source=a"},
        {"title": "One story again", "link": "HTTP://EXAMPLE.invalid/story/#x"},
        {"title": "Another", "link": "http://example.invalid/other?fbclid=1&b=2&a=1"},
        {"title": "No link at all"},
        {"title": "Mail link", "link": "mailto:desk@example.invalid"},
    ]
    server.route("/feed.xml", Response(body=rss(items), content_type="application/rss+xml"))
    with Collector(http_config=FAST, prefilter=PREFILTER, parse_processes=0) as collector:
        result = collector.poll(feed_source(server.url("/feed.xml")))
    assert result.items_seen == 5
    assert [a.url for a in result.articles] == [
        "http://example.invalid/story",
        "http://example.invalid/other?a=1&b=2",
    ]
    assert "2 item(s) without a usable http(s) link skipped" in result.warnings


def test_robots_crawl_delay_spaces_requests_to_the_host(server: LoopbackServer) -> None:
    site(server, robots="User-agent: *\nCrawl-delay: 1\n")
    with Collector(http_config=FAST, prefilter=PREFILTER, parse_processes=0) as collector:
        result = collector.poll(feed_source(server.url("/feed.xml")))
    assert result.pages_fetched == 2
    page_times = [r.received for r in server.requests if r.path in ("/news/a", "/private/c")]
    assert len(page_times) == 2
    assert abs(page_times[1] - page_times[0]) >= 0.9
