"""The command line: clear errors for user mistakes, never a traceback."""

from __future__ import annotations

import sqlite3

import pytest

from offlimits.demo_server import DemoServer
from offlimits.runlock import writer_lock
from tests.pipeline.cli import run_offlimits
from tests.pipeline.sitebuilder import build_site, write_sources


def assert_clear_error(result, pattern: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert pattern in result.stderr, result.stderr


def test_sources_on_a_missing_database(tmp_path):
    sources = write_sources(tmp_path / "s.yml", [("a", "http://127.0.0.1:9/feed")])
    result = run_offlimits("--db", tmp_path / "nope.db", "--sources", sources, "sources")
    assert_clear_error(result, "no database at")


def test_a_missing_sources_file(tmp_path):
    result = run_offlimits("--db", tmp_path / "x.db", "--sources", tmp_path / "nope.yml",
                           "scrape")
    assert_clear_error(result, "nope.yml")


def test_a_sources_file_that_is_not_yaml(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("sources: [ {id: a, kind: feed\n")
    result = run_offlimits("--db", tmp_path / "x.db", "--sources", bad, "scrape")
    assert_clear_error(result, "bad.yml")


def test_an_unknown_source_id(tmp_path):
    sources = write_sources(tmp_path / "s.yml", [("alpha", "http://127.0.0.1:9/feed")])
    result = run_offlimits("--db", tmp_path / "x.db", "--sources", sources, "scrape", "beta")
    assert_clear_error(result, "unknown source id(s): beta")


def test_environment_variables_choose_database_and_sources(tmp_path, monkeypatch):
    sources = write_sources(tmp_path / "s.yml", [("alpha", "http://127.0.0.1:9/feed")])
    monkeypatch.setenv("OFFLIMITS_DB", str(tmp_path / "env.db"))
    monkeypatch.setenv("OFFLIMITS_SOURCES", str(sources))
    result = run_offlimits("init")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "env.db").exists()
    listing = run_offlimits("sources")
    assert listing.returncode == 0, listing.stderr
    assert "alpha" in listing.stdout


def test_a_second_writer_is_refused(tmp_path):
    sources = write_sources(tmp_path / "s.yml", [("alpha", "http://127.0.0.1:9/feed")])
    db = tmp_path / "x.db"
    with writer_lock(db):
        result = run_offlimits("--db", db, "--sources", sources, "scrape")
    assert_clear_error(result, "another offlimits process is writing")


@pytest.fixture
def served(tmp_path):
    root = tmp_path / "site"
    build_site(root)
    with DemoServer(root) as server:
        sources = write_sources(tmp_path / "s.yml", [
            ("gazette", f"{server.base}/feeds/gazette.rss"),
            ("wire", f"{server.base}/feeds/wire.rss")])
        yield server, sources


def test_scrape_prints_a_summary_and_sources_shows_health(tmp_path, served):
    _, sources = served
    db = tmp_path / "x.db"
    result = run_offlimits("--db", db, "--sources", sources, "scrape")
    assert result.returncode == 0, result.stderr
    assert "sources: 2 ok" in result.stderr
    assert "items: 4 seen," in result.stderr
    assert sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0] == 3
    health = run_offlimits("--db", db, "--sources", sources, "sources")
    assert health.returncode == 0
    lines = {line.split()[0]: line for line in health.stdout.splitlines()[1:]}
    assert set(lines) == {"gazette", "wire"}
    assert " ok " in lines["gazette"]


def test_run_once_polls_only_what_is_due(tmp_path, served):
    _, sources = served
    db = tmp_path / "x.db"
    first = run_offlimits("--db", db, "--sources", sources, "run", "--once")
    assert first.returncode == 0, first.stderr
    assert "sources: 2 ok" in first.stderr
    second = run_offlimits("--db", db, "--sources", sources, "run", "--once")
    assert second.returncode == 0, second.stderr
    assert "sources: 0 ok" in second.stderr  # nothing due yet
