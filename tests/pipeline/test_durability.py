"""Crashes and concurrency: kill -9 mid-run loses nothing committed; readers never wait."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import threading
import time

import pytest

from offlimits.demo import demo_http_config
from offlimits.demo_server import DemoServer
from offlimits.pipeline import Pipeline
from scrapers.collect import Collector
from scrapers.sources import load_sources
from tests.pipeline.cli import ROOT, offlimits_command, run_offlimits
from tests.pipeline.sitebuilder import build_site, write_sources

EXTRA_FEEDS = 30
EXPECTED_ARTICLES = 3 + EXTRA_FEEDS * 20  # the ban, its copy, the weather, the market reports


@pytest.fixture
def slow_site(tmp_path):
    root = tmp_path / "site"
    build_site(root, extra_feeds=EXTRA_FEEDS)
    feeds = [("gazette", "/feeds/gazette.rss"), ("wire", "/feeds/wire.rss")] + [
        (f"extra-{n}", f"/feeds/extra-{n}.rss") for n in range(EXTRA_FEEDS)]
    with DemoServer(root, latency=0.3) as server:
        sources = write_sources(tmp_path / "s.yml",
                                [(sid, server.base + path) for sid, path in feeds])
        yield server, sources


def count(db_path, sql: str) -> int:
    conn = sqlite3.connect(db_path, timeout=5)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def wait_for(predicate, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError("condition not reached in time")


def polls_done(db_path, at_least: int) -> bool:
    try:
        return count(db_path, "SELECT count(*) FROM polls WHERE status != 'running'") >= at_least
    except sqlite3.OperationalError:  # not created yet
        return False


@pytest.mark.slow
def test_kill_9_mid_run_then_rerun_loses_and_duplicates_nothing(tmp_path, slow_site):
    _, sources = slow_site
    db = tmp_path / "x.db"
    process = subprocess.Popen(offlimits_command("--db", db, "--sources", sources, "scrape"),
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: polls_done(db, 3))
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL
    stored = count(db, "SELECT count(*) FROM polls")
    assert 3 <= stored < EXTRA_FEEDS + 2, "the kill should land mid-run"
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM polls WHERE status = 'running'").fetchone()[0] == 0
    conn.close()

    result = run_offlimits("--db", db, "--sources", sources, "scrape")
    assert result.returncode == 0, result.stderr
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == EXPECTED_ARTICLES
    assert conn.execute(
        "SELECT count(*) FROM (SELECT url FROM articles GROUP BY url HAVING count(*) > 1)"
    ).fetchone()[0] == 0
    per_source = conn.execute(
        "SELECT count(*) FROM (SELECT article_id, source_id, seen_url FROM article_sightings "
        "GROUP BY 1, 2, 3 HAVING count(*) > 1)").fetchone()[0]
    assert per_source == 0
    conn.close()


@pytest.mark.slow
def test_readers_are_never_blocked_while_the_writer_writes(tmp_path, slow_site):
    server, sources = slow_site
    db = tmp_path / "x.db"
    source_list = load_sources(sources)
    pipeline = Pipeline(db, source_list, collector=Collector(
        http_config=demo_http_config(), prefilter=source_list.prefilter))
    pipeline.prepare()
    errors: list[Exception] = []
    reads = 0
    done = threading.Event()

    def writer() -> None:
        try:
            pipeline.run_cycle(due_only=False)
        finally:
            done.set()

    thread = threading.Thread(target=writer)
    thread.start()
    reader = sqlite3.connect(db, timeout=0.05)  # a reader that would notice any wait
    try:
        while not done.is_set():
            try:
                reader.execute("SELECT count(*) FROM articles").fetchone()
                reader.execute("SELECT * FROM timeline LIMIT 20").fetchall()
                reader.execute("SELECT count(*) FROM polls").fetchone()
                reads += 1
            except sqlite3.OperationalError as e:
                errors.append(e)
            time.sleep(0.005)
    finally:
        thread.join()
        reader.close()
        pipeline.close()
    assert reads > 20
    assert errors == []
    assert count(db, "SELECT count(*) FROM articles") == EXPECTED_ARTICLES


@pytest.mark.slow
def test_sigterm_stops_run_cleanly_after_the_current_write(tmp_path, slow_site):
    _, sources = slow_site
    db = tmp_path / "x.db"
    process = subprocess.Popen(offlimits_command("--db", db, "--sources", sources, "run"),
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    try:
        wait_for(lambda: polls_done(db, 2))
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert "stopped cleanly" in err
    assert "Traceback" not in err
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM polls WHERE status = 'running'").fetchone()[0] == 0
    conn.close()
