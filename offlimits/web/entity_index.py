"""/-/entities (and .json): every entity with events, by type, with its event count."""

from __future__ import annotations

from typing import TYPE_CHECKING

from datasette.utils.asgi import Response

from offlimits.web.data_cache import cached
from offlimits.web.database import offlimits_database
from offlimits.web.fragments import render_fragment
from offlimits.web.timeline_data import ROLES

if TYPE_CHECKING:  # datasette.app imports this plugin while it loads
    from datasette.app import Datasette
    from datasette.database import Database
    from datasette.utils.asgi import Request


async def entity_rows(db: Database) -> list[dict[str, object]]:
    """Entities named by at least one event (not rejected), most events first (cached)."""

    async def compute() -> list[dict[str, object]]:
        per_role = " UNION ALL ".join(
            f"SELECT {role}_id AS entity_id, id FROM events "
            f"WHERE {role}_id IS NOT NULL AND status != 'rejected'" for role in ROLES
        )
        rows = (await db.execute(
            "SELECT en.id, en.name, en.type, en.country, count(DISTINCT r.id) AS events "
            f"FROM ({per_role}) r JOIN entities en ON en.id = r.entity_id "
            "GROUP BY en.id ORDER BY en.type, events DESC, en.name",
            custom_time_limit=5000,
        )).rows
        return [dict(r) for r in rows]

    return await cached(db, "entity_index", compute)


async def entity_index(datasette: Datasette, request: Request) -> Response:
    db = offlimits_database(datasette)
    entities = await entity_rows(db)
    if request.url_vars.get("format") == "json":
        return Response.json({"ok": True, "entities": entities})
    groups: dict[str, list[dict[str, object]]] = {}
    for entity in entities:
        groups.setdefault(str(entity["type"] or "other"), []).append(entity)
    body = render_fragment(
        "_offlimits_entity_index_body.html", datasette.urls.path, groups=groups,
        base_timeline=datasette.urls.path("/-/timeline"),
        json_url=datasette.urls.path("/-/entities.json"),
    )
    html = await datasette.render_template(
        "offlimits_entity_index.html", {"database": db.name, "body": body},
        request=request,
    )
    return Response.html(html)
