"""CSV for journalists and researchers: /-/timeline.csv (one row per event) and
/-/reports.csv (one row per event and reporting article), for any timeline filter.

Newest first, with the actor's country, multi-valued fields joined with ';', cells that a
spreadsheet would run as a formula neutralised, `?_bom=1` for a UTF-8 byte order mark
(Excel). Each export is one query over the `timeline` view (names, actor country and
regions come from there), streamed (see csv_stream), without `_where` or SQL: the links
work with `allow_sql: false`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from datasette.utils.asgi import AsgiStream, Response

from offlimits.web.csv_stream import query_chunks, read_only_connection, send_chunks
from offlimits.web.database import offlimits_database
from offlimits.web.timeline_request import read_timeline_request

if TYPE_CHECKING:  # datasette.app imports this plugin while it loads
    from datasette.app import Datasette
    from datasette.utils.asgi import Request

EVENT_COLUMNS = (
    "event_id", "uid", "date", "date_precision", "effective_date", "action", "status",
    "actor", "actor_id", "actor_type", "actor_country", "vendor", "vendor_id", "product",
    "product_id", "affected", "replacement", "regions", "summary", "evidence",
    "article_count", "source_urls", "first_reported_at", "verified_id",
)
REPORT_COLUMNS = (
    "article_id", "article_title", "article_outlet", "article_date", "article_url",
    "article_language", "report_role", "report_evidence",
)
#: The view's columns as the CSV names them: regions and URLs ';'-separated.
_EVENT_SELECT = ", ".join(
    {"regions": "t.region_codes AS regions",
     "source_urls": "replace(t.source_urls, ' ', ';') AS source_urls"}.get(c, f"t.{c}")
    for c in EVENT_COLUMNS
)
#: `{where}` is a TimelineFilter condition on `events AS e`; the newest first, by the index
#: on date (an event without a date last).
EVENT_SQL = f"""
SELECT {_EVENT_SELECT}
FROM events e JOIN timeline t ON t.event_id = e.id
WHERE {{where}}
ORDER BY e.date DESC, e.id DESC
"""
#: One row per event and article; an event without articles (cited only) still has its row.
REPORT_SQL = f"""
SELECT {_EVENT_SELECT}, a.id AS article_id, a.title AS article_title,
  coalesce(s.name, a.source_id) AS article_outlet, a.published_date AS article_date,
  a.url AS article_url, a.language AS article_language, ea.role AS report_role,
  ea.evidence AS report_evidence
FROM events e JOIN timeline t ON t.event_id = e.id
LEFT JOIN event_articles ea ON ea.event_id = e.id
LEFT JOIN articles a ON a.id = ea.article_id
LEFT JOIN sources s ON s.id = a.source_id
WHERE {{where}}
ORDER BY e.date DESC, e.id DESC, a.published_date, a.id
"""


async def _csv_response(datasette: Datasette, request: Request, *, reports: bool) -> Any:
    db = offlimits_database(datasette)
    parsed = await read_timeline_request(db, request.args)
    if parsed.error:
        return Response.text(f"Error: {parsed.error}\n", status=400)
    where, params = parsed.filter.where()
    columns = EVENT_COLUMNS + (REPORT_COLUMNS if reports else ())
    sql = (REPORT_SQL if reports else EVENT_SQL).format(where=where)
    name = "offlimits-reports.csv" if reports else "offlimits-events.csv"
    with_bom = request.args.get("_bom") in ("1", "on", "true")

    async def stream(writer: Any) -> None:
        conn = read_only_connection(db.path)
        try:
            await send_chunks(query_chunks(conn, sql, params, columns), writer.write,
                              bom=with_bom)
        finally:
            conn.close()

    return AsgiStream(stream, headers={
        "content-disposition": f'attachment; filename="{name}"',
    }, content_type="text/csv; charset=utf-8")


async def timeline_csv(datasette: Datasette, request: Request) -> Any:
    """/-/timeline.csv: one row per event of the view."""
    return await _csv_response(datasette, request, reports=False)


async def reports_csv(datasette: Datasette, request: Request) -> Any:
    """/-/reports.csv: one row per event and article reporting it (long format)."""
    return await _csv_response(datasette, request, reports=True)
