"""Every feed of feedparser's test corpus, served from loopback, polled without a crash.

The corpus lives in ../shared/corpora/feeds (see its README); skipped when absent.
"""

from __future__ import annotations

import json

import pytest

from scrapers.collect import Collector
from scrapers.sources import Source
from tests.scrapers.conftest import fast_config
from tests.scrapers.corpus import FEEDS as CORPUS
from tests.scrapers.corpus import fixture_headers
from tests.scrapers.server import LoopbackServer, Response

pytestmark = pytest.mark.skipif(
    not (CORPUS / "manifest.json").is_file(), reason="../shared/corpora/feeds is absent"
)


def corpus_files() -> list[dict]:
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    return manifest["files"]


def test_every_corpus_feed_is_polled_without_an_exception() -> None:
    files = corpus_files()
    assert len(files) >= 150
    with LoopbackServer() as server:
        jobs = []
        for index, entry in enumerate(files):
            data = (CORPUS / entry["path"]).read_bytes()
            path = "/" + entry["path"]
            server.route(
                path, Response(body=data, content_type=None, headers=fixture_headers(data))
            )
            source = Source(
                id=f"corpus-{index}",
                name=entry["path"],
                kind="feed",
                url=server.url(path),
                allow_private=True,
                fetch_pages=False,
            )
            jobs.append((source, None))
        by_id = {source.id: entry for (source, _), entry in zip(jobs, files, strict=True)}
        # More jobs than the pool threshold: feeds are parsed in worker processes.
        with Collector(http_config=fast_config(), max_workers=8) as collector:
            results = list(collector.poll_many(jobs))
    assert len(results) == len(files)
    crashed = [
        (by_id[r.source_id]["path"], r.error)
        for r in results
        if r.error and r.error.startswith("unexpected error")
    ]
    assert crashed == []
    wellformed = [r for r in results if by_id[r.source_id]["kind"] == "wellformed"]
    assert len(wellformed) == 51
    empty = [by_id[r.source_id]["path"] for r in wellformed if not (r.ok and r.items_seen >= 1)]
    assert empty == []  # every well-formed fixture holds at least one item
    assert sum(1 for r in results if r.ok) >= 140


def test_fixture_headers_are_read_from_the_comment() -> None:
    data = (CORPUS / "encoding/http_application_atom_xml_charset.xml").read_bytes()
    assert fixture_headers(data) == {"Content-type": "application/atom+xml;charset='us-ascii'"}
