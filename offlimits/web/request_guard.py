"""ASGI middleware for requests Datasette would answer with a 500 or with too much:

- a POST (or other write) to the read-only site: 405, not a server error;
- a `_next` too large for SQLite, or not a number on a view: 400;
- canned-query arguments that are dates or day counts, checked before the SQL runs, so
  `events_between?from=2025-13-45` and `new_events.atom?days=abc` are a 400 with a message;
- a canned-query argument the query does not take (`new_events.atom?regoin=US`): a 400
  naming it and the ones it takes, not a silently unfiltered answer;
- /-/databases.json, which names the database file's absolute path: the path is removed;
- a visitor's own SQL: one at a time, under a shorter time limit (`sql_guard.PublicSqlGate`);
- in public mode, the articles table's pages without the text and summary columns.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from offlimits.web.database import DATABASE_NAME, offlimits_database_names
from offlimits.web.dates import DateError, check_partial_date
from offlimits.web.public import is_public, without_hidden_columns
from offlimits.web.sql_guard import PublicSqlGate, public_sql_query

if TYPE_CHECKING:  # datasette.app imports this plugin while it loads
    from datasette.app import Datasette

#: canned query -> {argument: kind}
CHECKED_ARGUMENTS: dict[str, dict[str, str]] = {
    "events_between": {"from": "date", "to": "date"},
    "new_events": {"days": "days"},
}
MAX_DAYS = 36_600
#: Views page by OFFSET: their `_next` must be a whole number SQLite can hold.
VIEWS = frozenset({"timeline"})
MAX_OFFSET = 2**62
_CANNED = re.compile(r"^/(?P<database>[^/]+)/(?P<query>[a-z_]+)(?P<ext>\.[a-z]+)?$")


def next_problem(name: str, args: dict[str, str]) -> str | None:
    """The message for a `_next` Datasette would answer with a 500, or None."""
    value = args.get("_next")
    if value is None:
        return None
    if value.isdigit() and int(value) >= MAX_OFFSET:
        return f"_next is too large: {value[:20]!r}"
    if name in VIEWS and not value.isdigit():
        return f"_next must be a whole number on the {name} view, not {value[:20]!r}"
    return None


_PARAMETER = re.compile(r":(\w+)")
_STRING = re.compile(r"'(?:[^']|'')*'")


def unknown_argument(query: str, definition: Any, args: dict[str, str]) -> str | None:
    """The message for an argument canned query `query` does not take (Datasette's own
    `_`-arguments aside), or None."""
    if not isinstance(definition, dict) or not isinstance(definition.get("sql"), str):
        return None
    sql = _STRING.sub("''", definition["sql"])  # ':' inside 'urn:...' or '%H:%M' is no parameter
    takes = set(_PARAMETER.findall(sql)) | set(definition.get("params") or [])
    unknown = sorted(a for a in args if not a.startswith("_") and a not in takes)
    if not unknown:
        return None
    known = ", ".join(sorted(takes))
    return (f"unknown parameter {unknown[0][:40]!r} for {query}: it takes "
            f"{known or 'no parameters'}")


def argument_problem(query: str, args: dict[str, str]) -> str | None:
    """The message for the first bad argument of canned query `query`, or None."""
    for name, kind in CHECKED_ARGUMENTS.get(query, {}).items():
        value = (args.get(name) or "").strip()
        if not value:
            continue
        if kind == "date":
            try:
                check_partial_date(value, name)
            except DateError as e:
                return str(e)
        elif kind == "days" and not (value.isdigit() and 1 <= int(value) <= MAX_DAYS):
            return f"days must be a whole number of days from 1 to {MAX_DAYS:,}, not {value[:20]!r}"
    return None


async def _send_error(send: Any, status: int, message: str, as_json: bool,
                      headers: list[list[bytes]] | None = None) -> None:
    if as_json:
        body = json.dumps({"ok": False, "error": message, "status": status}).encode()
        content_type = b"application/json; charset=utf-8"
    else:
        body = f"Error: {message}\n".encode()
        content_type = b"text/plain; charset=utf-8"
    await send({"type": "http.response.start", "status": status,
                "headers": [[b"content-type", content_type], *(headers or [])]})
    await send({"type": "http.response.body", "body": body})


def guard_requests(app: Any, datasette: Datasette | None = None) -> Any:
    """Wrap a Datasette ASGI app with the checks above (for the databases of offlimits
    data `datasette` serves; without it, the one named offlimits)."""
    gate = PublicSqlGate()

    def databases() -> list[str]:
        return offlimits_database_names(datasette) if datasette is not None else [DATABASE_NAME]

    def canned(database: str, query: str) -> Any:
        if datasette is None:
            return None
        return (datasette.metadata("queries", database=database, fallback=False) or {}).get(query)

    async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope.get("type") != "http":
            await app(scope, receive, send)
            return
        path = scope.get("path", "")
        method = scope.get("method", "GET")
        if method not in ("GET", "HEAD", "OPTIONS"):
            await _send_error(send, 405, "this site is read-only: only GET requests",
                              path.endswith(".json"))
            return
        match = _CANNED.match(path)
        names = databases()
        if match and match["database"] in names:
            args = dict(parse_qsl(scope.get("query_string", b"").decode("utf-8", "replace"),
                                  keep_blank_values=True))
            problem = argument_problem(match["query"], args) or next_problem(
                match["query"], args
            ) or unknown_argument(match["query"], canned(match["database"], match["query"]),
                                  args)
            if problem:
                await _send_error(send, 400, problem, match["ext"] == ".json")
                return
        if path in ("/-/databases.json", "/-/databases"):
            await app(scope, receive, _without_paths(send))
            return
        if "/articles" in path and datasette is not None and is_public(datasette):
            narrowed = without_hidden_columns(
                path, scope.get("query_string", b"").decode("utf-8", "replace"), names)
            if narrowed is not None:
                scope = {**scope, "query_string": narrowed.encode()}
        limited = public_sql_query(
            path, scope.get("query_string", b"").decode("utf-8", "replace"), names)
        if limited is not None:
            async with gate.turn() as allowed:
                if allowed:
                    await app({**scope, "query_string": limited.encode()}, receive, send)
                    return
            await _send_error(send, 429, "busy: visitors' SQL runs one query at a time; "
                              "try again in a few seconds", ".json" in path,
                              [[b"retry-after", b"5"]])
            return
        await app(scope, receive, send)

    return wrapped


def _without_paths(send: Any) -> Any:
    """A send that drops "path" from a JSON list of databases (buffered: it is small)."""
    buffer = bytearray()
    start: dict[str, Any] = {}

    async def filtered(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
            return
        buffer.extend(message.get("body", b""))
        if message.get("more_body"):
            return
        body = bytes(buffer)
        try:
            data = json.loads(body)
            if isinstance(data, list):
                for item in data:
                    if isinstance(item, dict):
                        item.pop("path", None)
                body = json.dumps(data).encode()
        except ValueError:
            pass  # not JSON: sent as it is
        headers = [h for h in start.get("headers", []) if h[0].lower() != b"content-length"]
        headers.append([b"content-length", str(len(body)).encode()])
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return filtered
