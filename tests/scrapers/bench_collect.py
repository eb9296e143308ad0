"""Collector throughput on loopback (a measurement, not a test; pytest does not collect it).

    .venv/bin/python -m tests.scrapers.bench_collect --feeds 1000 --items 20 --latency 0.05

Serves N synthetic RSS feeds (items with ~1 KB HTML descriptions, ETag + Last-Modified)
from a separate process, spread over many loopback addresses (127.0.0.x, 127.0.1.x), with
injected latency; then polls them all twice with `Collector.poll_many`: a full cycle and a
conditional one (all 304). Prints feeds/s, items/s and peak RSS. Storage is not included.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import time

FILLER = (
    "<p>The quarterly report of a fictional hardware maker describes shipping volumes, "
    "warehouse moves and a <a href='https://example.invalid/x'>new logistics partner</a>. "
    "Analysts quoted in the piece expect steady demand through the winter months.</p>"
)


def feed_body(feed: int, items: int) -> bytes:
    parts = [
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
        f"<title>Synthetic feed {feed}</title><link>https://feed{feed}.example.invalid/</link>"
        "<language>en</language>"
    ]
    for item in range(items):
        description = (FILLER * 3).replace("fictional", f"fictional no. {feed}-{item}")
        escaped = description.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        parts.append(
            f"<item><title>Warehouse update {feed}-{item}</title>"
            f"<link>https://feed{feed}.example.invalid/story/{item}?utm_source=rss</link>"
            f"<guid>feed{feed}-item{item}</guid><pubDate>Tue, 24 Nov 2026 10:{item % 60:02d}:00 GMT"
            f"</pubDate><description>{escaped}</description></item>"
        )
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


def addresses(count: int) -> list[str]:
    return [f"127.0.{i // 250}.{i % 250 + 2}" for i in range(count)]


def serve(
    feeds: int, items: int, hosts: int, latency: float, content_type: str, ready, stop
) -> None:
    from tests.scrapers.server import LoopbackServer, conditional

    servers = [LoopbackServer(host=host).start() for host in addresses(hosts)]
    for feed in range(feeds):
        server = servers[feed % hosts]
        handler = conditional(feed_body(feed, items), etag=f'"f{feed}"', content_type=content_type)

        def delayed(request, handler=handler):
            time.sleep(latency)
            return handler(request)

        server.route(f"/feed/{feed}.xml", delayed)
    ready.put([s.base_url for s in servers])
    stop.wait()
    for server in servers:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--hosts", type=int, default=100)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--workers", type=int, default=64, help="polling threads")
    parser.add_argument("--processes", type=int, default=None, help="parser processes")
    parser.add_argument("--per-host", type=int, default=4, help="per-host concurrency")
    parser.add_argument(
        "--feedparser",
        action="store_true",
        help="declare charset us-ascii so every feed takes the feedparser path",
    )
    args = parser.parse_args()

    from scrapers.collect import Collector, SourceState
    from scrapers.http import HttpConfig
    from scrapers.sources import Source

    charset = "us-ascii" if args.feedparser else "utf-8"
    content_type = f"application/rss+xml; charset={charset}"
    context = multiprocessing.get_context("spawn")
    ready, stop = context.Queue(), context.Event()
    server = context.Process(
        target=serve,
        args=(args.feeds, args.items, args.hosts, args.latency, content_type, ready, stop),
    )
    server.start()
    bases = ready.get(timeout=120)
    sources = [
        Source(
            id=f"feed-{n}",
            name=f"feed {n}",
            kind="feed",
            allow_private=True,
            url=f"{bases[n % args.hosts]}/feed/{n}.xml",
            fetch_pages=False,
        )
        for n in range(args.feeds)
    ]
    config = HttpConfig(per_host_delay=0.0, per_host_concurrency=args.per_host, host_delays={})
    try:
        with Collector(config, max_workers=args.workers, parse_processes=args.processes) as c:
            c._pooled.start()  # start parser processes before the clock (as a runner would)
            started, cpu = time.perf_counter(), time.process_time()
            first = list(c.poll_many((s, None) for s in sources))
            full, full_cpu = time.perf_counter() - started, time.process_time() - cpu
            states = {r.source_id: SourceState(r.etag, r.last_modified) for r in first}
            started = time.perf_counter()
            second = list(c.poll_many((s, states[s.id]) for s in sources))
            conditional_cycle = time.perf_counter() - started
    finally:
        stop.set()
        server.join()
    items = sum(len(r.articles) for r in first)
    failed = [r.error for r in first + second if not r.ok]
    rss_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rss_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"feeds={args.feeds} items/feed={args.items} hosts={args.hosts} "
        f"latency={args.latency * 1000:.0f}ms threads={args.workers} "
        f"parser processes={c._pooled.processes} "
        f"path={'feedparser' if args.feedparser else 'fast (lxml)'}"
    )
    print(
        f"full cycle:        {full:6.2f} s  {args.feeds / full:7.1f} feeds/s  "
        f"{items / full:8.0f} items/s  (collector process CPU {full_cpu:.2f} s)"
    )
    print(
        f"conditional cycle: {conditional_cycle:6.2f} s  "
        f"{args.feeds / conditional_cycle:7.1f} feeds/s  "
        f"304s: {sum(r.not_modified for r in second)}"
    )
    print(f"peak RSS: collector {rss_self:.0f} MB, largest child {rss_children:.0f} MB")
    print(f"failures: {len(failed)} {failed[:3]}")


if __name__ == "__main__":
    main()
