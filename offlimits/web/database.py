"""Which Datasette database the offlimits pages read.

`offlimits serve` names its database `offlimits`. Plain `datasette snapshot-2025.db` names it
after the file; then the first served database that has the offlimits tables is the one
(checked once per file, read-only).
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from datasette.utils.asgi import NotFound

if TYPE_CHECKING:  # datasette.app imports this plugin while it loads
    from datasette.app import Datasette
    from datasette.database import Database

DATABASE_NAME = "offlimits"
#: Tables (and the view) every offlimits database has.
REQUIRED_TABLES = frozenset({"events", "entities", "timeline", "events_fts"})
_is_offlimits_file: dict[str, bool] = {}


def schema_names(path: str) -> set[str]:
    """The names of the tables, views and indexes of the SQLite file at `path`, read only
    (sqlite3.Error when it is not a readable database)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    finally:
        conn.close()


def has_offlimits_tables(path: str) -> bool:
    """True if the SQLite file at `path` has the offlimits tables (cached per path)."""
    if path not in _is_offlimits_file:
        try:
            names = schema_names(path)
        except sqlite3.Error:
            return False  # not cached: the file may not exist yet
        _is_offlimits_file[path] = names >= REQUIRED_TABLES
    return _is_offlimits_file[path]


def offlimits_database_names(datasette: Datasette) -> list[str]:
    """Names of the served databases that hold offlimits data, `offlimits` first."""
    names = []
    for name, db in datasette.databases.items():
        if name == DATABASE_NAME:
            names.insert(0, name)
        elif not db.is_memory and db.path and has_offlimits_tables(db.path):
            names.append(name)
    return names


def offlimits_database(datasette: Datasette) -> Database:
    """The database the pages read; a 404 naming the problem when none is served."""
    names = offlimits_database_names(datasette)
    if not names:
        raise NotFound(
            "No offlimits database is served: start one with `offlimits serve` "
            "(or `datasette` on a database made by `offlimits init`)"
        )
    return datasette.get_database(names[0])
