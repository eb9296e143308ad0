"""Migration 0009 on a database written before it: the timeline view's regions become a JSON
array, and articles_fts is rebuilt with stemming and kept up to date by its triggers."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from offlimits.store import open_store
from offlimits.store.db import _statements, connect, migrate
from offlimits.store.schema import MIGRATIONS
from offlimits.store.schema_0009 import NAME


def old_database(path: Path) -> sqlite3.Connection:
    """A database with every migration before 0009 applied, and one article and event."""
    db = connect(path)
    conn = db.conn
    conn.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for name, sql in MIGRATIONS:
        if name == NAME:
            continue
        for statement in _statements(sql):
            conn.execute(statement)
        conn.execute("INSERT INTO _migrations VALUES (?, '2026-01-01T00:00:00Z')", (name,))
    conn.execute("INSERT INTO entities (id, name, type, country) "
                 "VALUES ('gov-x', 'Government X', 'government', 'FR')")
    conn.execute("INSERT INTO articles (id, url, title, text, first_seen_at) VALUES "
                 "(1, 'https://news.example/1', 'Ministry banned chatbots', "
                 "'Officials banned the assistants.', '2026-01-01T00:00:00Z')")
    conn.execute("INSERT INTO events (id, uid, actor_id, action, regions, date, status, "
                 "created_at, updated_at) VALUES (1, 'e1', 'gov-x', 'ban', ?, '2025-03-02', "
                 "'extracted', 'x', 'x')", (json.dumps(["FR", "EU"]),))
    return db


def test_0009_migrates_an_existing_database(tmp_path):
    db = old_database(tmp_path / "old.db")
    before = db.conn.execute("SELECT regions FROM timeline").fetchone()[0]
    assert before == "FR EU"
    # the old index has no stemmer: "ban" does not find "banned"
    assert db.conn.execute(
        "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'ban'").fetchone()[0] == 0
    assert migrate(db) == [NAME]
    conn = db.conn
    row = conn.execute("SELECT regions, region_codes, actor_country FROM timeline").fetchone()
    assert json.loads(row[0]) == ["FR", "EU"] and row[1] == "FR;EU" and row[2] == "FR"
    assert conn.execute(
        "SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'ban'").fetchall() == [(1,)]
    # the triggers were recreated: a new article, an edit and a delete reach the index
    conn.execute("INSERT INTO articles (id, url, title, first_seen_at) VALUES "
                 "(2, 'https://news.example/2', 'Regulators suspending apps', 'x')")
    assert conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'suspend'"
                        ).fetchall() == [(2,)]
    conn.execute("UPDATE articles SET title = 'Nothing to see' WHERE id = 2")
    assert conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'suspend'"
                        ).fetchone()[0] == 0
    conn.execute("DELETE FROM articles WHERE id = 1")
    assert conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'ban'"
                        ).fetchone()[0] == 0
    conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
    conn.close()
    # opening it again applies nothing
    again = open_store(tmp_path / "old.db")
    assert migrate(again) == []


def test_a_malformed_regions_value_is_an_empty_array_in_the_view(tmp_path):
    db = open_store(tmp_path / "new.db")
    db.conn.execute("INSERT INTO events (id, uid, action, regions, status, created_at, "
                    "updated_at) VALUES (1, 'e1', 'ban', 'IT US', 'extracted', 'x', 'x')")
    assert db.conn.execute("SELECT regions, region_codes FROM timeline").fetchone() == ("[]", None)
