"""The whole flow on loopback: feeds -> articles -> events, idempotent and de-duplicated."""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from offlimits.demo import demo_http_config
from offlimits.demo_server import DemoServer
from offlimits.pipeline import Pipeline, UnknownSourceError
from scrapers.collect import Collector
from scrapers.sources import load_sources
from tests.pipeline.sitebuilder import build_site, write_sources


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    pages = build_site(root)
    with DemoServer(root) as server:
        yield server, pages


@contextmanager
def open_pipeline(tmp_path, server, feeds: list[tuple[str, str]]):
    """A prepared pipeline over these (source id, {{BASE}} url) feeds, closed afterwards."""
    sources = write_sources(tmp_path / "sources.yml", feeds)
    source_list = load_sources(sources, substitutions={"{{BASE}}": server.base})
    p = Pipeline(tmp_path / "offlimits.db", source_list,
                 collector=Collector(http_config=demo_http_config(),
                                     prefilter=source_list.prefilter))
    try:
        p.prepare()
        yield p
    finally:
        p.close()


@pytest.fixture
def pipeline(tmp_path, site):
    server, _ = site
    with open_pipeline(tmp_path, server, [("gazette", "{{BASE}}/feeds/gazette.rss"),
                                          ("wire", "{{BASE}}/feeds/wire.rss")]) as p:
        yield p


def test_one_story_from_two_feeds_is_stored_once_with_both_sightings(pipeline, site):
    server, pages = site
    summary = pipeline.run_cycle(due_only=False)
    assert summary.sources_failed == 0, summary.errors
    db = pipeline.db
    url = f"{server.base}/{pages['ban']}"
    [row] = db.execute_returning_dicts("SELECT * FROM articles WHERE url = ?", [url])
    sightings = db.execute_returning_dicts(
        "SELECT source_id, seen_url FROM article_sightings WHERE article_id = ?", [row["id"]])
    assert {s["source_id"] for s in sightings} == {"gazette", "wire"}
    assert any("utm_source" in s["seen_url"] for s in sightings)
    assert row["page_fetched"] == 1 and "trade secrets" in row["text"]


def test_a_syndicated_copy_points_at_its_original(pipeline, site):
    server, pages = site
    pipeline.run_cycle(due_only=False)
    rows = {r["url"]: r for r in pipeline.db["articles"].rows}
    original = rows[f"{server.base}/{pages['ban']}"]
    copy = rows[f"{server.base}/{pages['copy']}"]
    assert copy["duplicate_of"] == original["id"]
    assert original["duplicate_of"] is None
    reports = pipeline.db.execute(
        "SELECT article_id FROM event_articles WHERE article_id IN (?, ?)",
        [original["id"], copy["id"]]).fetchall()
    assert reports and {r[0] for r in reports} == {original["id"]}  # a copy reports nothing


def test_second_cycle_is_conditional_and_adds_nothing(pipeline):
    first = pipeline.run_cycle(due_only=False)
    counts = {t: pipeline.db[t].count for t in ("articles", "article_sightings", "events")}
    second = pipeline.run_cycle(due_only=False)
    # which of the two outlets' copies is stored first depends on which poll answers first
    assert first.total("items_new") + first.total("items_duplicate") == 4
    assert counts["articles"] == 3
    assert second.total("not_modified") == 2
    assert second.total("items_new") == 0
    assert {t: pipeline.db[t].count for t in counts} == counts
    statuses = [r["status"] for r in pipeline.db.query("SELECT status FROM polls ORDER BY id")]
    assert statuses == ["ok", "ok", "not_modified", "not_modified"]


def test_the_ban_becomes_an_event_with_its_evidence(pipeline):
    pipeline.run_cycle(due_only=False)
    rows = pipeline.db.execute_returning_dicts("SELECT * FROM timeline")
    assert rows, "the ban story should yield an event"
    chatgpt = [r for r in rows if r["product"] == "ChatGPT"]
    assert chatgpt and chatgpt[0]["action"] in {"ban", "restrict"}
    assert "Acme Robotics" in (chatgpt[0]["actor"] or "")
    assert chatgpt[0]["evidence"]


def test_a_due_cycle_skips_sources_polled_recently(pipeline):
    pipeline.run_cycle(due_only=False)
    assert pipeline.run_cycle(due_only=True).polls == []


def test_an_unknown_source_id_is_a_clear_error(pipeline):
    with pytest.raises(UnknownSourceError, match="nope.*known: gazette, wire"):
        pipeline.run_cycle(["nope"])


def test_a_failing_source_is_recorded_and_backed_off(tmp_path, site):
    server, _ = site
    with open_pipeline(tmp_path, server, [("missing", "{{BASE}}/feeds/none.rss")]) as p:
        summary = p.run_cycle(due_only=False)
        assert summary.sources_failed == 1 and "404" in (summary.errors[0][1] or "")
        p.run_cycle(due_only=False)
        row = p.db["sources"].get("missing")
        assert row["consecutive_failures"] == 2
        assert row["last_status"] == "error" and row["last_success_at"] is None
        assert row["next_due_at"] > row["last_polled_at"]


def test_a_failing_source_comes_back_when_it_recovers(tmp_path, site):
    from datetime import datetime, timedelta

    from offlimits.store.sources import parse_time

    server, _ = site
    with open_pipeline(tmp_path, server, [("late", "{{BASE}}/feeds/late.rss")]) as p:
        for _ in range(3):
            p.run_cycle(due_only=False)
        failing = p.db["sources"].get("late")
        assert failing["consecutive_failures"] == 3
        backoff = parse_time(failing["next_due_at"]) - parse_time(failing["last_polled_at"])
        assert backoff >= timedelta(minutes=30 * 2 ** 3 * 0.9)
        (server.root / "feeds" / "late.rss").write_bytes(
            (server.root / "feeds" / "gazette.rss").read_bytes())
        summary = p.run_cycle(due_only=False)
        assert summary.sources_ok == 1 and summary.total("items_new") == 2
        healthy = p.db["sources"].get("late")
        assert healthy["consecutive_failures"] == 0 and healthy["last_status"] == "ok"
        interval = parse_time(healthy["next_due_at"]) - parse_time(healthy["last_polled_at"])
        assert timedelta(minutes=27) <= interval <= timedelta(minutes=33)
        assert isinstance(parse_time(healthy["last_success_at"]), datetime)
