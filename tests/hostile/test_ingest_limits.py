"""What one hostile poll can bring in is capped and cleaned before it is stored
(issue 11.2, 11.10, 11.11, 11.12): real loopback server, real pipeline, real SQLite file."""

import json
from dataclasses import replace

from scrapers.ingest import DEFAULT_LIMITS
from scrapers.sources import Source
from tests.hostile.collecting import pipeline, rows
from tests.scrapers.conftest import feed_source
from tests.scrapers.server import LoopbackServer, Response, rss

RSS = "application/rss+xml; charset=utf-8"


def page(title: str, body: str) -> Response:
    return Response(body=f"<html><head><title>{title}</title></head><body><article>"
                         f"<h1>{title}</h1><p>{body}</p></article></body></html>")


def test_a_lone_surrogate_in_a_gdelt_title_is_stored_clean(tmp_path):
    # JSON may spell a lone surrogate; Python decodes it, SQLite cannot encode it.
    body = ('{"articles": [{"url": "http://news.invalid/a", "title": "Ministry bans '
            'ChatGPT \\ud800on phones", "seendate": "20260220T063400Z", "language": "English"},'
            ' {"url": "http://news.invalid/b", "title": "Ordinary \\udfff\\u0001 title",'
            ' "seendate": "20260221T063400Z"}]}')
    with LoopbackServer() as server:
        server.route("/gdelt", Response(body=body, content_type="application/json"))
        source = Source(id="gdelt", name="GDELT", kind="search", engine="gdelt",
                        query="chatgpt ban", params={"endpoint": server.url("/gdelt")},
                        allow_private=True, fetch_pages=False)
        with pipeline(tmp_path / "o.db", [source]) as running:
            stats = running.run_cycle(["gdelt"]).polls[0]
    assert stats.ok, stats.error
    polls = rows(tmp_path / "o.db", "SELECT status, items_seen, items_new, warnings FROM polls")
    assert [p[:3] for p in polls] == [("ok", 2, 2)]
    assert "invalid Unicode removed" in polls[0][3]
    titles = sorted(t for (t,) in rows(tmp_path / "o.db", "SELECT title FROM articles"))
    assert titles == ["Ministry bans ChatGPT on phones", "Ordinary  title"]


def test_items_and_page_fetches_per_poll_are_capped(tmp_path):
    items = [{"title": f"Agency bans chatbot number {i}", "link": f"/item/{i}",
              "description": "The agency blocked the chatbot."} for i in range(40)]
    limits = replace(DEFAULT_LIMITS, max_items_per_poll=12, max_pages_per_poll=5)
    with LoopbackServer() as server:
        server.route("/feed.xml", Response(body=rss(items), content_type=RSS))
        for i in range(40):
            server.route(f"/item/{i}", page(f"Agency bans chatbot {i}",
                                            f"Story {i}: the agency blocked the chatbot."))
        with pipeline(tmp_path / "o.db", [feed_source(server.url("/feed.xml"))],
                      limits=limits) as running:
            stats = running.run_cycle(["test-feed"]).polls[0]
        fetched = sum(server.hits(f"/item/{i}") for i in range(40))
    assert stats.ok and fetched == 5
    assert rows(tmp_path / "o.db", "SELECT count(*) FROM articles") == [(12,)]
    assert rows(tmp_path / "o.db", "SELECT count(*) FROM articles WHERE page_fetched") == [(5,)]
    (warnings,), = rows(tmp_path / "o.db", "SELECT warnings FROM polls")
    assert "max_items_per_poll" in warnings and "max_pages_per_poll" in warnings


def test_dates_outside_the_sane_window_are_stored_unknown(tmp_path):
    dates = {"far": "Fri, 31 Dec 9999 23:59:59 GMT", "early": "Mon, 01 Jan 0001 00:00:00 GMT",
             "old": "Sat, 01 Jan 1955 00:00:00 GMT", "fine": "Tue, 24 Nov 2026 10:00:00 GMT"}
    items = [{"title": f"Agency bans chatbot ({name})", "link": f"http://news.invalid/{name}",
              "pubDate": when} for name, when in dates.items()]
    atom = ("<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            "<title>t</title><id>urn:t</id><updated>2026-11-24T10:00:00Z</updated>"
            "<entry><title>Atom item</title><id>urn:a</id><link href='http://news.invalid/atom'/>"
            "<updated>0001-01-01T00:00:00Z</updated></entry></feed>")
    with LoopbackServer() as server:
        server.route("/feed.xml", Response(body=rss(items), content_type=RSS))
        server.route("/atom.xml", Response(body=atom, content_type="application/atom+xml"))
        # a body the fast path refuses (not UTF-8) goes through feedparser
        latin = rss(items).replace("utf-8", "iso-8859-1").replace("invalid/", "invalid/latin-")
        server.route("/latin.xml", Response(body=latin.encode("latin-1"),
                                            content_type="application/xml"))
        sources = [feed_source(server.url(p), id=p.strip("/.xml"), fetch_pages=False)
                   for p in ("/feed.xml", "/atom.xml", "/latin.xml")]
        with pipeline(tmp_path / "o.db", sources) as running:
            summary = running.run_cycle([s.id for s in sources])
    assert summary.sources_ok == 3
    stored = dict(rows(tmp_path / "o.db", "SELECT url, published FROM articles"))
    expected = {"far": None, "early": None, "old": None, "fine": "2026-11-24T10:00:00Z"}
    assert stored == {"http://news.invalid/atom": None,
                      **{f"http://news.invalid/{name}": when for name, when in expected.items()},
                      **{f"http://news.invalid/latin-{name}": when
                         for name, when in expected.items()}}
    assert not rows(tmp_path / "o.db", "SELECT 1 FROM articles WHERE published LIKE '2001%'"
                    " OR published LIKE '9999%'")


def test_stored_text_is_cut_to_the_length_caps(tmp_path):
    huge_title = "Agency bans chatbot " + "very " * 400  # ~2,000 characters
    huge_summary = "The agency blocked the chatbot. " * 600  # ~19,000 characters
    huge_page = "<p>" + "</p><p>".join(f"Paragraph {i} says the agency blocked the chatbot."
                                       for i in range(6000)) + "</p>"  # ~300,000 characters
    items = [{"title": huge_title, "link": "/big", "description": huge_summary}]
    with LoopbackServer() as server:
        server.route("/feed.xml", Response(body=rss(items), content_type=RSS))
        server.route("/big", Response(body=f"<html><body><article>{huge_page}</article>"
                                           "</body></html>"))
        with pipeline(tmp_path / "o.db", [feed_source(server.url("/feed.xml"))]) as running:
            stats = running.run_cycle(["test-feed"]).polls[0]
    assert stats.ok and stats.pages_fetched == 1
    (title, summary, text), = rows(tmp_path / "o.db",
                                   "SELECT title, summary, text FROM articles")
    assert len(title) == DEFAULT_LIMITS.max_title_chars
    assert len(summary) == DEFAULT_LIMITS.max_summary_chars
    assert 0.9 * DEFAULT_LIMITS.max_text_chars < len(text) <= DEFAULT_LIMITS.max_text_chars
    (warnings,), = rows(tmp_path / "o.db", "SELECT warnings FROM polls")
    assert "cut to the length caps" in " ".join(json.loads(warnings))
