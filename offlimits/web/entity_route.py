"""The /-/entities/<entity_id> page: one entity's facts, counts and events."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from datasette.utils import tilde_encode
from datasette.utils.asgi import NotFound, Request, Response

from offlimits.web.chart import chart_table, responsive_chart
from offlimits.web.data_cache import cached
from offlimits.web.database import offlimits_database
from offlimits.web.fragments import render_fragment
from offlimits.web.timeline_data import entity_event_ids, fetch_event_page, grouped_counts
from offlimits.web.timeline_filter import PAGE_SIZE, FilterError, TimelineFilter
from offlimits.web.timeline_route import group_by_month

if TYPE_CHECKING:  # datasette.app imports this plugin while it loads
    from datasette.app import Datasette
    from datasette.database import Database


def parse_aliases(raw: str | None) -> list[str]:
    """The aliases column (a JSON array) as a list; a malformed value is shown as one alias."""
    if not raw:
        return []
    try:
        value = json.loads(raw)
    except ValueError:
        return [raw]
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


async def entity_counts(
    db: Database, flt: TimelineFilter, entity_ids: list[int]
) -> list[tuple[str | None, Any, str, int]]:
    """(month, year, action, events) for the entity's events, in one pass (cached)."""

    async def compute() -> list[tuple[str | None, Any, str, int]]:
        counts = await grouped_counts(
            db, flt, ("month", "year", "action"), entity_ids=entity_ids
        )
        return [(m, y, a, n) for (m, y, a), n in counts.items()]

    return await cached(db, ("entity_counts", flt.entity), compute)


async def entity_page(datasette: Datasette, request: Request) -> Response:
    """Render one entity: type, country, aliases, vendor/products, counts, chart, events."""
    db = offlimits_database(datasette)
    entity_id = request.url_vars["entity_id"]
    row = (await db.execute(
        "SELECT e.id, e.name, e.type, e.country, e.vendor_id, e.aliases, e.known, "
        "v.name AS vendor_name, r.name AS country_name FROM entities e "
        "LEFT JOIN entities v ON v.id = e.vendor_id "
        "LEFT JOIN regions r ON r.code = e.country WHERE e.id = :id",
        {"id": entity_id},
    )).first()
    if row is None:
        raise NotFound(f"No entity with id {entity_id!r}")
    products = [
        {"id": r[0], "name": r[1]}
        for r in (await db.execute(
            "SELECT id, name FROM entities WHERE vendor_id = :id AND id != :id ORDER BY name",
            {"id": entity_id},
        )).rows
    ]
    error = None
    try:
        page_number = TimelineFilter.from_args({"page": request.args.get("page", "1")}).page
    except FilterError as e:
        error, page_number = str(e), 1
    flt = TimelineFilter(entity=entity_id, page=page_number)
    entity_ids = await entity_event_ids(db, entity_id)
    counts = await entity_counts(db, flt, entity_ids)
    by_action: Counter[str] = Counter()
    by_year: Counter[Any] = Counter()
    for _month, year, action, n in counts:
        by_action[action] += n
        by_year[year or "undated"] += n
    total = sum(by_action.values())
    page = await fetch_event_page(db, flt, total=total, entity_ids=entity_ids)
    if request.url_vars.get("format") == "json":
        return Response.json({
            "ok": error is None, "error": error, "entity": {
                **dict(row), "aliases": parse_aliases(row["aliases"]),
            },
            "products": products, "by_action": dict(by_action),
            "by_year": {str(k): v for k, v in by_year.items()}, "total": total,
            "has_next": page.has_next, "events": [asdict(e) for e in page.events],
        }, status=400 if error else 200)
    suffix = "?" + urlencode({"entity": entity_id})
    month_counts = [(m, a, n) for m, _y, a, n in counts if m]
    chart_actions, chart_rows = chart_table(month_counts)
    context = {
        "entity": dict(row),
        "aliases": parse_aliases(row["aliases"]),
        "products": products,
        "by_action": sorted(by_action.items(), key=lambda kv: (-kv[1], kv[0])),
        "by_year": sorted(by_year.items(), key=lambda kv: str(kv[0]), reverse=True),
        "filter": flt,
        "error": error,
        "page": page,
        "months": group_by_month(page.events),
        "page_size": PAGE_SIZE,
        "chart": responsive_chart(month_counts, f"Events per month involving {row['name']}"),
        "chart_actions": chart_actions,
        "chart_rows": chart_rows,
        "csv_url": datasette.urls.path(f"/-/timeline.csv{suffix}"),
        "reports_csv_url": datasette.urls.path(f"/-/reports.csv{suffix}"),
        "atom_url": datasette.urls.path(f"/-/timeline.atom{suffix}"),
        "ics_url": datasette.urls.path(f"/-/timeline.ics{suffix}"),
        "json_url": datasette.urls.path(
            "/-/entities/" + quote(entity_id, safe="") + ".json"
        ),
        "base_url": datasette.urls.path("/-/entities/" + quote(entity_id, safe="")),
        "base_timeline": datasette.urls.path("/-/timeline"),
        "page_query": lambda number: f"page={number}",
        "entity_row_url": datasette.urls.row(db.name, "entities", tilde_encode(entity_id)),
    }
    body = render_fragment("_offlimits_entity_body.html", datasette.urls.path, **context)
    html = await datasette.render_template(
        "offlimits_entity.html",
        {"database": db.name, "entity": context["entity"], "body": body,
         "atom_url": context["atom_url"]},
        request=request,
    )
    return Response.html(html, status=400 if error else 200)
