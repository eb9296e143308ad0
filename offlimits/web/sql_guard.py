"""Limits on what SQL run through the public site can do, set on every connection.

Denied: functions that leak memory addresses or load code (fts3_tokenizer, load_extension)
and ATTACH; pragma_database_list().file (the database file's path) reads as NULL.
Datasette's own `PRAGMA database_list` statement is untouched. Also registers
offlimits_match(text): the safe FTS5 query of a search box's text (see search_query).
"""

from __future__ import annotations

import sqlite3

from offlimits.web.search_query import to_fts5

DENIED_FUNCTIONS = frozenset({
    "fts3_tokenizer", "load_extension", "readfile", "writefile", "edit", "fts5_source_id",
})


def _authorize(action: int, arg1: str | None, arg2: str | None, *_: object) -> int:
    if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in DENIED_FUNCTIONS:
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_READ and (arg1 or "").lower() == "pragma_database_list" and (
        (arg2 or "").lower() == "file"
    ):
        return sqlite3.SQLITE_IGNORE  # the file's path reads as NULL
    if action in (sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH):
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


def harden_connection(conn: sqlite3.Connection) -> None:
    """Install the authorizer and the offlimits_match() function on `conn`."""
    conn.create_function("offlimits_match", 1, lambda text: to_fts5(str(text or "")),
                         deterministic=True)
    conn.set_authorizer(_authorize)
