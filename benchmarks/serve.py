"""Benchmark: the served site on a big synthetic database, measured from a second process.

    python benchmarks/serve.py [--reuse] [--articles 1000000] [--events 100000] [--requests 30]

Builds (or with --reuse, keeps) benchmarks/out/serve.db with the real schema (open_store) and
bulk inserts, starts the real `offlimits serve` configuration in a second process on
127.0.0.1, and times pages over loopback with bounded request loops. Prints a markdown table
(page, p50, p95, max) and checks that the streamed CSV of the `timeline` view is complete.
Targets: p95 <= 100 ms for every page and search; the full events CSV in <= 5 s.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from offlimits.store import open_store  # noqa: E402
from offlimits.store.events import DERIVED_UPDATE  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
ACTIONS = ["ban", "restrict", "suspend", "lift", "investigate", "warn"]
ACTION_WEIGHTS = [30, 30, 10, 10, 12, 8]
WORDS = [
    "agency", "staff", "chatbot", "model", "government", "ministry", "company", "school",
    "university", "data", "privacy", "security", "device", "policy", "employees", "access",
    "users", "service", "region", "order", "rule", "review", "report", "regulator", "court",
    "bank", "hospital", "app", "tool", "assistant", "generative", "network", "cloud", "export",
    "market",
]
COMMON_WORD = "policy"  # in every synthetic text: the worst case for full-text search


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    words.insert(rng.randrange(len(words)), COMMON_WORD)
    return " ".join(words).capitalize() + "."


def event_uid(event_id: int) -> str:
    """A stable id in the shape of events.uid (its page is /-/events/<uid>)."""
    return f"b{event_id:09d}"


def event_pages(path: Path) -> dict[str, str]:
    """Event pages to time: the event with the most reports and a middle one (uids given to
    a database built before events had them)."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("UPDATE events SET uid = 'b' || printf('%09d', id) WHERE uid IS NULL")
        conn.commit()
        busiest = conn.execute(
            "SELECT uid FROM events ORDER BY article_count DESC, id LIMIT 1").fetchone()[0]
        middle = conn.execute("SELECT uid FROM events ORDER BY id LIMIT 1 OFFSET "
                              "(SELECT count(*) / 2 FROM events)").fetchone()[0]
    finally:
        conn.close()
    return {"event page (most reports)": f"/-/events/{busiest}",
            "event page": f"/-/events/{middle}",
            "event page .json": f"/-/events/{middle}.json",
            "changes.atom, one event": f"/-/changes.atom?event={middle}"}


def build_database(path: Path, n_articles: int, n_events: int, seed: int = 7) -> None:
    """Fill a fresh database at `path` with synthetic sources, articles, entities and events."""
    rng = random.Random(seed)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = open_store(path)
    conn = db.conn
    # Bulk load: one transaction, the article FTS trigger off and the index rebuilt once.
    trigger_sql = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'articles_ai'"
    ).fetchone()[0]
    conn.execute("DROP TRIGGER articles_ai")
    conn.execute("BEGIN")
    codes = ["US", "CN", "IT", "DE", "FR", "GB", "JP", "KR", "AU", "IN", "BR", "CA", "ES",
             "NL", "SE", "RU", "IR", "TW", "SG", "EU"]
    regions = [(code, f"Region {code}") for code in codes]
    conn.executemany("INSERT INTO regions (code, name) VALUES (?, ?)", regions)
    vendors = [(f"vendor-{i}", f"Vendor {i}", "vendor", rng.choice(codes), None, "[]")
               for i in range(40)]
    products = [(f"product-{i}", f"Product {i}", "product", None, f"vendor-{i % 40}",
                 json.dumps([f"P{i}"])) for i in range(160)]
    actors = [(f"actor-{i}", f"Actor {i}", rng.choice(["company", "government", "regulator",
                                                        "school"]), rng.choice(codes), None, "[]")
              for i in range(3000)]
    conn.executemany(
        "INSERT INTO entities (id, name, type, country, vendor_id, aliases) "
        "VALUES (?, ?, ?, ?, ?, ?)", vendors + products + actors)
    conn.executemany(
        "INSERT INTO sources (id, name, kind, url, interval_minutes, last_status, "
        "consecutive_failures) VALUES (?, ?, 'feed', ?, 60, 'ok', 0)",
        [(f"src-{i}", f"Outlet {i}", f"https://outlet{i}.example/feed") for i in range(200)])
    batch = []
    for i in range(1, n_articles + 1):
        day = f"{rng.randint(2022, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        batch.append((i, f"https://outlet{i % 200}.example/a/{i}", sentence(rng, 7),
                      sentence(rng, 12), sentence(rng, 30), day, day, f"src-{i % 200}",
                      f"{day}T08:00:00Z", 1 if i % 10 == 0 else 0))
        if len(batch) == 50_000:
            conn.executemany(
                "INSERT INTO articles (id, url, title, summary, text, published, "
                "published_date, source_id, first_seen_at, relevant) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch)
            batch = []
    if batch:
        conn.executemany(
            "INSERT INTO articles (id, url, title, summary, text, published, published_date, "
            "source_id, first_seen_at, relevant) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch)
    events, event_regions, event_articles, fts = [], [], [], []
    for event_id in range(1, n_events + 1):
        vendor = rng.randrange(40)
        product = f"product-{vendor + 40 * rng.randrange(4)}" if rng.random() < 0.6 else None
        actor = f"actor-{int(rng.paretovariate(1.2)) % 3000}"
        year, month = rng.randint(2022, 2026), rng.randint(1, 12)
        precision = rng.choices(["day", "month", "year"], [85, 12, 3])[0]
        date = {"day": f"{year}-{month:02d}-{rng.randint(1, 28):02d}",
                "month": f"{year}-{month:02d}", "year": f"{year}"}[precision]
        action = rng.choices(ACTIONS, ACTION_WEIGHTS)[0]
        event_codes = rng.sample(codes, rng.choice([1, 1, 1, 2]))
        summary = sentence(rng, 10)
        created = f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}T10:00:00Z"
        events.append((event_id, event_uid(event_id), actor, f"vendor-{vendor}", product, action,
                       json.dumps(event_codes), date, precision,
                       date[:7] if precision != "year" else None, year,
                       "verified" if event_id % 20 == 0 else "extracted", summary, created,
                       created))
        event_regions += [(event_id, code) for code in event_codes]
        evidence = []
        for article_id in rng.sample(range(1, n_articles + 1), rng.randint(1, 3)):
            text = sentence(rng, 14)
            evidence.append(text)
            event_articles.append((event_id, article_id, text))
        names = f"Actor {actor[6:]} Vendor {vendor}"
        if product:
            names += f" Product {product[8:]}"
        fts.append((event_id, names, summary, " ".join(evidence)))
    conn.executemany(
        "INSERT INTO events (id, uid, actor_id, vendor_id, product_id, action, regions, date, "
        "date_precision, month, year, status, summary, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", events)
    conn.executemany("INSERT INTO event_regions (event_id, region) VALUES (?, ?)", event_regions)
    conn.executemany(
        "INSERT OR IGNORE INTO event_articles (event_id, article_id, evidence) VALUES (?, ?, ?)",
        event_articles)
    conn.executemany(
        "INSERT INTO events_fts (rowid, names, summary, evidence) VALUES (?, ?, ?, ?)", fts)
    conn.execute(DERIVED_UPDATE)  # evidence, article_count, source_urls, as the store keeps them
    conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")
    conn.execute(trigger_sql)
    conn.execute("COMMIT")
    # No ANALYZE: the pipeline's databases have no statistics either.
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def start_server(db: Path, port: int) -> subprocess.Popen:
    """`offlimits serve DB` in a second process; returns once it answers."""
    code = (
        "import sys; from offlimits.commands.serve import serve; "
        "serve.main(args=sys.argv[1:], standalone_mode=True)"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(db), "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/-/versions.json", timeout=2)
            return proc
        except httpx.TransportError:
            if proc.poll() is not None:
                raise SystemExit("offlimits serve exited before answering") from None
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("offlimits serve did not answer within 60 s")


def time_page(client: httpx.Client, path: str, requests: int) -> tuple[list[float], int]:
    """Wall-clock milliseconds of `requests` GETs (after 2 warm-ups), and the failures."""
    for _ in range(2):
        client.get(path)
    timings, failures = [], 0
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
        failures += response.status_code != 200
    return timings, failures


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", action="store_true", help="keep an existing database")
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page")
    parser.add_argument("--csv-runs", type=int, default=3)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / "serve.db"
    if not (args.reuse and db.exists()):
        start = time.perf_counter()
        build_database(db, args.articles, args.events)
        print(f"built {db} ({args.articles:,} articles, {args.events:,} events) in "
              f"{time.perf_counter() - start:.0f} s", file=sys.stderr)
    events = event_pages(db)
    port = free_port()
    server = start_server(db, port)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            pages = {
                "timeline": "/-/timeline",
                "timeline, vendor filter": "/-/timeline?vendor=vendor-3",
                "timeline, page 50": "/-/timeline?page=50",
                "timeline, text search": f"/-/timeline?q={COMMON_WORD}",
                "entity page (vendor)": "/-/entities/vendor-3",
                "entity page (busiest actor)": "/-/entities/actor-1",
                "events table, faceted": "/offlimits/events",
                "search_events (common word)": f"/offlimits/search_events?q={COMMON_WORD}",
                "search_articles (common word)":
                    f"/offlimits/search_articles?q={COMMON_WORD}",
                "new_events.atom": "/offlimits/new_events.atom?days=400",
                "events_for_vendor": "/offlimits/events_for_vendor?vendor=vendor-3",
                "timeline, year range": "/-/timeline?date_from=2024&date_to=2024",
                "timeline, status+action": "/-/timeline?status=verified&action=ban",
                "timeline, actor by part of name": "/-/timeline?actor=Actor%201",
                "timeline.json, vendor": "/-/timeline.json?vendor=vendor-3",
                "timeline.atom, vendor+region": "/-/timeline.atom?vendor=vendor-3&region=US",
                "timeline.ics, vendor": "/-/timeline.ics?vendor=vendor-3",
                "entity index": "/-/entities",
                "new_events.atom, vendor+region":
                    "/offlimits/new_events.atom?days=400&vendor=vendor-3&region=US",
                **events,
            }
            rows = []
            for label, path in pages.items():
                timings, failures = time_page(client, path, args.requests)
                rows.append((label, timings, failures))
            csv_timings, csv_rows = [], 0
            custom_csv_timings, custom_csv_rows = [], 0
            for _ in range(args.csv_runs):
                start = time.perf_counter()
                response = client.get("/-/timeline.csv")
                custom_csv_timings.append((time.perf_counter() - start) * 1000)
                response.raise_for_status()
                custom_csv_rows = sum(1 for _ in csv.reader(io.StringIO(response.text))) - 1
            for _ in range(args.csv_runs):
                start = time.perf_counter()
                response = client.get("/offlimits/timeline.csv?_stream=on")
                csv_timings.append((time.perf_counter() - start) * 1000)
                response.raise_for_status()
                csv_rows = sum(1 for _ in csv.reader(io.StringIO(response.text))) - 1
    finally:
        server.terminate()
        server.wait(timeout=10)
    print("| page | p50 ms | p95 ms | max ms |")
    print("| --- | ---: | ---: | ---: |")
    failed = []
    for label, timings, failures in rows:
        p95 = percentile(timings, 0.95)
        if failures:
            failed.append(f"{label}: {failures} of {len(timings)} requests did not answer 200")
        print(f"| {label} | {statistics.median(timings):.0f} | {p95:.0f} | {max(timings):.0f} |")
        if p95 > 100:
            failed.append(f"{label}: p95 {p95:.0f} ms > 100 ms")
    print(f"| timeline.csv?_stream=on ({csv_rows:,} rows) | {statistics.median(csv_timings):.0f} "
          f"| {percentile(csv_timings, 0.95):.0f} | {max(csv_timings):.0f} |")
    print(f"| /-/timeline.csv ({custom_csv_rows:,} rows) | "
          f"{statistics.median(custom_csv_timings):.0f} "
          f"| {percentile(custom_csv_timings, 0.95):.0f} | {max(custom_csv_timings):.0f} |")
    if custom_csv_rows != args.events or max(custom_csv_timings) > 5000:
        failed.append(f"/-/timeline.csv: {custom_csv_rows:,} rows in "
                      f"{max(custom_csv_timings):.0f} ms (expected {args.events:,}, <= 5000)")
    if csv_rows != args.events:
        failed.append(f"CSV has {csv_rows:,} rows, expected {args.events:,}")
    if max(csv_timings) > 5000:
        failed.append(f"CSV took {max(csv_timings):.0f} ms > 5000 ms")
    for line in failed:
        print(f"MISSED: {line}")


if __name__ == "__main__":
    main()
