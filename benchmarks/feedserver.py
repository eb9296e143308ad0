"""A fast loopback feed server for benchmarks: many addresses, injected latency, ETags.

Run as a subprocess: `python benchmarks/feedserver.py --hosts 250 --feeds 1000 --latency 0.05`
prints one JSON line {"port": ..., "hosts": [...]} when ready, then serves until killed.
Every feed is generated from templates written for this benchmark (no real text).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import random
import sys
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

WORDS = (
    "harbour", "council", "market", "bridge", "rainfall", "festival", "library", "orchestra",
    "tram", "vineyard", "museum", "bakery", "regatta", "cyclists", "allotment", "ferry",
    "lighthouse", "choir", "marathon", "orchard", "pottery", "glacier", "meadow", "quarry",
    "tavern", "carnival",
)


def paragraph(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def make_feed(n: int, host: str, port: int) -> bytes:
    """An RSS 2.0 feed of 20-25 items with ~1 KB HTML descriptions."""
    rng = random.Random(n)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    items = []
    for i in range(rng.randint(20, 25)):
        desc = "".join(f"<p>{paragraph(rng, 28)} <a href='/x/{i}'>more</a></p>" for _ in range(4))
        when = format_datetime(now - timedelta(hours=i * 3 + n % 7))
        link = f"http://{host}:{port}/story/{n}/{i}.html?utm_source=rss"
        items.append(
            f"<item><title>{paragraph(rng, 8)}</title><link>{link}</link>"
            f"<guid>{link}</guid><pubDate>{when}</pubDate>"
            f"<description><![CDATA[{desc}]]></description></item>")
    return ("<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
            f"<title>Feed {n}</title><link>http://{host}:{port}/</link>"
            "<description>synthetic</description>" + "".join(items) +
            "</channel></rss>").encode()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hosts", type=int, default=250)
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--content-type", default="application/rss+xml",
                        help="e.g. 'text/xml; charset=us-ascii' sends every feed to feedparser")
    args = parser.parse_args()
    hosts = [f"127.0.{1 + i // 250}.{1 + i % 250}" for i in range(args.hosts)]
    feeds: dict[tuple[str, str], tuple[bytes, str]] = {}
    servers = []
    port = None

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        host = writer.get_extra_info("sockname")[0]
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                path = lines[0].split(" ")[1].split("?")[0]
                headers = {k.lower(): v.strip() for k, _, v in
                           (line.partition(":") for line in lines[1:] if line)}
                await asyncio.sleep(args.latency)
                body, etag = feeds.get((host, path), (b"", ""))
                if not body:
                    status, body, extra = "404 Not Found", b"missing", ""
                elif headers.get("if-none-match") == etag:
                    status, body, extra = "304 Not Modified", b"", f"ETag: {etag}\r\n"
                else:
                    status, extra = "200 OK", f"ETag: {etag}\r\n"
                writer.write(
                    f"HTTP/1.1 {status}\r\nContent-Type: {args.content_type}\r\n{extra}"
                    f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    first = await asyncio.start_server(handle, hosts[0], 0)
    port = first.sockets[0].getsockname()[1]
    servers.append(first)
    for host in hosts[1:]:
        servers.append(await asyncio.start_server(handle, host, port))
    for n in range(args.feeds):
        host = hosts[n % len(hosts)]
        body = make_feed(n, host, port)
        feeds[(host, f"/feed/{n}.xml")] = (body, '"' + hashlib.sha1(body).hexdigest()[:16] + '"')
    urls = [f"http://{hosts[n % len(hosts)]}:{port}/feed/{n}.xml" for n in range(args.feeds)]
    sizes = [len(b) for b, _ in feeds.values()]
    print(json.dumps({"port": port, "urls": urls, "mean_feed_bytes": sum(sizes) // len(sizes)}),
          flush=True)
    await asyncio.gather(*(s.serve_forever() for s in servers))


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
