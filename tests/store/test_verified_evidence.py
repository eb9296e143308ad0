"""A verified event shows the evidence sentence of its earliest report where one is stored,
else its citations' note; article_count counts its reports and citations, each page once; its
event page (a real Datasette on the real demo build) shows both."""

from __future__ import annotations

import asyncio
import html
import json
import sqlite3
from pathlib import Path

import pytest

from offlimits.web.app import build_datasette
from tests.browser_harness import build_demo_db


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    return build_demo_db(tmp_path_factory.mktemp("evidence") / "offlimits.db")


def rows(path: Path, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
    with sqlite3.connect(path) as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute(sql, params).fetchall()


def page(path: Path, url: str) -> str:
    response = asyncio.run(build_datasette(path).client.get(url))
    assert response.status_code == 200, url
    return response.text


def test_a_verified_event_shows_its_earliest_reports_evidence(demo):
    reported = rows(demo, """
        SELECT e.uid, e.verified_id, e.evidence,
          (SELECT ea.evidence FROM event_articles ea JOIN articles a ON a.id = ea.article_id
           WHERE ea.event_id = e.id AND ea.role = 'report' AND ea.evidence IS NOT NULL
           ORDER BY a.published_date, a.id LIMIT 1) AS best
        FROM events e WHERE e.status = 'verified'""")
    with_reports = [r for r in reported if r["best"]]
    assert len(with_reports) >= 15
    assert [r["verified_id"] for r in with_reports if r["evidence"] != r["best"]] == []
    # background mentions never lend their sentence
    assert [r["verified_id"] for r in reported if not r["best"] and r["evidence"] and
            r["evidence"] in {b["evidence"] for b in rows(
                demo, "SELECT evidence FROM event_articles WHERE role = 'background'")}] == []
    for r in with_reports[:5]:
        text = html.unescape(page(demo, f"/-/events/{r['uid']}"))
        assert r["best"] in text, r["verified_id"]


def test_a_verified_event_without_reports_shows_its_citation_note(demo):
    noted = rows(demo, """
        SELECT e.uid, e.verified_id, e.evidence, s.evidence AS note FROM events e
        JOIN event_sources s ON s.event_id = e.id AND s.evidence IS NOT NULL
        WHERE e.status = 'verified' AND NOT EXISTS (SELECT 1 FROM event_articles ea
          WHERE ea.event_id = e.id AND ea.role = 'report' AND ea.evidence IS NOT NULL)
        GROUP BY e.id HAVING s.rowid = min(s.rowid)""")
    assert noted, "some verified event without demo reports has a citation note"
    assert [r["verified_id"] for r in noted if r["evidence"] != r["note"]] == []
    detail = json.loads(page(demo, f"/-/events/{noted[0]['uid']}.json"))
    assert detail["event"]["evidence"] == noted[0]["note"]
    assert any(c["evidence"] == noted[0]["note"] for c in detail["citations"])


def test_article_count_is_reports_plus_citations_each_page_once(demo):
    for r in rows(demo, "SELECT id, uid, status, article_count FROM events"):
        reports = {x[0] for x in rows(demo, "SELECT a.url FROM event_articles ea JOIN articles a "
                                            "ON a.id = ea.article_id WHERE ea.event_id = ? "
                                            "AND ea.role = 'report'", (r["id"],))}
        cited = {x[0] for x in rows(demo, "SELECT url FROM event_sources WHERE event_id = ?",
                                    (r["id"],))}
        assert r["article_count"] == len(reports | cited), r["uid"]
        if r["status"] == "verified":
            assert r["article_count"] >= max(1, len(cited))
    detail = json.loads(page(demo, "/-/events/" + rows(
        demo, "SELECT uid FROM events WHERE verified_id = 'ev-2023-010'")[0]["uid"] + ".json"))
    urls = {x["url"] for x in detail["reports"]} | {c["url"] for c in detail["citations"]}
    assert detail["event"]["article_count"] == len(urls)
