"""The /-/timeline page: filtered events, newest first, grouped by month, with a chart."""

from __future__ import annotations

from dataclasses import replace
from itertools import groupby
from typing import TYPE_CHECKING, Any

from datasette.utils.asgi import Request, Response

from offlimits.web.chart import chart_table, events_chart
from offlimits.web.database import DATABASE_NAME, offlimits_database
from offlimits.web.formatting import month_label
from offlimits.web.fragments import render_fragment
from offlimits.web.timeline_data import EventView, fetch_event_page, filter_options, monthly_counts
from offlimits.web.timeline_filter import PAGE_SIZE, FilterError, TimelineFilter

if TYPE_CHECKING:  # datasette.app imports this plugin while it loads
    from datasette.app import Datasette
    from datasette.database import Database


def group_by_month(events: list[EventView]) -> list[dict[str, Any]]:
    """Consecutive events of the same month as [{month, label, events}] (events are sorted).

    An event dated only to its year goes under that year; an undated one under "Undated".
    """
    return [
        {"month": month, "label": month_label(month), "events": list(group)}
        for month, group in groupby(events, key=lambda event: event.month or (event.date or "")[:4])
    ]


async def resolve_entity_id(db: Database, value: str) -> str:
    """An entity id for a form value that may be an id or a name (any case); else as given."""
    if not value:
        return value
    row = (await db.execute(
        "SELECT id FROM entities WHERE id = :v UNION ALL "
        "SELECT id FROM entities WHERE name = :v COLLATE NOCASE LIMIT 1",
        {"v": value},
    )).first()
    return row[0] if row else value


async def timeline_page(datasette: Datasette, request: Request) -> Response:
    """Render /-/timeline for the filter in the query string (400 with a message if bad)."""
    db = offlimits_database(datasette)
    error = None
    try:
        flt = TimelineFilter.from_args(request.args)
    except FilterError as e:
        error, flt = str(e), TimelineFilter()
    if flt.vendor or flt.actor:
        flt = replace(
            flt,
            vendor=await resolve_entity_id(db, flt.vendor),
            actor=await resolve_entity_id(db, flt.actor),
        )
    page = await fetch_event_page(db, flt)
    counts = await monthly_counts(db, flt)
    chart_actions, chart_rows = chart_table(counts)
    context = {
        "filter": flt,
        "error": error,
        "options": await filter_options(db),
        "page": page,
        "months": group_by_month(page.events),
        "page_size": PAGE_SIZE,
        "chart": events_chart(counts, "Events per month by action"),
        "chart_actions": chart_actions,
        "chart_rows": chart_rows,
        "csv_url": datasette.urls.path(flt.csv_url(DATABASE_NAME)),
        "base_url": datasette.urls.path("/-/timeline"),
        "base_timeline": datasette.urls.path("/-/timeline"),
        "page_query": lambda number: flt.query_string(page=number),
    }
    body = render_fragment("_offlimits_timeline_body.html", datasette.urls.path, **context)
    html = await datasette.render_template(
        "offlimits_timeline.html",
        {"database": DATABASE_NAME, "filter": flt, "body": body},
        request=request,
    )
    return Response.html(html, status=400 if error else 200)
