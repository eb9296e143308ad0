"""`offlimits extract` on something that is not JSON lines: a few lines, one Error:, no flood."""

from __future__ import annotations

import json
import sqlite3

from tests.pipeline.cli import run_offlimits

GOOD = {"id": "g-1", "url": "https://example.org/a", "title": "Watchdog blocks DeepSeek",
        "published": "2025-01-31", "text": "The regulator blocked the DeepSeek app on Thursday."}


def test_a_sqlite_file_stops_at_once(tmp_path):
    db = tmp_path / "offlimits.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, title TEXT, text TEXT)")
    conn.executemany("INSERT INTO articles (title, text) VALUES (?, ?)",
                     [(f"title {i}", f"line one {i}\nline two {i}\n" * 20) for i in range(3000)])
    conn.commit()
    conn.close()
    out = tmp_path / "out.jsonl"
    result = run_offlimits("extract", db, "-o", out)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) <= 8, result.stderr[:2000]
    assert sum(line.startswith("Error:") for line in lines) == 1
    assert "SQLite database, not JSON lines" in result.stderr
    assert not out.exists()


def test_a_text_file_that_is_not_json_stops_after_a_few_lines(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("".join(f"note number {i}\n" for i in range(5000)), encoding="utf-8")
    result = run_offlimits("extract", notes, "-o", tmp_path / "out.jsonl")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) <= 8, result.stderr[:2000]
    assert sum(line.startswith("Error:") for line in lines) == 1
    assert "the first 5 lines are not articles" in result.stderr


def test_many_bad_lines_after_good_ones_are_counted_not_all_printed(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(GOOD) + "\n" + "{broken\n" * 200, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run_offlimits("extract", src, "-o", out)
    assert result.returncode == 1
    assert f"{src}:2: not JSON" in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 15, result.stderr[:2000]
    assert "190 more unreadable lines not shown" in result.stderr
    assert "Error: 200 of 201 input lines could not be read" in result.stderr
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["g-1"]
