"""The address and kind fixes of data/sources.yml, exercised on loopback copies."""

from __future__ import annotations

import json

import pytest

from scrapers.collect import Collector
from scrapers.sources import Source, SourceError, load_sources, parse_sources
from tests.scrapers.conftest import FAST, REPO
from tests.scrapers.server import LoopbackServer, Response

# The shape of the Anthropic news listing: each card a link holding a category label
# before its heading and a date (our own words).
ANTHROPIC_LISTING = """<!doctype html><html lang="en"><body><main>
<a href="/news/regional-sales-update" class="card">
  <span class="label">Announcements</span><h3 class="title">An update on regional sales</h3>
  <div class="post-date">Sep 5, 2025</div></a>
<a href="/news/model-research-note" class="card">
  <span class="label">Science</span><h3 class="title">A note on model research</h3>
  <div class="post-date">Aug 1, 2025</div></a>
</main></body></html>"""


def test_anthropic_titles_are_headings_not_categories(server: LoopbackServer) -> None:
    shipped = load_sources(REPO / "data" / "sources.yml").get("anthropic-news")
    server.route("/news", Response(body=ANTHROPIC_LISTING))
    source = Source(id="anthropic-news", name="A", kind="html", url=server.url("/news"),
                    selectors=shipped.selectors, allow_private=True, fetch_pages=False)
    with Collector(http_config=FAST, parse_processes=0) as collector:
        result = collector.poll(source)
    assert [a.title for a in result.articles] == ["An update on regional sales",
                                                  "A note on model research"]
    assert result.articles[0].published == "2025-09-05"


FEDERAL_REGISTER = {
    "count": 2, "total_pages": 1,
    "results": [
        {"title": "Export Controls on Certain Model Weights", "type": "Rule",
         "abstract": "The Bureau revises  controls on\nmodel weights.",
         "document_number": "2026-01234", "html_url":
         "https://www.federalregister.gov/documents/2026/01/15/2026-01234/export-controls",
         "pdf_url": "https://www.govinfo.gov/content/pkg/FR-2026-01-15/pdf/2026-01234.pdf",
         "publication_date": "2026-01-15",
         "agencies": [{"name": "Industry and Security Bureau",
                       "slug": "industry-and-security-bureau"}]},
        {"title": "A result without its page", "type": "Notice"},
    ],
}


def test_bis_rules_come_from_the_federal_register_api(server: LoopbackServer) -> None:
    server.route("/api/v1/documents.json", Response(body=json.dumps(FEDERAL_REGISTER),
                                                    content_type="application/json"))
    source = Source(id="bis", name="BIS", kind="search", engine="federal_register",
                    allow_private=True, fetch_pages=False,
                    params={"endpoint": server.url("/api/v1/documents.json"),
                            "agencies": "industry-and-security-bureau", "type": "RULE"})
    with Collector(http_config=FAST, parse_processes=0) as collector:
        result = collector.poll(source)
    assert result.ok and result.items_seen == 1
    article = result.articles[0]
    assert article.title == "Export Controls on Certain Model Weights"
    assert article.summary == "The Bureau revises controls on model weights."
    assert article.published == "2026-01-15" and article.outlet == "federalregister.gov"
    assert "1 Federal Register result(s) without html_url skipped" in result.warnings
    query = server.requests_for("/api/v1/documents.json")[0].query
    assert "conditions[agencies][]=industry-and-security-bureau" in query
    assert "conditions[type][]=RULE" in query and "order=newest" in query


BASE = "prefilter: {ai_terms: [AI], restriction_terms: [ban]}\nsources:\n"


def test_a_disabled_reason_disables() -> None:
    sources = parse_sources(BASE + "  - {id: a, kind: feed, url: 'https://a.example/f',"
                                   " disabled_reason: 'terms forbid it'}\n")
    assert not sources.get("a").enabled and sources.get("a").disabled_reason == "terms forbid it"


def test_a_disabled_reason_with_enabled_true_is_an_error() -> None:
    with pytest.raises(SourceError, match=r"source 'a': enabled must not be true"):
        parse_sources(BASE + "  - {id: a, kind: feed, url: 'https://a.example/f',"
                             " enabled: true, disabled_reason: x}\n")


def test_a_federal_register_source_needs_no_query() -> None:
    sources = parse_sources(BASE + "  - {id: b, kind: search, engine: federal_register,"
                                   " params: {agencies: industry-and-security-bureau}}\n")
    assert sources.get("b").query is None
    with pytest.raises(SourceError, match="query is required"):
        parse_sources(BASE + "  - {id: g, kind: search, engine: gdelt}\n")
