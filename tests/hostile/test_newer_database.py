"""A database written by a newer offlimits is refused with one clear line, not migrated over."""

import sqlite3
import subprocess
import sys


def test_init_refuses_a_database_with_an_unknown_migration(tmp_path):
    db = tmp_path / "offlimits.db"
    init = [sys.executable, "-m", "offlimits", "--db", str(db), "init"]
    assert subprocess.run(init, capture_output=True, text=True).returncode == 0
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO _migrations (name, applied_at) "
                     "VALUES ('9999_from_the_future', '2030-01-01')")
        before = conn.execute("SELECT count(*) FROM _migrations").fetchone()[0]

    again = subprocess.run(init, capture_output=True, text=True)

    assert again.returncode == 1
    assert "Traceback" not in again.stderr
    assert "Error:" in again.stderr and "newer offlimits" in again.stderr
    assert "9999_from_the_future" in again.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM _migrations").fetchone()[0] == before
