"""The /-/timeline page: filtered events, newest first, grouped by month, with a chart."""

from __future__ import annotations

from dataclasses import asdict
from itertools import groupby
from typing import TYPE_CHECKING, Any

from datasette.utils.asgi import Request, Response

from offlimits.web.chart import chart_table, responsive_chart
from offlimits.web.database import offlimits_database
from offlimits.web.formatting import month_label
from offlimits.web.fragments import render_fragment
from offlimits.web.timeline_data import EventView, fetch_event_page, filter_options, monthly_counts
from offlimits.web.timeline_filter import PAGE_SIZE
from offlimits.web.timeline_request import read_timeline_request

if TYPE_CHECKING:  # datasette.app imports this plugin while it loads
    from datasette.app import Datasette


def group_by_month(events: list[EventView]) -> list[dict[str, Any]]:
    """Consecutive events of the same month as [{month, label, events}] (events are sorted).

    An event dated only to its year goes under that year; an undated one under "Undated".
    """
    return [
        {"month": month, "label": month_label(month), "events": list(group)}
        for month, group in groupby(events, key=lambda event: event.month or (event.date or "")[:4])
    ]


def event_json(event: EventView) -> dict[str, Any]:
    """An event as the JSON beside the pages gives it."""
    return asdict(event)


async def timeline_page(datasette: Datasette, request: Request) -> Response:
    """/-/timeline (HTML) and /-/timeline.json for the filter in the query string.

    A bad value gives HTTP 400 with the message on the page (or as {"error": ...}).
    """
    db = offlimits_database(datasette)
    parsed = await read_timeline_request(db, request.args)
    flt, error = parsed.filter, parsed.error
    page = await fetch_event_page(db, flt)
    status = 400 if error else 200
    if request.url_vars.get("format") == "json":
        return Response.json({
            "ok": error is None, "error": error, "notices": parsed.notices,
            "filter": {name: value for name, value in asdict(flt).items() if value},
            "total": page.total, "total_capped": page.total_capped,
            "has_next": page.has_next, "events": [event_json(e) for e in page.events],
        }, status=status)
    counts = await monthly_counts(db, flt)
    chart_actions, chart_rows = chart_table(counts)
    query = flt.query_string(page=1)
    suffix = f"?{query}" if query else ""
    context = {
        "filter": flt,
        "error": error,
        "notices": parsed.notices,
        "options": await filter_options(db),
        "page": page,
        "months": group_by_month(page.events),
        "page_size": PAGE_SIZE,
        "chart": responsive_chart(counts, "Events per month by action"),
        "chart_actions": chart_actions,
        "chart_rows": chart_rows,
        "csv_url": datasette.urls.path(f"/-/timeline.csv{suffix}"),
        "reports_csv_url": datasette.urls.path(f"/-/reports.csv{suffix}"),
        "atom_url": datasette.urls.path(f"/-/timeline.atom{suffix}"),
        "ics_url": datasette.urls.path(f"/-/timeline.ics{suffix}"),
        "json_url": datasette.urls.path(f"/-/timeline.json{suffix}"),
        "base_url": datasette.urls.path("/-/timeline"),
        "base_timeline": datasette.urls.path("/-/timeline"),
        "page_query": lambda number: flt.query_string(page=number),
    }
    body = render_fragment("_offlimits_timeline_body.html", datasette.urls.path, **context)
    html = await datasette.render_template(
        "offlimits_timeline.html",
        {"database": db.name, "filter": flt, "body": body,
         "atom_url": context["atom_url"]},
        request=request,
    )
    return Response.html(html, status=status)
