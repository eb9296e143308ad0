"""The demo's sources file ({{BASE}} addresses) outside `offlimits demo`: --base, or one Error:."""

from __future__ import annotations

import sqlite3

import pytest

from offlimits.demo import DEMO_SOURCES, demo_site
from tests.pipeline.cli import run_offlimits


def test_unsubstituted_addresses_are_one_clear_error(tmp_path):
    db = tmp_path / "x.db"
    for command in (["scrape"], ["run", "--once"], ["init"], ["sources", "check"]):
        result = run_offlimits("--db", db, "--sources", DEMO_SOURCES, *command)
        assert result.returncode == 1, (command, result.stderr)
        assert "Traceback" not in result.stderr
        errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
        assert len(errors) == 1, result.stderr
        assert "{{BASE}}" in errors[0] and "--base URL" in errors[0]
        assert "offlimits demo" in errors[0]
        assert not db.exists()


def test_a_bad_base_is_one_clear_error(tmp_path):
    result = run_offlimits("--sources", DEMO_SOURCES, "--base", "127.0.0.1:8002",
                           "sources", "check")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "--base" in result.stderr and "http://HOST:PORT" in result.stderr


@pytest.fixture
def demo():
    with demo_site(0) as server:
        yield server


def test_scrape_the_demo_sources_with_base(tmp_path, demo):
    db = tmp_path / "demo.db"
    result = run_offlimits("scrape", "demo-techwire", "demo-regulator", "--db", db,
                           "--sources", DEMO_SOURCES, "--base", demo.base)
    assert result.returncode == 0, result.stderr
    assert "sources: 2 ok" in result.stderr
    conn = sqlite3.connect(db)
    urls = [row[0] for row in conn.execute("SELECT url FROM sources ORDER BY id")]
    assert urls and all(u.startswith(demo.base) for u in urls if u)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] > 0


def test_check_the_demo_sources_with_base(demo):
    result = run_offlimits("--sources", DEMO_SOURCES, "sources", "check", "--base", demo.base)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "checked 6 sources: 6 ok, 0 failed" in result.stdout
