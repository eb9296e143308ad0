"""Limits on what SQL run through the public site can do.

On every connection: functions that leak memory addresses or load code (fts3_tokenizer,
load_extension) and ATTACH are denied; pragma_database_list().file (the database file's
path) reads as NULL (Datasette's own `PRAGMA database_list` statement is untouched); in
public mode articles.text and .summary read as NULL too. Also registers
offlimits_match(text): the safe FTS5 query of a search box's text (see search_query).

Per request (`PublicSqlGate`, applied by request_guard): SQL written by a visitor (`?sql=`
on the database, `?_where=` on a table) runs one query at a time under a shorter time limit,
so visitors looping slow queries hold at most one of Datasette's SQL threads and the pages
everyone browses keep theirs; more than a few waiting are told to come back (429).
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from urllib.parse import parse_qsl, urlencode

from offlimits.web.public import HIDDEN_COLUMNS
from offlimits.web.search_query import to_fts5

DENIED_FUNCTIONS = frozenset({
    "fts3_tokenizer", "load_extension", "readfile", "writefile", "edit", "fts5_source_id",
})


def _authorize(action: int, arg1: str | None, arg2: str | None, *_: object) -> int:
    return _check(action, arg1, arg2, hidden=frozenset())


def _authorize_public(action: int, arg1: str | None, arg2: str | None, *_: object) -> int:
    return _check(action, arg1, arg2, hidden=HIDDEN_COLUMNS)


def _check(action: int, arg1: str | None, arg2: str | None,
           hidden: frozenset[tuple[str, str]]) -> int:
    if action == sqlite3.SQLITE_READ and hidden and (
        ((arg1 or "").lower(), (arg2 or "").lower()) in hidden
    ):
        return sqlite3.SQLITE_IGNORE  # public mode: the article's own words read as NULL
    if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in DENIED_FUNCTIONS:
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_READ and (arg1 or "").lower() == "pragma_database_list" and (
        (arg2 or "").lower() == "file"
    ):
        return sqlite3.SQLITE_IGNORE  # the file's path reads as NULL
    if action in (sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH):
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


def harden_connection(conn: sqlite3.Connection, *, public: bool = False) -> None:
    """Install the authorizer and the offlimits_match() function on `conn`; `public`: article
    texts and summaries read as NULL (see public)."""
    conn.create_function("offlimits_match", 1, lambda text: to_fts5(str(text or "")),
                         deterministic=True)
    conn.set_authorizer(_authorize_public if public else _authorize)


#: A visitor's query stops after this long (Datasette's limit for everything else: 1,000 ms).
PUBLIC_SQL_TIME_LIMIT_MS = 250
PUBLIC_SQL_AT_ONCE = 1  # visitors' queries running at once (Datasette has 3 SQL threads)
PUBLIC_SQL_WAITING = 8  # visitors' queries waiting for a turn; beyond that: 429
PUBLIC_SQL_WAIT_SECONDS = 10.0  # a query that waited this long for its turn: 429
_SQL_ARGUMENTS = ("sql", "_where")


def public_sql_query(path: str, query_string: str,
                     databases: Sequence[str] = ("offlimits",)) -> str | None:
    """For a request running a visitor's SQL on one of `databases`, its query string with
    `_timelimit` at most PUBLIC_SQL_TIME_LIMIT_MS; None for any other request."""
    if not any(path == f"/{name}" or path.startswith((f"/{name}.", f"/{name}/"))
               for name in databases):
        return None
    args = parse_qsl(query_string, keep_blank_values=True)
    if not any(name in _SQL_ARGUMENTS and value.strip() for name, value in args):
        return None
    asked = [value for name, value in args if name == "_timelimit"]
    limit = PUBLIC_SQL_TIME_LIMIT_MS
    if asked and asked[-1].isdigit() and 0 < int(asked[-1]) < limit:
        limit = int(asked[-1])
    kept = [(name, value) for name, value in args if name != "_timelimit"]
    return urlencode([*kept, ("_timelimit", str(limit))])


class PublicSqlGate:
    """Visitors' SQL a few at a time: `async with gate.turn() as allowed:`."""

    def __init__(self, at_once: int = PUBLIC_SQL_AT_ONCE, waiting: int = PUBLIC_SQL_WAITING,
                 wait_seconds: float = PUBLIC_SQL_WAIT_SECONDS):
        self.at_once, self.waiting, self.wait_seconds = at_once, waiting, wait_seconds
        self._slots: asyncio.Semaphore | None = None  # made in the server's event loop
        self._loop: asyncio.AbstractEventLoop | None = None
        self._queued = 0

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[bool]:
        """Yields True once the query may run, False when it should be refused (busy)."""
        loop = asyncio.get_running_loop()
        if self._slots is None or self._loop is not loop:  # a new loop: fresh slots
            self._slots, self._loop, self._queued = asyncio.Semaphore(self.at_once), loop, 0
        slots = self._slots
        allowed = False
        if self._queued < self.waiting:
            self._queued += 1
            try:
                await asyncio.wait_for(slots.acquire(), self.wait_seconds)
                allowed = True
            except TimeoutError:
                pass
            finally:
                self._queued -= 1
        try:
            yield allowed
        finally:
            if allowed:
                slots.release()
