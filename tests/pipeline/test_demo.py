"""The offline demo end to end: the bundled site through the real pipeline, checked against
the demo manifest (data/demo/manifest.yml)."""

from __future__ import annotations

import sqlite3

import pytest
import yaml

from offlimits.demo import build_demo, demo_site
from offlimits.settings import DEMO_DIR
from tests.pipeline.cli import run_offlimits

MANIFEST = yaml.safe_load((DEMO_DIR / "manifest.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    db_path = tmp_path_factory.mktemp("demo") / "offlimits.db"
    with demo_site(port=0) as server:
        first = build_demo(db_path, server)
        second = build_demo(db_path, server)
        base = server.base
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    yield conn, first, second, base
    conn.close()


def article(conn, base: str, path: str) -> sqlite3.Row | None:
    return conn.execute("SELECT * FROM articles WHERE url = ?", [f"{base}/{path}"]).fetchone()


def test_every_source_polls_cleanly(demo):
    _, first, _, _ = demo
    assert first.sources_failed == 0, first.errors
    assert first.sources_ok == 6


def test_a_second_build_adds_nothing(demo):
    conn, _, second, _ = demo
    assert second.total("items_new") == 0
    assert second.total("not_modified") >= 5


def test_relevance_matches_the_manifest(demo):
    conn, _, _, base = demo
    wrong = []
    for page in MANIFEST["pages"]:
        row = article(conn, base, page["path"])
        if row is None or row["duplicate_of"] is not None:
            continue
        if bool(row["relevant"]) != page["relevant"]:
            wrong.append(page["path"])
    assert wrong == []
    ordinary = [p for p in MANIFEST["pages"] if not p["relevant"]]
    flagged = [p["path"] for p in ordinary if (row := article(conn, base, p["path"]))
               and row["relevant"]]
    assert flagged == [], "ordinary news must not raise an alarm"


def test_the_tracking_duplicate_is_stored_once(demo):
    conn, _, _, base = demo
    [trap] = MANIFEST["tracking_duplicates"]
    rows = conn.execute("SELECT id FROM articles WHERE url LIKE ?",
                        [f"{base}/{trap['path']}%"]).fetchall()
    assert len(rows) == 1
    seen = {r[0] for r in conn.execute(
        "SELECT seen_url FROM article_sightings WHERE article_id = ?", [rows[0][0]])}
    assert any("utm_source" in url for url in seen)


def test_the_syndicated_copy_points_at_the_earlier_original(demo):
    conn, _, _, base = demo
    [trap] = MANIFEST["syndicated"]
    original, copy = article(conn, base, trap["original"]), article(conn, base, trap["copy"])
    assert original["duplicate_of"] is None
    assert copy["duplicate_of"] == original["id"]


def test_the_missing_page_keeps_its_feed_summary(demo):
    conn, _, _, base = demo
    [trap] = MANIFEST["missing"]
    row = article(conn, base, trap["path"])
    assert row["page_fetched"] == 0 and row["text"] is None and row["summary"]


def test_the_robots_disallowed_page_is_not_fetched(demo):
    conn, _, _, base = demo
    [trap] = MANIFEST["robots_disallowed"]
    row = article(conn, base, trap["path"])
    assert row is not None and row["page_fetched"] == 0


def test_verified_events_gather_their_reports(demo):
    conn, _, _, _ = demo
    expected = {e for p in MANIFEST["pages"] for e in p.get("events", [])}
    found = {r[0] for r in conn.execute(
        "SELECT verified_id FROM timeline WHERE verified_id IS NOT NULL AND article_count > 0")}
    assert len(found & expected) / len(expected) >= 0.7, sorted(expected - found)
    assert conn.execute("SELECT count(*) FROM events WHERE status = 'verified'").fetchone()[0] \
        == 65


def test_demo_command_builds_without_serving(tmp_path):
    db = tmp_path / "demo.db"
    result = run_offlimits("--db", db, "demo", "--no-serve", "--site-port", "0")
    assert result.returncode == 0, result.stderr
    assert "sources: 6 ok" in result.stderr
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM timeline").fetchone()[0] >= 65
    conn.close()
