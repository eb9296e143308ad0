# ruff: noqa: E501 (the fixture keeps the feed lines as long as Google serves them)
"""Google News items: outlet from `<source url>`, no " - Outlet" suffix, one story once.

The fixture has the shape of a real Google News RSS search answer (guid isPermaLink=false,
description holding a link and a <font> with the outlet, <source url>); the words are ours.
"""

from __future__ import annotations

import json
from pathlib import Path

from offlimits.pipeline import Pipeline
from scrapers.collect import Collector
from scrapers.googlenews import strip_outlet_suffix
from scrapers.sources import load_sources, parse_sources
from scrapers.stories import StoryIndex, normalised_title, story_key
from tests.scrapers.conftest import FAST, REPO
from tests.scrapers.server import LoopbackServer, Response

GNEWS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>
<generator>NFE/5.0</generator><title>"DeepSeek" ban - Google News</title>
<link>https://news.google.com/search?q=DeepSeek+ban&amp;hl=en-US&amp;gl=US&amp;ceid=US:en</link>
<language>en-US</language><webMaster>news-webmaster@google.com</webMaster>
<copyright>2026 Google LLC</copyright><lastBuildDate>Mon, 23 Nov 2026 09:00:00 GMT</lastBuildDate>
<description>Google News</description>
<item><title>Province orders DeepSeek off state phones - Harbour Daily</title>
<link>https://news.google.com/rss/articles/CBMiAAAexample1?oc=5</link>
<guid isPermaLink="false">CBMiAAAexample1</guid><pubDate>Mon, 23 Nov 2026 07:10:00 GMT</pubDate>
<description>&lt;a href="https://news.google.com/rss/articles/CBMiAAAexample1?oc=5" target="_blank"&gt;Province orders DeepSeek off state phones&lt;/a&gt;&amp;nbsp;&amp;nbsp;&lt;font color="#6f6f6f"&gt;Harbour Daily&lt;/font&gt;</description>
<source url="https://www.harbourdaily.example">Harbour Daily</source></item>
<item><title>Why the ban - and the backlash - keep growing - Tech Ledger</title>
<link>https://news.google.com/rss/articles/CBMiAAAexample2?oc=5</link>
<guid isPermaLink="false">CBMiAAAexample2</guid><pubDate>Mon, 23 Nov 2026 06:00:00 GMT</pubDate>
<description>&lt;a href="https://news.google.com/rss/articles/CBMiAAAexample2?oc=5"&gt;Why the ban&lt;/a&gt;</description>
<source url="https://techledger.example">Tech Ledger</source></item>
</channel></rss>"""


def sources_text(server: LoopbackServer) -> str:
    return f"""
prefilter: {{ai_terms: [DeepSeek], restriction_terms: [ban]}}
sources:
  - {{id: gnews, name: Google News, kind: search, engine: google_news, query: "DeepSeek ban",
     allow_private: true, fetch_pages: false,
     params: {{endpoint: "{server.url('/rss/search')}"}}}}
  - {{id: gdelt, name: GDELT, kind: search, engine: gdelt, query: "DeepSeek ban",
     allow_private: true, fetch_pages: false,
     params: {{endpoint: "{server.url('/api/v2/doc/doc')}"}}}}
"""


GDELT = {"articles": [{
    "url": "https://www.harbourdaily.example/news/2026/11/23/deepseek-state-phones",
    "title": "Province orders DeepSeek off state phones", "seendate": "20261123T073000Z",
    "domain": "harbourdaily.example", "language": "English", "sourcecountry": "Canada"}]}


def serve(server: LoopbackServer) -> None:
    server.route("/rss/search", Response(body=GNEWS, content_type="application/xml"))
    server.route("/api/v2/doc/doc", Response(body=json.dumps(GDELT),
                                             content_type="application/json"))


def test_outlet_kept_and_suffix_stripped(server: LoopbackServer) -> None:
    serve(server)
    source_list = parse_sources(sources_text(server))
    with Collector(http_config=FAST, parse_processes=0) as collector:
        result = collector.poll(source_list.get("gnews"))
    assert result.ok and result.items_seen == 2
    first, second = result.articles
    assert first.title == "Province orders DeepSeek off state phones"
    assert first.outlet == "harbourdaily.example"
    assert first.summary == "Province orders DeepSeek off state phones"
    assert second.title == "Why the ban - and the backlash - keep growing"  # inner dashes stay
    assert second.outlet == "techledger.example"


def test_the_same_story_from_gdelt_and_google_news_is_stored_once(
        tmp_path: Path, server: LoopbackServer) -> None:
    serve(server)
    source_list = parse_sources(sources_text(server))
    pipeline = Pipeline(tmp_path / "o.db", source_list, collector=Collector(
        http_config=FAST, prefilter=source_list.prefilter, parse_processes=0))
    try:
        pipeline.prepare()
        pipeline.run_cycle(["gdelt"])
        pipeline.run_cycle(["gnews"])
        articles = list(pipeline.db.query("SELECT url, source_id FROM articles ORDER BY id"))
        sightings = list(pipeline.db.query(
            "SELECT a.url, s.source_id, s.seen_url FROM article_sightings s "
            "JOIN articles a ON a.id = s.article_id ORDER BY s.source_id"))
    finally:
        pipeline.close()
    assert len(articles) == 2  # 3 items, 2 stories
    assert articles[0]["url"].endswith("/news/2026/11/23/deepseek-state-phones")
    assert articles[0]["source_id"] == "gdelt"
    assert articles[1]["url"] == "https://news.google.com/rss/articles/CBMiAAAexample2?oc=5"
    same = [s for s in sightings if s["url"].endswith("/deepseek-state-phones")]
    assert sorted(s["source_id"] for s in same) == ["gdelt", "gnews"]
    assert any(s["seen_url"].startswith("https://news.google.com/") for s in same)


def test_story_keys() -> None:
    assert normalised_title("Ministère: l'IA « bloquée »!") == "ministere l ia bloquee"
    a = story_key("Province orders DeepSeek off state phones", "www.harbourdaily.example")
    b = story_key("PROVINCE orders DeepSeek off state-phones", "harbourdaily.example")
    assert a == b and a is not None
    assert story_key("Province orders DeepSeek off state phones", "other.example") != a
    assert story_key("Ban", "harbourdaily.example") is None  # too short to tell apart


def test_the_story_window_ends() -> None:
    index = StoryIndex(window=60)
    index.resolve("k", "https://outlet.example/a", now=0)
    assert index.resolve("k", "https://news.google.com/rss/articles/x", now=30) \
        == "https://outlet.example/a"
    assert index.resolve("k", "https://news.google.com/rss/articles/y", now=100) \
        == "https://news.google.com/rss/articles/y"


def test_suffix_only_when_it_names_the_outlet() -> None:
    assert strip_outlet_suffix("Ban stays - for now", "Harbour Daily") == "Ban stays - for now"
    assert strip_outlet_suffix("Ban stays – Harbour Daily", "Harbour Daily") == "Ban stays"


def test_google_news_ships_disabled_with_its_terms_stated() -> None:
    sources = load_sources(REPO / "data" / "sources.yml").sources
    google = [s for s in sources if s.engine == "google_news"]
    assert google and all(not s.enabled for s in google)
    assert all(s.disabled_reason and "robots.txt" in s.disabled_reason
               and "personal" in s.disabled_reason for s in google)
