"""The documented full export, /offlimits/timeline.csv?_stream=on, as one streamed query.

Datasette streams a view's CSV in pages that each re-run the view from an OFFSET (a view has
no key to page by): 100,000 events took 12 s, and a page that ran past sql_time_limit_ms
ended the file early with an error line, under HTTP 200. This plain request (no filter, no
sort, no _size) is sent to a route that writes the same bytes, header and rows in the same
order, from one query (see csv_stream). Any other CSV request is Datasette's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from datasette.utils.asgi import AsgiStream

from offlimits.web.csv_stream import query_chunks, read_only_connection, send_chunks
from offlimits.web.database import offlimits_database, offlimits_database_names

if TYPE_CHECKING:  # datasette.app imports this plugin while it loads
    from datasette.app import Datasette
    from datasette.utils.asgi import Request

ROUTE = "/-/offlimits-timeline-view.csv"
#: Arguments that leave the export Datasette would stream unchanged (_bom is safe_csv's).
_PLAIN_ARGS = frozenset({"_stream", "_dl", "_bom"})


def is_plain_view_export(scope: dict[str, Any], database: str) -> bool:
    """True for GET /<database>/timeline.csv?_stream=<anything> with no other argument."""
    if scope.get("type") != "http" or scope.get("method", "GET") != "GET":
        return False
    if scope.get("path") != f"/{database}/timeline.csv":
        return False
    args = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1"),
                          keep_blank_values=True))
    return bool(args.get("_stream")) and set(args) <= _PLAIN_ARGS


def route_plain_view_export(app: Any, datasette: Datasette) -> Any:
    """Wrap an ASGI app: the plain full export of the view goes to ROUTE."""

    async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
        path = scope.get("path", "")
        if path.endswith("/timeline.csv") and any(
            is_plain_view_export(scope, name) for name in offlimits_database_names(datasette)
        ):
            scope = dict(scope, path=ROUTE, raw_path=ROUTE.encode())
        await app(scope, receive, send)

    return wrapped


async def timeline_view_csv(datasette: Datasette, request: Request) -> Any:
    """Every row of the `timeline` view as Datasette's CSV of it, from one query."""
    db = offlimits_database(datasette)
    await datasette.ensure_permissions(request.actor, [
        ("view-table", (db.name, "timeline")), ("view-database", db.name), "view-instance",
    ])
    columns = [r[1] for r in (await db.execute("PRAGMA table_info(timeline)")).rows]

    async def stream(writer: Any) -> None:
        conn = read_only_connection(db.path)
        try:
            await send_chunks(query_chunks(conn, "SELECT * FROM timeline", {}, columns),
                              writer.write)
        finally:
            conn.close()

    headers, content_type = {}, "text/plain; charset=utf-8"
    if request.args.get("_dl"):
        content_type = "text/csv; charset=utf-8"
        headers["content-disposition"] = 'attachment; filename="timeline.csv"'
    return AsgiStream(stream, headers=headers, content_type=content_type)
