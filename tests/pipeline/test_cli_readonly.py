"""Read-only commands never write: `offlimits sources` leaves the database file as it was."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.pipeline.cli import run_offlimits
from tests.pipeline.sitebuilder import write_sources

TABLES = ("sources", "polls", "articles", "entities", "events", "_migrations")


def snapshot(db: Path) -> tuple[bytes, int, dict[str, int], list[tuple]]:
    """The file's bytes and mtime, each table's row count, the sources rows."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    rows = conn.execute("SELECT id, enabled, url FROM sources ORDER BY id").fetchall()
    conn.close()
    return db.read_bytes(), db.stat().st_mtime_ns, counts, rows


def test_sources_status_does_not_write(tmp_path):
    db = tmp_path / "x.db"
    first = write_sources(tmp_path / "a.yml", [("alpha", "http://127.0.0.1:9/a"),
                                               ("beta", "http://127.0.0.1:9/b")])
    init = run_offlimits("--db", db, "--sources", first, "init")
    assert init.returncode == 0, init.stderr
    before = snapshot(db)
    assert before[2]["sources"] == 2
    # Another list (as the real data/sources.yml is for the demo database): nothing is synced.
    other = write_sources(tmp_path / "b.yml", [("alpha", "http://127.0.0.1:9/moved"),
                                               ("gamma", "http://127.0.0.1:9/g")])
    for args in (["sources"], ["sources", "--json"]):
        result = run_offlimits("--db", db, "--sources", other, *args)
        assert result.returncode == 0, result.stderr
        assert snapshot(db) == before, args
    table = run_offlimits("--db", db, "--sources", other, "sources")
    listed = [line.split()[0] for line in table.stdout.splitlines()[1:]]
    assert listed == ["alpha", "beta"]  # what the database holds
    assert "1 source(s) of" in table.stderr and "gamma" in table.stderr  # not there yet


def test_sources_status_on_a_file_that_is_not_a_database(tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_text("just text\n" * 100)
    sources = write_sources(tmp_path / "s.yml", [("alpha", "http://127.0.0.1:9/a")])
    result = run_offlimits("--db", bogus, "--sources", sources, "sources")
    assert result.returncode == 1
    assert "Error:" in result.stderr and "Traceback" not in result.stderr
    assert bogus.read_text() == "just text\n" * 100
