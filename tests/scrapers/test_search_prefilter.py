"""Search hits always reach the extractor; the prefilter speaks every extractor language."""

from __future__ import annotations

import json
from pathlib import Path

from offlimits.extract.lang import LANG_DIR, load_lexicon
from offlimits.pipeline import Pipeline
from scrapers.collect import Collector
from scrapers.lexicon import LEXICON_FILE, lexicon_terms, render_lexicon
from scrapers.sources import load_sources, parse_sources
from tests.scrapers.conftest import FAST, REPO
from tests.scrapers.server import LoopbackServer, Response

# Headlines a query selected that name no restriction word of the prefilter's English list.
HEADLINES = [
    "Seoul pulls DeepSeek from app stores",
    "Watchdog orders DeepSeek to stop processing user data",
    "Taipei tells agencies not to use DeepSeek",
]


def sources_text(server: LoopbackServer) -> str:
    endpoint = server.url("/api/v2/doc/doc")
    return f"""
prefilter: {{ai_terms: [DeepSeek, chatbot], restriction_terms: [ban, bans, banned]}}
sources:
  - {{id: gdelt-deepseek, name: GDELT DeepSeek, kind: search, engine: gdelt,
     query: "DeepSeek (ban OR stop)", allow_private: true, fetch_pages: false,
     params: {{endpoint: "{endpoint}"}}}}
  - {{id: a-feed, name: A feed, kind: feed, url: "{server.url('/feed.xml')}",
     allow_private: true, fetch_pages: false}}
"""


def test_search_hits_are_extracted_whatever_their_title(tmp_path: Path,
                                                        server: LoopbackServer) -> None:
    answer = {"articles": [{"url": f"https://n{i}.example.invalid/a", "title": title,
                            "seendate": "20261120T101500Z", "domain": f"n{i}.example.invalid",
                            "language": "English", "sourcecountry": "Taiwan"}
                           for i, title in enumerate(HEADLINES)]}
    server.route("/api/v2/doc/doc", Response(body=json.dumps(answer),
                                             content_type="application/json"))
    source_list = parse_sources(sources_text(server))
    assert not any(source_list.prefilter.matches(t) for t in HEADLINES)  # a feed would drop them
    pipeline = Pipeline(tmp_path / "o.db", source_list, collector=Collector(
        http_config=FAST, prefilter=source_list.prefilter, parse_processes=0))
    try:
        pipeline.prepare()
        summary = pipeline.run_cycle(["gdelt-deepseek"])
        rows = list(pipeline.db.query(
            "SELECT title, extractor_version FROM articles ORDER BY id"))
    finally:
        pipeline.close()
    assert summary.polls[0].items_new == 3
    assert [r["title"] for r in rows] == HEADLINES
    # the extractor ran on each (screened-out rows carry the version 'prefilter')
    assert all(r["extractor_version"] not in (None, "prefilter") for r in rows)


def test_feed_items_still_go_through_the_prefilter(server: LoopbackServer) -> None:
    from tests.scrapers.server import rss

    server.route("/feed.xml", Response(body=rss([
        {"title": HEADLINES[0], "link": "https://n.example.invalid/1"},
        {"title": "Ministry bans DeepSeek", "link": "https://n.example.invalid/2"},
    ]), content_type="application/rss+xml"))
    source_list = parse_sources(sources_text(server))
    with Collector(http_config=FAST, prefilter=source_list.prefilter,
                   parse_processes=0) as collector:
        result = collector.poll(source_list.get("a-feed"))
    assert [a.may_matter for a in result.articles] == [False, True]


def test_the_generated_lexicon_matches_the_extractor_languages() -> None:
    """Fails when a language file changed and `offlimits sources lexicon` was not rerun."""
    expected = {p.stem: load_lexicon(p.stem).prefilter_terms
                for p in sorted(LANG_DIR.glob("*.yml"))}
    assert LEXICON_FILE.read_text(encoding="utf-8") == render_lexicon(expected)
    assert set(lexicon_terms()) == set(expected) >= {"de", "fr", "ja", "ko", "zh"}


def test_every_language_restriction_word_passes_the_shipped_prefilter() -> None:
    prefilter = load_sources(REPO / "data" / "sources.yml").prefilter
    missed = [(code, term) for code, terms in lexicon_terms().items() for term in terms
              if not prefilter.matches(f"DeepSeek {term}")]
    assert missed == []
    # and a restriction word in a language the YAML list never named
    assert prefilter.matches("ChatGPT: Behörde untersagt den Einsatz")
    assert prefilter.matches("DeepSeek 下架")


def test_the_lexicon_command_regenerates_the_same_file() -> None:
    """`offlimits sources lexicon` writes what the drift test expects (here: nothing new)."""
    from click.testing import CliRunner

    from offlimits.cli import main

    before = LEXICON_FILE.read_bytes()
    result = CliRunner().invoke(main, ["sources", "lexicon"])
    assert result.exit_code == 0, result.output
    assert "unchanged" in result.output and "10 languages" in result.output
    assert LEXICON_FILE.read_bytes() == before
