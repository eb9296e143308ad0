"""/-/events/<uid>: one event's page (and .json, .csv): fields, reports, citations, history.

A merged-away uid answers 301 to the event it joined; an unknown uid is a 404 naming it.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from datasette.utils.asgi import NotFound, Request, Response

from offlimits.web.database import offlimits_database
from offlimits.web.event_data import CSV_COLUMNS, detail_rows, event_detail, find_event
from offlimits.web.fragments import render_fragment
from offlimits.web.safe_text import spreadsheet_cell

if TYPE_CHECKING:  # datasette.app imports this plugin while it loads
    from datasette.app import Datasette


def subscriptions(datasette: Datasette, names: dict[str, Any]) -> list[dict[str, str]]:
    """Feeds of events like this one: by its actor, and about its product (else vendor);
    each the timeline's own filter, so the feed is what /-/timeline?<filter> lists."""
    out = []
    subject_role = "product" if names.get("product") else "vendor"
    for role, label in (("actor", "by"), (subject_role, "about")):
        entity = names.get(role)
        if not entity:
            continue
        query = urlencode({role: entity["id"]})
        out.append({"label": f"Events {label} {entity['name']}",
                    "timeline": datasette.urls.path(f"/-/timeline?{query}"),
                    "atom": datasette.urls.path(f"/-/timeline.atom?{query}"),
                    "ics": datasette.urls.path(f"/-/timeline.ics?{query}")})
    return out


async def event_page(datasette: Datasette, request: Request) -> Response:
    """Render one event as HTML, JSON or CSV (the `format` in the path)."""
    db = offlimits_database(datasette)
    uid = request.url_vars["uid"]
    fmt = request.url_vars.get("format")
    event, survivor = await find_event(db, uid)
    if event is None:
        if survivor:
            suffix = f".{fmt}" if fmt else ""
            return Response.redirect(datasette.urls.path(f"/-/events/{survivor}{suffix}"),
                                     status=301)
        raise NotFound(f"No event with id {uid!r}: it may never have existed, or it was "
                       "removed when no article reported it any more")
    detail = await event_detail(db, event)
    if fmt == "json":
        return Response.json({"ok": True, **detail})
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for row in detail_rows(detail):
            writer.writerow([spreadsheet_cell(v) for v in row])
        return Response(out.getvalue(), content_type="text/csv; charset=utf-8", headers={
            "content-disposition": f'attachment; filename="event-{event["uid"]}.csv"'})
    base = f"/-/events/{event['uid']}"
    follow_url = datasette.urls.path("/-/changes.atom?" + urlencode({"event": event["uid"]}))
    body = render_fragment(
        "event_body.html", datasette.urls.path, **detail,
        base_timeline=datasette.urls.path("/-/timeline"),
        json_url=datasette.urls.path(base + ".json"), csv_url=datasette.urls.path(base + ".csv"),
        changes_url=datasette.urls.path("/-/changes.atom"), follow_url=follow_url,
        subscriptions=subscriptions(datasette, detail["names"]),
        row_url=datasette.urls.path(f"/{db.name}/events/{event['id']}"))
    html = await datasette.render_template(
        "event_page.html", {"database": db.name, "event": detail["event"],
                            "names": detail["names"], "body": body,
                            "changes_url": follow_url},
        request=request)
    return Response.html(html)
