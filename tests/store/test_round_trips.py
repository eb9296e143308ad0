"""Curation round trips on *extracted* events (the demo's reports all join verified ones), on
real SQLite files, through the real CLI, polling a real loopback site: a rejected event stays
rejected through `reextract` and a new report of it; a merge survives a rebuild from scratch
and the old id answers 301; an edit survives `scrape`; event ids are the same in two builds."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from offlimits.demo_server import DemoServer
from offlimits.web.app import build_datasette
from tests.pipeline.sitebuilder import write_feed, write_page, write_sources

ROOT = Path(__file__).resolve().parents[2]
STORIES = {  # path -> (title, published, paragraphs); all written for this test
    "acme.html": ("Acme Robotics bans ChatGPT on company laptops", "2026-02-16", [
        "Acme Robotics told its engineers on Monday that they may no longer use ChatGPT on "
        "company laptops, according to an internal memo.",
        "A spokesperson confirmed the restriction and said an internal assistant was planned."]),
    "globex.html": ("Globex restricts Claude for its analysts", "2026-03-10", [
        "Globex Corporation has restricted its analysts' use of Claude, the company said on "
        "Tuesday, after a review of how client data reaches outside services."]),
    "initech.html": ("Initech bans DeepSeek on office computers", "2026-04-07", [
        "Initech Corporation banned DeepSeek on its office computers on Tuesday, a company "
        "notice said, citing worries about where the chatbot stores what staff type."]),
}
LATER = {"initech-again.html": ("Initech staff told DeepSeek is banned at work", "2026-04-08", [
    "Initech Corporation has banned DeepSeek on office computers, the company repeated in a "
    "memo on Wednesday, a day after its first notice."])}


def write_site(root: Path, stories: dict) -> None:
    for path, (title, published, paragraphs) in stories.items():
        write_page(root, path, title, published, paragraphs)
    write_feed(root, "feed.rss", "Example Gazette", [
        {"title": t, "published": p, "link": f"{{{{BASE}}}}/{path}", "summary": text[0]}
        for path, (t, p, text) in stories.items()])


@pytest.fixture()
def site(tmp_path) -> tuple[Path, Path, DemoServer]:
    root = tmp_path / "site"
    write_site(root, STORIES)
    with DemoServer(root) as server:
        sources = write_sources(tmp_path / "sources.yml", [("gazette", f"{server.base}/feed.rss")])
        yield root, sources, server


def cli(env: dict, *args: str | Path) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "offlimits", *map(str, args)], env=env,
                            capture_output=True, text=True, timeout=180, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return result


def extracted(db: Path) -> dict[str, dict]:
    """actor id -> the event row, for every non-verified event."""
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return {r["actor_id"]: dict(r) for r in conn.execute(
            "SELECT * FROM events WHERE verified_id IS NULL")}


def test_decisions_on_extracted_events_survive_reextract_scrape_and_a_rebuild(site, tmp_path):
    root, sources, _ = site
    curation = tmp_path / "curation.yml"
    env = {**os.environ, "OFFLIMITS_CURATION": str(curation), "OFFLIMITS_CURATOR": "ana"}
    db = tmp_path / "first.db"
    cli(env, "--db", db, "--sources", sources, "init")
    cli(env, "--db", db, "--sources", sources, "scrape")
    events = extracted(db)
    actors = sorted(events)
    assert len(events) == 3, actors
    acme, globex, initech = (next(e for a, e in events.items() if name in a)
                             for name in ("acme", "globex", "initech"))
    assert {e["status"] for e in events.values()} == {"extracted"}

    cli(env, "--db", db, "review", "reject", initech["uid"], "--reason", "test: rumour")
    cli(env, "--db", db, "review", "merge", globex["uid"], "--into", acme["uid"],
        "--reason", "test merge")
    cli(env, "--db", db, "review", "edit", acme["uid"], "--date", "2026-02-15",
        "--reason", "the memo is dated the 15th")

    def check(path: Path) -> None:
        now = extracted(path)
        assert now[initech["actor_id"]]["uid"] == initech["uid"]
        assert now[initech["actor_id"]]["status"] == "rejected"
        assert globex["actor_id"] not in now  # merged away, not recreated
        assert now[acme["actor_id"]]["uid"] == acme["uid"]
        assert now[acme["actor_id"]]["date"] == "2026-02-15"
        with sqlite3.connect(path) as conn:
            assert conn.execute("SELECT target_uid FROM event_redirects WHERE uid = ?",
                                [globex["uid"]]).fetchone() == (acme["uid"],)
            shown = {r[0] for r in conn.execute("SELECT uid FROM timeline")}
        assert initech["uid"] not in shown and acme["uid"] in shown

    check(db)
    cli(env, "--db", db, "--sources", sources, "reextract")
    check(db)
    # a new report of the rejected event, polled by `scrape`, joins it and it stays rejected
    write_site(root, {**STORIES, **LATER})
    cli(env, "--db", db, "--sources", sources, "scrape")
    check(db)
    with sqlite3.connect(db) as conn:
        assert conn.execute(
            "SELECT count(*) FROM event_articles ea JOIN events e ON e.id = ea.event_id "
            "WHERE e.uid = ?", [initech["uid"]]).fetchone()[0] == 2

    # from scratch: the same ids, the same decisions, and the merged id is a 301
    fresh = tmp_path / "fresh.db"
    cli(env, "--db", fresh, "--sources", sources, "init")
    cli(env, "--db", fresh, "--sources", sources, "scrape")
    check(fresh)
    assert {e["uid"] for e in extracted(fresh).values()} == \
        {e["uid"] for e in extracted(db).values()}
    response = asyncio.run(build_datasette(fresh).client.get(f"/-/events/{globex['uid']}"))
    assert response.status_code == 301
    assert response.headers["location"] == f"/-/events/{acme['uid']}"
