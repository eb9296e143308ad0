"""The public can only read: SQL that writes is refused and changes nothing."""

from __future__ import annotations

import sqlite3
from urllib.parse import quote

import pytest

from tests.web.conftest import fetch

WRITES = [
    "DELETE FROM events",
    "UPDATE events SET status = 'rejected'",
    "INSERT INTO entities (id, name, type) VALUES ('x', 'X', 'company')",
    "DROP TABLE events",
    "PRAGMA journal_mode=DELETE",
    "select 1; delete from events",
    "WITH x AS (SELECT 1) DELETE FROM events",
]


def counts(path) -> tuple[int, int, int]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return tuple(conn.execute(
            "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM entities), "
            "(SELECT count(*) FROM events WHERE status = 'rejected')").fetchone())
    finally:
        conn.close()


@pytest.mark.parametrize("sql", WRITES)
def test_write_sql_is_refused(datasette, fixture_db, sql):
    before = counts(fixture_db)
    response = fetch(datasette, f"/offlimits.json?sql={quote(sql)}")
    assert response.status_code == 400
    assert response.json()["ok"] is False
    html = fetch(datasette, f"/offlimits?sql={quote(sql)}")
    assert html.status_code == 400
    assert counts(fixture_db) == before == (9, 11, 1)


def test_post_to_database_is_refused(datasette, fixture_db):
    import asyncio

    response = asyncio.run(datasette.client.post(
        "/offlimits", data={"sql": "DELETE FROM events"}))
    assert response.status_code in (403, 405)
    assert counts(fixture_db) == (9, 11, 1)


def test_read_sql_works_within_limits(datasette):
    response = fetch(datasette, "/offlimits.json?sql=" + quote("select count(*) as n from events")
                     + "&_shape=array")
    assert response.status_code == 200 and response.json() == [{"n": 9}]
    assert datasette.setting("sql_time_limit_ms") == 1000
    assert datasette.setting("max_returned_rows") == 5000


def test_slow_sql_hits_the_time_limit(datasette):
    slow = ("with recursive n(i) as (select 1 union all select i + 1 from n) "
            "select count(*) from n")
    response = fetch(datasette, "/offlimits.json?sql=" + quote(slow))
    assert response.status_code == 400
    assert "interrupted" in response.text.lower() or "time limit" in response.text.lower()
