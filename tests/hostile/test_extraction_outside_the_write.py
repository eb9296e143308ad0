"""Extraction runs before the poll's write transaction opens, so a slow item never holds
the write lock (issue 11.5); text without sentence breaks costs linear time; the evidence
the store receives is bounded."""

import sqlite3
import time

import offlimits.pipeline as pipeline_module
from offlimits.extract import extract, load_gazetteer
from offlimits.extract.model import ArticleText, Event, Extraction
from offlimits.extract.sentences import MAX_SENTENCE_CHARS
from offlimits.pipeline import MAX_EVIDENCE_CHARS, bounded_evidence
from tests.hostile.collecting import pipeline, rows
from tests.scrapers.conftest import feed_source
from tests.scrapers.server import LoopbackServer, Response, rss

WORDS = "the ministry said the chatbot ChatGPT was blocked on phones in Italy and "


def feed_of(count: int) -> str:
    return rss([{"title": f"Italy's ministry bans ChatGPT on phones ({i})",
                 "link": f"http://news.invalid/{i}",
                 "description": f"Italy's ministry banned ChatGPT on its phones on Monday, "
                                f"story {i} said."} for i in range(count)])


def test_another_writer_gets_through_while_items_are_extracted(tmp_path, monkeypatch):
    db = tmp_path / "o.db"
    seen: list[tuple[bool, str]] = []

    def extract_while_another_writes(article, gazetteer):
        # The real extractor runs; meanwhile another connection writes with a short timeout.
        with sqlite3.connect(db, timeout=1.0) as other:
            try:
                other.execute("UPDATE sources SET name = name || ''")
                outcome = "written"
            except sqlite3.OperationalError as exc:
                outcome = str(exc)
        seen.append((running.db.conn.in_transaction, outcome))
        return extract(article, gazetteer)

    monkeypatch.setattr(pipeline_module, "extract", extract_while_another_writes)
    with LoopbackServer() as server:
        server.route("/feed.xml", Response(body=feed_of(3), content_type="application/rss+xml"))
        with pipeline(db, [feed_source(server.url("/feed.xml"), fetch_pages=False)]) as running:
            stats = running.run_cycle(["test-feed"]).polls[0]
    assert stats.ok and stats.items_new == 3
    assert seen == [(False, "written")] * 3
    assert stats.relevant == 3 and stats.events >= 1
    assert rows(db, "SELECT count(*) FROM articles WHERE extracted_at IS NOT NULL") == [(3,)]


def test_a_known_item_is_not_extracted_again(tmp_path, monkeypatch):
    db = tmp_path / "o.db"
    calls: list[str] = []

    def counting(article, gazetteer):
        calls.append(article.title)
        return extract(article, gazetteer)

    monkeypatch.setattr(pipeline_module, "extract", counting)
    with LoopbackServer() as server:
        server.route("/feed.xml", Response(body=feed_of(2), content_type="application/rss+xml"),
                     Response(body=feed_of(4), content_type="application/rss+xml"))
        with pipeline(db, [feed_source(server.url("/feed.xml"), fetch_pages=False)]) as running:
            first = running.run_cycle(["test-feed"]).polls[0]
            second = running.run_cycle(["test-feed"]).polls[0]
    assert (first.items_new, second.items_new, second.items_duplicate) == (2, 2, 2)
    assert len(calls) == 4 and len(set(calls)) == 4


def sentence_less(size: int) -> str:
    return (WORDS * (size // len(WORDS) + 1))[:size]


def extraction_cost(size: int, gazetteer) -> float:
    article = ArticleText(id="x", title="Ministry bans chatbot", text=sentence_less(size))
    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        extract(article, gazetteer)
        best = min(best, time.perf_counter() - started)
    return best


def test_text_without_sentence_breaks_costs_linear_time():
    gazetteer = load_gazetteer()
    extraction_cost(1000, gazetteer)  # warm caches
    ratio = extraction_cost(85_000, gazetteer) / extraction_cost(10_000, gazetteer)
    assert ratio < 25, f"8.5x the text cost {ratio:.0f}x the time"


FILLER = "and the regulator said the service had collected data without a legal basis "


def test_the_evidence_the_store_receives_is_bounded(tmp_path, monkeypatch):
    db = tmp_path / "o.db"
    received: list[str] = []
    real_save = pipeline_module.save_extraction

    def recording(db_, article_id, extraction, **kwargs):
        received.extend(event.evidence for event in extraction.events)
        return real_save(db_, article_id, extraction, **kwargs)

    monkeypatch.setattr(pipeline_module, "save_extraction", recording)
    endless = "Italy's data protection authority banned ChatGPT on Monday " + FILLER * 80
    long_list = ("Companies that have restricted ChatGPT in " + "their offices and " * 30
                 + "include:\nApple - " + "a note " * 16 + "\nSamsung Electronics\n")
    pages = {"/long": endless, "/list": long_list}
    items = [{"title": "News from the regulator", "link": path,
              "description": "A chatbot restricted."} for path in pages]  # passes the prefilter
    with LoopbackServer() as server:
        server.route("/feed.xml", Response(body=rss(items), content_type="application/rss+xml"))
        for path, text in pages.items():
            paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines())
            server.route(path, Response(body=f"<html><body><article>{paragraphs}</article>"
                                             "</body></html>"))
        with pipeline(db, [feed_source(server.url("/feed.xml"))]) as running:
            stats = running.run_cycle(["test-feed"]).polls[0]
    assert stats.pages_fetched == 2
    assert len(received) >= 2, "too few events extracted: the test proves nothing"
    assert max(map(len, received)) <= MAX_EVIDENCE_CHARS
    stored = [e for (e,) in rows(db, "SELECT evidence FROM event_articles")]
    assert stored and max(map(len, stored)) <= MAX_EVIDENCE_CHARS
    assert MAX_EVIDENCE_CHARS >= MAX_SENTENCE_CHARS  # one whole sentence always fits


def test_evidence_longer_than_the_cap_is_cut_at_a_word():
    long = Event(action="ban", evidence="Italy banned ChatGPT " + FILLER * 100)
    short = Event(action="ban", evidence="Italy banned ChatGPT.")
    extraction = Extraction(relevant=True, score=0.9, reasons=("trigger:banned",),
                            events=(long, short))
    bounded = bounded_evidence(extraction)
    cut, kept = bounded.events
    assert len(cut.evidence) <= MAX_EVIDENCE_CHARS and cut.evidence.endswith("\u2026")
    assert long.evidence.startswith(cut.evidence[:-1]) and cut.evidence[-2] != " "
    assert long.evidence[len(cut.evidence) - 1] == " "  # cut between words
    assert kept == short and (bounded.relevant, bounded.reasons) == (True, ("trigger:banned",))
    assert bounded_evidence(Extraction(relevant=True, score=1.0, events=(short,))).events == (
        short,)
