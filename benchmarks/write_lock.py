"""Benchmark: how long storing one poll of huge items holds the database's write lock.

    python benchmarks/write_lock.py [--pages 3] [--chars 100000]

A loopback feed links `--pages` article pages of `--chars` characters without a sentence
break (the worst case for the extractor); the real collector fetches them and the real
pipeline stores the poll into a fresh SQLite file. Meanwhile a second connection tries
`BEGIN IMMEDIATE` (no busy timeout) every 10 ms; the longest run of refusals is the longest
time another writer (`offlimits sources`, a curator's edit) would have been locked out.
Target (issue 11.5): well under a second, however long the extraction takes.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from offlimits.pipeline import Pipeline  # noqa: E402
from scrapers.collect import Collector  # noqa: E402
from scrapers.sources import SourceList  # noqa: E402
from tests.scrapers.conftest import PREFILTER, fast_config, feed_source  # noqa: E402
from tests.scrapers.server import LoopbackServer, Response, rss  # noqa: E402

WORDS = ("the ministry said the chatbot ChatGPT was blocked on phones in Italy and Taiwan "
         "banned DeepSeek ")


def longest_refusal(db: Path, stop: threading.Event, longest: list[float]) -> None:
    other = sqlite3.connect(db, timeout=0, isolation_level=None)
    since = None
    while not stop.is_set():
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            if since is not None:
                longest[0], since = max(longest[0], time.monotonic() - since), None
        except sqlite3.OperationalError:
            since = since or time.monotonic()
        time.sleep(0.01)
    if since is not None:
        longest[0] = max(longest[0], time.monotonic() - since)
    other.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=3)
    parser.add_argument("--chars", type=int, default=100_000)
    args = parser.parse_args()
    text = (WORDS * (args.chars // len(WORDS) + 1))[:args.chars]
    db = Path(tempfile.mkdtemp(prefix="offlimits-lock-")) / "offlimits.db"
    items = [{"title": f"Ministry bans chatbot {i}", "link": f"/p{i}",
              "description": "ChatGPT banned."} for i in range(args.pages)]
    with LoopbackServer() as server:
        server.route("/feed.xml", Response(body=rss(items), content_type="application/rss+xml"))
        for i in range(args.pages):
            server.route(f"/p{i}", Response(body=f"<html><body><article><p>Story {i}. {text}"
                                                 "</p></article></body></html>"))
        collector = Collector(http_config=fast_config(), prefilter=PREFILTER, parse_processes=0)
        pipeline = Pipeline(db, SourceList([feed_source(server.url("/feed.xml"))], PREFILTER),
                            collector=collector)
        try:
            pipeline.prepare(None)
            result = collector.poll(pipeline.sources["test-feed"])
            stop, longest = threading.Event(), [0.0]
            probe = threading.Thread(target=longest_refusal, args=(db, stop, longest))
            probe.start()
            started = time.monotonic()
            stats = pipeline.store(result)
            took = time.monotonic() - started
            stop.set()
            probe.join()
        finally:
            pipeline.close()
    print(f"{result.pages_fetched} pages of {args.chars:,} characters: store {took:.2f} s, "
          f"{stats.items_new} new, {stats.events} event reports; longest write-lock hold "
          f"seen by another writer: {longest[0]:.2f} s")


if __name__ == "__main__":
    main()
