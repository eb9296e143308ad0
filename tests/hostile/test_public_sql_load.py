"""Visitors looping slow SQL cannot slow the timeline for everyone (issue 11.9).

A real Datasette configured as `offlimits serve` does, over its ASGI app: a visitor's SQL
runs one query at a time, under a shorter time limit, and beyond a short queue is a 429.
Latency under load with a served site and six clients: benchmarks/serve_load.py.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from urllib.parse import quote

import pytest

from offlimits.web.app import build_datasette
from offlimits.web.sql_guard import (
    PUBLIC_SQL_TIME_LIMIT_MS,
    PUBLIC_SQL_WAITING,
    public_sql_query,
)
from tests.web.conftest import build_fixture_database

SLOW = ("with recursive n(i) as (select 1 union all select i + 1 from n) "
        "select count(*) from n")
SLOW_SQL = "/offlimits.json?sql=" + quote(SLOW)


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory):
    return build_fixture_database(tmp_path_factory.mktemp("sql-load") / "offlimits.db")


@pytest.fixture
def datasette(fixture_db):
    return build_datasette(fixture_db)  # a fresh app (and gate) per test


async def timed(ds, path: str) -> tuple[float, int, str]:
    started = time.perf_counter()
    response = await ds.client.get(path)
    return time.perf_counter() - started, response.status_code, response.text


def test_a_visitors_query_stops_at_the_shorter_limit_even_if_it_asks_for_more(datasette):
    took, status, text = asyncio.run(timed(datasette, SLOW_SQL + "&_timelimit=5000"))
    assert status == 400 and "interrupted" in text.lower()
    assert PUBLIC_SQL_TIME_LIMIT_MS / 1000 <= took < datasette.setting("sql_time_limit_ms") / 1000


def test_a_slow_where_on_a_table_is_limited_too(datasette):
    where = quote(f"id in ({SLOW})")
    took, status, _ = asyncio.run(timed(datasette, f"/offlimits/articles.json?_where={where}"))
    assert status == 400 and took < datasette.setting("sql_time_limit_ms") / 1000


def test_ordinary_sql_still_answers_what_the_database_holds(datasette, fixture_db):
    with sqlite3.connect(fixture_db) as conn:
        events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    _, status, text = asyncio.run(timed(
        datasette, "/offlimits.json?_shape=array&sql=" + quote("select count(*) as n from events")))
    assert status == 200 and text == f'[{{"n": {events}}}]'


def test_the_timeline_answers_while_visitors_loop_slow_sql(datasette):
    async def scenario():
        stop = asyncio.Event()
        outcomes: list[int] = []

        async def visitor():
            while not stop.is_set():
                outcomes.append((await timed(datasette, SLOW_SQL))[1])

        visitors = [asyncio.create_task(visitor()) for _ in range(6)]
        await asyncio.sleep(0.5)  # the slow queries are running
        timeline = [await timed(datasette, "/-/timeline") for _ in range(5)]
        stop.set()
        await asyncio.gather(*visitors)
        return timeline, outcomes

    timeline, outcomes = asyncio.run(scenario())
    assert all(status == 200 and "Italian watchdog" in text for _, status, text in timeline)
    # With Datasette's three SQL threads all held by visitors, each page waited ~1 s or more.
    assert max(took for took, _, _ in timeline) < 0.6
    assert outcomes and set(outcomes) == {400}  # six fit in the queue: none refused


def test_a_flood_beyond_the_queue_is_told_to_come_back(datasette):
    async def flood():
        return await asyncio.gather(*(datasette.client.get(SLOW_SQL)
                                      for _ in range(PUBLIC_SQL_WAITING + 4)))

    responses = asyncio.run(flood())
    busy = [r for r in responses if r.status_code == 429]
    assert len(busy) >= 3
    assert all(r.headers["retry-after"] == "5" and "one query at a time" in r.json()["error"]
               for r in busy)
    assert {r.status_code for r in responses} == {400, 429}


@pytest.mark.parametrize(("path", "query", "expected"), [
    ("/offlimits", "sql=select+1", "sql=select+1&_timelimit=250"),
    ("/offlimits.csv", "sql=select+1&_timelimit=99999", "sql=select+1&_timelimit=250"),
    ("/offlimits.json", "sql=select+1&_timelimit=50", "sql=select+1&_timelimit=50"),
    ("/offlimits/articles", "_where=id%3D1", "_where=id%3D1&_timelimit=250"),
    ("/offlimits/search_events", "q=ban", None),  # a canned query is the site's own SQL
    ("/offlimits/articles", "_where=", None),
    ("/-/timeline", "sql=select+1", None),
])
def test_which_requests_count_as_a_visitors_sql(path, query, expected):
    assert public_sql_query(path, query) == expected
