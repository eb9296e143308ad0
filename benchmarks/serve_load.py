"""Benchmark: timeline latency while clients loop slow public SQL against a served Datasette.

    python benchmarks/serve_load.py [--reuse] [--articles 100000] [--events 10000]
                                    [--clients 6] [--requests 60]

Builds (or with --reuse, keeps) benchmarks/out/serve_load.db with benchmarks/serve.py's
synthetic data, starts the real `offlimits serve` in a second process on 127.0.0.1, then
times /-/timeline from one client: first alone, then while `--clients` threads each loop a
slow public SQL query (one that runs until the SQL time limit stops it) over /offlimits.json.
Prints the timeline's median, p95 and max for both phases and what the SQL clients got.
Target: timeline p95 <= 200 ms under that load (issue 11.9).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from serve import OUT, build_database, free_port, percentile, start_server  # noqa: E402

#: Counts to infinity: only the SQL time limit ends it; a full core while it runs.
SLOW_SQL = ("with recursive n(x) as (select 1 union all select x + 1 from n) "
            "select count(*) from n")
TARGET_P95_MS = 200.0


def timeline_timings(client: httpx.Client, requests: int) -> tuple[list[float], Counter]:
    timings, statuses = [], Counter()
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get("/-/timeline")
        timings.append((time.perf_counter() - start) * 1000)
        statuses[response.status_code] += 1
    return timings, statuses


def slow_sql_loop(base_url: str, stop: threading.Event, statuses: Counter,
                  timings: list[float], lock: threading.Lock) -> None:
    with httpx.Client(base_url=base_url, timeout=60) as client:
        while not stop.is_set():
            start = time.perf_counter()
            try:
                status = client.get("/offlimits.json", params={"sql": SLOW_SQL}).status_code
            except httpx.HTTPError as exc:
                status = type(exc).__name__
            with lock:
                statuses[status] += 1
                timings.append((time.perf_counter() - start) * 1000)


def row(label: str, timings: list[float]) -> str:
    return (f"| {label} | {len(timings)} | {statistics.median(timings):.0f} | "
            f"{percentile(timings, 0.95):.0f} | {max(timings):.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", action="store_true", help="keep an existing database")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=6, help="threads looping slow SQL")
    parser.add_argument("--requests", type=int, default=60, help="timed timeline requests")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / "serve_load.db"
    if not (args.reuse and db.exists()):
        start = time.perf_counter()
        build_database(db, args.articles, args.events)
        print(f"built {db} ({args.articles:,} articles, {args.events:,} events) in "
              f"{time.perf_counter() - start:.0f} s", file=sys.stderr)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    server = start_server(db, port)
    stop, lock = threading.Event(), threading.Lock()
    sql_statuses: Counter = Counter()
    sql_timings: list[float] = []
    try:
        with httpx.Client(base_url=base_url, timeout=60) as client:
            timeline_timings(client, 5)  # warm up
            alone, alone_statuses = timeline_timings(client, args.requests)
            clients = [threading.Thread(target=slow_sql_loop,
                                        args=(base_url, stop, sql_statuses, sql_timings, lock))
                       for _ in range(args.clients)]
            for thread in clients:
                thread.start()
            time.sleep(2.0)  # let the slow queries fill whatever they can
            loaded, loaded_statuses = timeline_timings(client, args.requests)
            stop.set()
            for thread in clients:
                thread.join(timeout=120)
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"{args.clients} clients looping: {SLOW_SQL}")
    print()
    print("| /-/timeline | requests | p50 ms | p95 ms | max ms |")
    print("| --- | ---: | ---: | ---: | ---: |")
    print(row("alone", alone))
    print(row(f"while {args.clients} clients loop slow SQL", loaded))
    print()
    print(f"timeline statuses: alone {dict(alone_statuses)}, loaded {dict(loaded_statuses)}")
    print(f"slow SQL requests: {sum(sql_statuses.values())}, statuses {dict(sql_statuses)}, "
          f"p50 {statistics.median(sql_timings):.0f} ms" if sql_timings else "no SQL requests")
    p95 = percentile(loaded, 0.95)
    if p95 > TARGET_P95_MS or set(loaded_statuses) != {200}:
        print(f"MISSED: timeline p95 {p95:.0f} ms under load (target <= {TARGET_P95_MS:.0f} ms)"
              f"; statuses {dict(loaded_statuses)}")


if __name__ == "__main__":
    main()
