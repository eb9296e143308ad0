"""The schema: created by migrations, recorded in the ledger, forward-only and re-runnable."""

from __future__ import annotations

import sqlite3

import pytest

from offlimits.store import StoreError, connect, open_store
from offlimits.store.db import applied_migrations, migrate
from offlimits.store.schema import MIGRATIONS


def test_fresh_database_gets_every_migration_once(tmp_path):
    db = open_store(tmp_path / "x.db")
    assert applied_migrations(db) == [name for name, _ in MIGRATIONS]
    assert migrate(db) == []  # a second run applies nothing
    assert {"sources", "polls", "articles", "entities", "events", "event_articles"} <= set(
        db.table_names())
    assert "timeline" in db.view_names()


def test_database_is_in_wal_mode(tmp_path):
    db = open_store(tmp_path / "x.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_opening_a_missing_database_without_create_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="no database at .*offlimits init"):
        connect(tmp_path / "missing.db", create=False)


def test_a_file_that_is_not_sqlite_is_a_clear_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are not the pages you are looking for\n" * 100)
    with pytest.raises(StoreError, match="not a usable SQLite database|cannot migrate"):
        open_store(path)


def test_a_failed_migration_leaves_nothing_half_done(tmp_path, monkeypatch):
    from offlimits.store import db as db_module

    broken = MIGRATIONS + [("9999_broken", "CREATE TABLE half (x); CREATE TABLE half (x);")]
    monkeypatch.setattr(db_module, "MIGRATIONS", broken)
    db = connect(tmp_path / "x.db")
    with pytest.raises(sqlite3.OperationalError):
        migrate(db)
    assert "half" not in db.table_names()
    assert "9999_broken" not in applied_migrations(db)
