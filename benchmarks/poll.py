"""Benchmark: one full polling cycle and a second, conditional one, through the real pipeline.

    python benchmarks/poll.py [--feeds 1000] [--hosts 250] [--latency 0.05]

Serves N synthetic feeds (20-25 items, ~1 KB HTML descriptions) from a second process on
loopback addresses with injected latency, polls them with the real pipeline (fetch, parse,
store in SQLite), then polls again (all 304). Prints feeds/s, items/s and peak RSS.
Targets on a 2-core machine: 1,000 feeds in <= 10 s, the 304 cycle in <= 2 s, RSS <= 300 MB.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from offlimits.pipeline import Pipeline  # noqa: E402
from scrapers.collect import Collector  # noqa: E402
from scrapers.http import HttpConfig  # noqa: E402
from scrapers.sources import load_sources  # noqa: E402


def write_sources(path: Path, urls: list[str]) -> Path:
    lines = ["prefilter:", "  ai_terms: [AI, ChatGPT, Claude, DeepSeek]",
             "  restriction_terms: [ban, bans, banned, restrict, block]", "sources:"]
    lines += [f"  - {{id: feed-{n}, name: Feed {n}, kind: feed, url: '{url}', "
              "allow_private: true}" for n, url in enumerate(urls)]
    path.write_text("\n".join(lines) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=250)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--workers", type=int, default=64)
    parser.add_argument("--feedparser", action="store_true",
                        help="declare a non-UTF-8 charset so every feed takes feedparser's path "
                             "instead of the fast reader for plain UTF-8 feeds")
    args = parser.parse_args()
    content_type = ("text/xml; charset=us-ascii" if args.feedparser
                    else "application/rss+xml; charset=utf-8")
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "benchmarks" / "feedserver.py"), "--feeds", str(args.feeds),
         "--hosts", str(args.hosts), "--latency", str(args.latency),
         "--content-type", content_type],
        stdout=subprocess.PIPE, text=True)
    try:
        ready = json.loads(server.stdout.readline())
        with tempfile.TemporaryDirectory() as tmp:
            source_list = load_sources(write_sources(Path(tmp) / "s.yml", ready["urls"]))
            config = HttpConfig(per_host_delay=0.0, per_host_concurrency=4, retries=0)
            collector = Collector(http_config=config, prefilter=source_list.prefilter,
                                  max_workers=args.workers)
            pipeline = Pipeline(Path(tmp) / "bench.db", source_list, collector=collector)
            pipeline.prepare()
            rows = []
            for label in ("first cycle (200)", "second cycle (304)"):
                started = time.perf_counter()
                summary = pipeline.run_cycle(due_only=False)
                seconds = time.perf_counter() - started
                rows.append((label, seconds, summary))
            articles = pipeline.db["articles"].count
            pipeline.close()
    finally:
        server.terminate()
        server.wait()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{args.feeds} feeds on {args.hosts} loopback hosts, {args.latency * 1000:.0f} ms "
          f"latency, mean feed {ready['mean_feed_bytes'] / 1024:.1f} KB, {args.workers} workers, "
          f"{'feedparser' if args.feedparser else 'fast reader'}")
    print("| cycle | seconds | feeds/s | items/s | ok | not modified | failed | new items |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, seconds, s in rows:
        print(f"| {label} | {seconds:.2f} | {len(s.polls) / seconds:.0f} | "
              f"{s.total('items_seen') / seconds:.0f} | {s.sources_ok} | "
              f"{s.total('not_modified')} | {s.sources_failed} | {s.total('items_new')} |")
    children_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"articles stored: {articles}; peak RSS: {rss_mb:.0f} MB in this process, "
          f"{children_mb:.0f} MB in the largest child (feed parser workers, the feed server)")
    failed = [s for _, _, s in rows if s.sources_failed]
    if failed:
        print("errors:", failed[0].errors[:5])


if __name__ == "__main__":
    main()
