"""`offlimits serve`: clear messages for a bad database, and a real server on loopback."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from offlimits.commands.serve import serve
from offlimits.settings import Settings
from tests.processes import first_answer

ROOT = Path(__file__).resolve().parents[2]


def run(args: list[str], db: Path | None = None):
    settings = Settings(db=db or Path("data/offlimits.db"), sources=Path("data/sources.yml"))
    return CliRunner().invoke(serve, args, obj=settings)


def test_missing_database_is_a_clear_error(tmp_path):
    result = run([str(tmp_path / "nope.db")])
    assert result.exit_code == 1
    assert f"no database at {tmp_path / 'nope.db'}" in result.output
    assert "Traceback" not in result.output


def test_default_database_comes_from_settings(tmp_path):
    result = run([], db=tmp_path / "from-settings.db")
    assert result.exit_code == 1
    assert "from-settings.db" in result.output


def test_not_sqlite_is_a_clear_error(tmp_path):
    bad = tmp_path / "offlimits.db"
    bad.write_text("this is not a database\n")
    result = run([str(bad)])
    assert result.exit_code == 1
    assert "is not a readable SQLite database" in result.output


def test_other_sqlite_database_is_refused(tmp_path):
    other = tmp_path / "other.db"
    conn = sqlite3_connect(other)
    conn.execute("CREATE TABLE x (a)")
    conn.close()
    result = run([str(other)])
    assert result.exit_code == 1
    assert "is not an offlimits database" in result.output


def sqlite3_connect(path: Path):
    import sqlite3

    return sqlite3.connect(path)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_serve_runs_datasette_named_offlimits_for_any_file_name(fixture_db, tmp_path):
    renamed = tmp_path / "snapshot-2025.db"
    renamed.write_bytes(fixture_db.read_bytes())
    port = free_port()
    code = ("import sys; from offlimits.commands.serve import serve; "
            "serve.main(args=sys.argv[1:])")
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(renamed), "--port", str(port)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        response = first_answer(proc, f"{base}/-/timeline", "offlimits serve")
        assert response.status_code == 200 and "8 events" in response.text
        databases = httpx.get(f"{base}/-/databases.json").json()
        assert [d["name"] for d in databases] == ["offlimits"]
        csv_text = httpx.get(f"{base}/offlimits/timeline.csv?_stream=on").text
        assert len(csv_text.strip().splitlines()) == 9
    finally:
        proc.terminate()
        output, _ = proc.communicate(timeout=10)
    assert f"serving {renamed} at http://127.0.0.1:{port}/-/timeline" in output
