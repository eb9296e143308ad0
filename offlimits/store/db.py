"""Opening the database: WAL mode, a busy timeout, and the migration ledger."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from offlimits.store.schema import MIGRATIONS


class StoreError(Exception):
    """A database problem a user can act on (missing file, not an offlimits database, ...)."""


def utcnow() -> str:
    """The current time as an ISO 8601 UTC string, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def connect(path: str | Path, *, create: bool = True) -> sqlite_utils.Database:
    """Open (or create) the database at `path` in WAL mode, ready for one writer."""
    path = Path(path)
    if not create and not path.exists():
        raise StoreError(f"no database at {path}: run `offlimits init` (or `offlimits demo`) first")
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(str(path), timeout=30, isolation_level=None,
                               check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=30000")
    except sqlite3.DatabaseError as e:
        raise StoreError(f"{path} is not a usable SQLite database: {e}") from e
    return sqlite_utils.Database(conn)


def applied_migrations(db: sqlite_utils.Database) -> list[str]:
    if "_migrations" not in db.table_names():
        return []
    return [row["name"] for row in db.query("SELECT name FROM _migrations ORDER BY name")]


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply the migrations not yet recorded, each in its own transaction. Returns their names."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    done = set(applied_migrations(db))
    unknown = sorted(done - {name for name, _ in MIGRATIONS})
    if unknown:
        raise StoreError(
            f"this database was written by a newer offlimits (it has migration "
            f"{', '.join(unknown)}, which this version does not know): upgrade offlimits")
    applied = []
    for name, sql in MIGRATIONS:
        if name in done:
            continue
        conn = db.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute("INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                          (name, utcnow()))
            conn.execute("COMMIT")
        except Exception:
            conn.execute("ROLLBACK")
            raise
        applied.append(name)
    return applied


def _statements(sql: str) -> list[str]:
    """Split a migration script into statements, keeping trigger bodies whole."""
    statements, buffer = [], ""
    for piece in sql.split(";"):
        buffer += piece + ";"
        if sqlite3.complete_statement(buffer):
            if buffer.strip(" \n;"):
                statements.append(buffer.strip())
            buffer = ""
    return statements


def open_store(path: str | Path, *, create: bool = True) -> sqlite_utils.Database:
    """Connect and bring the schema up to date."""
    db = connect(path, create=create)
    try:
        migrate(db)
    except sqlite3.DatabaseError as e:
        raise StoreError(f"{path}: cannot migrate the schema: {e}") from e
    return db
