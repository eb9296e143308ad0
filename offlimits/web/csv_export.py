"""CSV for journalists and researchers: /-/timeline.csv (one row per event) and
/-/reports.csv (one row per event and reporting article), for any timeline filter.

Newest first, with the actor's country, multi-valued fields joined with ';', cells that a
spreadsheet would run as a formula neutralised, `?_bom=1` for a UTF-8 byte order mark
(Excel). Read in keyset batches, so 100,000 events stream without holding them in memory,
and without `_where` or SQL: the links work with `allow_sql: false`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from datasette.utils.asgi import AsgiStream, Response

from offlimits.web.database import offlimits_database
from offlimits.web.safe_text import spreadsheet_cell
from offlimits.web.timeline_request import read_timeline_request

if TYPE_CHECKING:  # datasette.app imports this plugin while it loads
    from datasette.app import Datasette
    from datasette.database import Database
    from datasette.utils.asgi import Request

    from offlimits.web.timeline_filter import TimelineFilter

BATCH = 5000
BOM = "\ufeff"
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
EVENT_SQL = """
SELECT e.id AS event_id, e.uid, e.date, e.date_precision, e.effective_date, e.action,
  e.status, actor.name AS actor, e.actor_id, actor.type AS actor_type,
  actor.country AS actor_country, vendor.name AS vendor, e.vendor_id, product.name AS product,
  e.product_id, affected.name AS affected, replacement.name AS replacement,
  (SELECT group_concat(region, ';') FROM
     (SELECT region FROM event_regions WHERE event_id = e.id ORDER BY region)) AS regions,
  e.summary, e.evidence, e.article_count, e.source_urls, e.first_reported_at, e.verified_id,
  coalesce(e.date, '') AS sort_date
FROM events e
LEFT JOIN entities actor ON actor.id = e.actor_id
LEFT JOIN entities vendor ON vendor.id = e.vendor_id
LEFT JOIN entities product ON product.id = e.product_id
LEFT JOIN entities affected ON affected.id = e.affected_id
LEFT JOIN entities replacement ON replacement.id = e.replacement_id
WHERE {where} AND (coalesce(e.date, '') < :after_date
  OR (coalesce(e.date, '') = :after_date AND e.id < :after_id))
ORDER BY coalesce(e.date, '') DESC, e.id DESC
LIMIT {batch}
"""
REPORT_SQL = """
SELECT ea.event_id, a.id AS article_id, a.title AS article_title,
  coalesce(s.name, a.source_id) AS article_outlet, a.published_date AS article_date,
  a.url AS article_url, a.language AS article_language, ea.role AS report_role,
  ea.evidence AS report_evidence
FROM event_articles ea JOIN articles a ON a.id = ea.article_id
LEFT JOIN sources s ON s.id = a.source_id
WHERE ea.event_id IN (SELECT value FROM json_each(:ids))
ORDER BY ea.event_id, a.published_date, a.id
"""


def csv_lines(records: Iterable[Iterable[Any]]) -> str:
    """CSV records (CRLF), every cell made safe for spreadsheets."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(
        ["" if v is None else spreadsheet_cell(v) for v in values] for values in records
    )
    return buffer.getvalue()


def event_values(row: Any) -> list[Any]:
    values = {column: row[column] for column in EVENT_COLUMNS}
    values["source_urls"] = ";".join((values["source_urls"] or "").split())
    return [values[column] for column in EVENT_COLUMNS]


async def event_batches(db: Database, flt: TimelineFilter) -> Any:
    """The filtered events, newest first, BATCH rows at a time."""
    where, params = flt.where()
    after_date, after_id = "\uffff", 2**62
    while True:
        rows = (await db.execute(
            EVENT_SQL.format(where=where, batch=BATCH),
            {**params, "after_date": after_date, "after_id": after_id},
            custom_time_limit=10_000,
        )).rows
        if not rows:
            return
        yield rows
        if len(rows) < BATCH:
            return
        after_date, after_id = rows[-1]["sort_date"], rows[-1]["event_id"]


async def _csv_response(datasette: Datasette, request: Request, *, reports: bool) -> Any:
    db = offlimits_database(datasette)
    parsed = await read_timeline_request(db, request.args)
    if parsed.error:
        return Response.text(f"Error: {parsed.error}\n", status=400)
    columns = EVENT_COLUMNS + (REPORT_COLUMNS if reports else ())
    name = "offlimits-reports.csv" if reports else "offlimits-events.csv"
    with_bom = request.args.get("_bom") in ("1", "on", "true")

    async def stream(writer: Any) -> None:
        await writer.write((BOM if with_bom else "") + csv_lines([columns]))
        async for rows in event_batches(db, parsed.filter):
            if not reports:
                await writer.write(csv_lines(event_values(r) for r in rows))
                continue
            by_event: dict[int, list[Any]] = {}
            for r in (await db.execute(REPORT_SQL, {
                "ids": json.dumps([row["event_id"] for row in rows])
            }, custom_time_limit=10_000)).rows:
                by_event.setdefault(r["event_id"], []).append(r)
            lines = []
            for row in rows:
                event = event_values(row)
                # an event without articles (cited only) still gets its row
                for report in by_event.get(row["event_id"]) or [None]:
                    extra = [report[c] if report else None for c in REPORT_COLUMNS]
                    lines.append(event + extra)
            await writer.write(csv_lines(lines))

    return AsgiStream(stream, headers={
        "content-disposition": f'attachment; filename="{name}"',
    }, content_type="text/csv; charset=utf-8")


async def timeline_csv(datasette: Datasette, request: Request) -> Any:
    """/-/timeline.csv: one row per event of the view."""
    return await _csv_response(datasette, request, reports=False)


async def reports_csv(datasette: Datasette, request: Request) -> Any:
    """/-/reports.csv: one row per event and article reporting it (long format)."""
    return await _csv_response(datasette, request, reports=True)
