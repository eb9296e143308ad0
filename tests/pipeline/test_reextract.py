"""`offlimits reextract`: rerunning the extractor over stored articles changes nothing when
nothing changed, and keeps event ids stable."""

from __future__ import annotations

import sqlite3

import pytest

from offlimits.demo import build_demo, demo_site
from tests.pipeline.cli import run_offlimits

TABLES = ("events", "event_articles", "event_regions", "article_entities", "entities")


def snapshot(db_path) -> dict[str, set]:
    conn = sqlite3.connect(db_path)
    try:
        out = {t: set(conn.execute(f"SELECT * FROM {t}").fetchall()) for t in TABLES}
        # updated_at moves on every merge; it is not content
        out["events"] = {row[:-1] for row in out["events"]}
        out["events_fts"] = set(conn.execute("SELECT rowid, * FROM events_fts").fetchall())
        return out
    finally:
        conn.close()


@pytest.fixture
def demo_db(tmp_path):
    db = tmp_path / "offlimits.db"
    with demo_site(port=0) as server:
        build_demo(db, server)
    return db


def test_reextract_is_idempotent_and_keeps_event_ids(demo_db):
    first = run_offlimits("--db", demo_db, "reextract")
    assert first.returncode == 0, first.stderr
    after_first = snapshot(demo_db)
    second = run_offlimits("--db", demo_db, "reextract")
    assert second.returncode == 0, second.stderr
    assert snapshot(demo_db) == after_first
    assert "re-extracted" in second.stderr
    counts = second.stderr.strip().splitlines()[-1]
    assert "events:" in counts


def test_reextract_after_the_build_finds_the_same_reports(demo_db):
    before = snapshot(demo_db)
    # the build screens out items with no AI and restriction term (no extractor run, so no
    # entities); reextract runs the extractor on everything
    conn = sqlite3.connect(demo_db)
    screened = {r[0] for r in conn.execute(
        "SELECT id FROM articles WHERE extractor_version = 'prefilter'")}
    conn.close()
    assert screened
    result = run_offlimits("--db", demo_db, "reextract")
    assert result.returncode == 0, result.stderr
    after = snapshot(demo_db)
    assert after["event_articles"] == before["event_articles"]
    assert {r for r in after["article_entities"] if r[0] not in screened} == before[
        "article_entities"]


def test_reextract_on_a_missing_database_is_a_clear_error(tmp_path):
    result = run_offlimits("--db", tmp_path / "none.db", "reextract")
    assert result.returncode == 1
    assert "no database at" in result.stderr and "Traceback" not in result.stderr
