"""The whole corpus of feedparser's test feeds through the real pipeline into SQLite: every
poll stored, nothing crashes the run (skipped when ../shared is absent)."""

from __future__ import annotations

import json
import sqlite3

import pytest

from offlimits.pipeline import Pipeline
from scrapers.collect import Collector
from scrapers.prefilter import Prefilter
from scrapers.sources import Source, SourceList
from tests.scrapers.conftest import fast_config
from tests.scrapers.corpus import FEEDS as CORPUS
from tests.scrapers.corpus import fixture_headers
from tests.scrapers.server import LoopbackServer, Response

pytestmark = pytest.mark.skipif(
    not (CORPUS / "manifest.json").is_file(), reason="../shared/corpora/feeds is absent")


def test_every_corpus_feed_is_stored_by_one_run(tmp_path):
    files = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))["files"]
    prefilter = Prefilter(ai_terms=("AI", "ChatGPT"), restriction_terms=("ban", "block"))
    with LoopbackServer() as server:
        sources = []
        for index, entry in enumerate(files):
            data = (CORPUS / entry["path"]).read_bytes()
            path = "/" + entry["path"]
            server.route(path, Response(body=data, content_type=None,
                                        headers=fixture_headers(data)))
            sources.append(Source(id=f"corpus-{index}", name=entry["path"], kind="feed",
                                  url=server.url(path), allow_private=True, fetch_pages=False))
        source_list = SourceList(sources=sources, prefilter=prefilter)
        db_path = tmp_path / "corpus.db"
        pipeline = Pipeline(db_path, source_list, collector=Collector(
            http_config=fast_config(), prefilter=prefilter, max_workers=8))
        try:
            pipeline.prepare()
            summary = pipeline.run_cycle(due_only=False)
        finally:
            pipeline.close()
    assert len(summary.polls) == len(files)
    assert summary.sources_ok >= 140
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM polls").fetchone()[0] == len(files)
    assert conn.execute("SELECT count(*) FROM polls WHERE status = 'running'").fetchone()[0] == 0
    # every well-formed fixture holds an item: stored, or skipped with the reason recorded
    # (fixtures without an http(s) link cannot be keyed by URL)
    accounted = conn.execute(
        "SELECT count(*) FROM polls WHERE status = 'ok' AND ("
        " source_id IN (SELECT source_id FROM article_sightings)"
        " OR warnings LIKE '%without a usable http(s) link skipped%')").fetchone()[0]
    assert accounted >= 51
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] >= 25
    conn.close()
