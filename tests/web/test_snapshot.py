"""`offlimits snapshot DIR`: dated SQLite, CSVs and a Frictionless datapackage.json."""

from __future__ import annotations

import csv
import json
import sqlite3

from click.testing import CliRunner

from offlimits.cli import main


def test_snapshot_writes_a_citable_release(fixture_db, tmp_path):
    out = tmp_path / "releases"
    result = CliRunner().invoke(main, ["snapshot", str(out), "--db", str(fixture_db)])
    assert result.exit_code == 0, result.output
    latest = out / "latest"
    assert latest.is_symlink() and latest.resolve().parent == out.resolve()
    day = latest.resolve().name
    package = json.loads((latest / "datapackage.json").read_text())
    assert package["version"] == day
    resources = {r["name"]: r for r in package["resources"]}
    for name in ("events", "reports"):
        with (latest / resources[name]["path"]).open(newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        header = [field["name"] for field in resources[name]["schema"]["fields"]]
        assert rows[0] == header
        assert all(field["description"] for field in resources[name]["schema"]["fields"])
        resources[name]["rows"] = rows[1:]
    assert len(resources["events"]["rows"]) == 8  # every event but the rejected one
    assert len(resources["reports"]["rows"]) == 9  # event 4 has two reporting articles
    conn = sqlite3.connect(latest / resources["database"]["path"])
    assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 9
    assert conn.execute("SELECT count(*) FROM articles WHERE text IS NOT NULL "
                        "OR summary IS NOT NULL").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM articles WHERE title IS NOT NULL").fetchone()[0] == 10
    for word in ("plain", "number"):  # from the texts and from the summaries
        assert conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?",
                            [word]).fetchone()[0] == 0  # out of the search index too
    conn.close()
    source = sqlite3.connect(fixture_db)
    assert source.execute("SELECT count(*) FROM articles WHERE text IS NOT NULL").fetchone()[0]


def test_snapshot_of_a_missing_database_is_an_error_line(tmp_path):
    result = CliRunner().invoke(main, ["snapshot", str(tmp_path / "out"),
                                       "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: no database at")
