"""Reading events for the pages: one page of events with their names, regions and articles.

Every query is bounded (a page, a capped count, grouped counts) so pages stay fast on a
database of a million articles. Details are fetched for the page's events only, in batches.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from offlimits.web.data_cache import cached
from offlimits.web.formatting import url_host
from offlimits.web.search_query import to_fts5
from offlimits.web.timeline_filter import PAGE_SIZE, TimelineFilter, entity_event_ids_sql

if TYPE_CHECKING:  # datasette.app imports this plugin while it loads
    from datasette.database import Database

#: Counting stops here: "10,000+ events" is as useful as an exact count, and far cheaper.
COUNT_CAP = 10_000
#: Above this many matches, walk an index and check each event instead of looking each up.
SCAN_THRESHOLD = 2_000
#: Source articles listed under one event; the rest are counted.
ARTICLES_PER_EVENT = 8

ROLES = ("actor", "vendor", "product", "affected", "replacement")


@dataclass
class SourceArticle:
    title: str
    url: str
    outlet: str
    date: str | None


@dataclass
class EventView:
    """One event as the timeline shows it."""

    id: int
    uid: str | None
    date: str | None
    date_precision: str | None
    month: str | None
    effective_date: str | None
    action: str
    status: str
    summary: str | None
    names: dict[str, dict[str, str]] = field(default_factory=dict)  # role -> {id, name}
    regions: list[dict[str, str]] = field(default_factory=list)  # {code, name}
    evidence: str | None = None
    articles: list[SourceArticle] = field(default_factory=list)
    more_articles: int = 0
    citations: list[str] = field(default_factory=list)
    updated_at: str | None = None


@dataclass
class EventPage:
    events: list[EventView]
    total: int
    total_capped: bool
    has_next: bool


def _ids_json(ids: list[Any]) -> str:
    return json.dumps(ids)


async def count_events(db: Database, flt: TimelineFilter) -> tuple[int, bool]:
    """How many events match, up to COUNT_CAP; and whether the cap was hit."""
    where, params = flt.where()
    row = (await db.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM events e WHERE {where} LIMIT {COUNT_CAP + 1})",
        params,
    )).first()
    total = row[0]
    return min(total, COUNT_CAP), total > COUNT_CAP


async def text_match_count(db: Database, q: str) -> int:
    """How many events the text search `q` matches (cached)."""

    async def compute() -> int:
        row = (await db.execute(
            "SELECT count(*) FROM events_fts WHERE events_fts MATCH :q", {"q": to_fts5(q)}
        )).first()
        return row[0]

    return await cached(db, ("text_matches", q), compute)


async def entity_event_ids(db: Database, entity_id: str) -> list[int]:
    """Ids of the events (not rejected) that name the entity in any role (cached)."""

    async def compute() -> list[int]:
        rows = (await db.execute(
            f"SELECT id FROM events WHERE id IN ({entity_event_ids_sql()}) "
            "AND status != 'rejected' ORDER BY id",
            {"entity": entity_id},
        )).rows
        return [r[0] for r in rows]

    return await cached(db, ("entity_ids", entity_id), compute)


async def role_event_count(db: Database, role: str, entity_id: str) -> int:
    """How many events have `entity_id` as their `role` (an index count; cached)."""

    async def compute() -> int:
        row = (await db.execute(
            f"SELECT count(*) FROM events WHERE {role}_id = :id", {"id": entity_id}
        )).first()
        return row[0]

    return await cached(db, ("role_count", role, entity_id), compute)


async def busy_roles(db: Database, flt: TimelineFilter) -> frozenset[str]:
    """The vendor, actor and product filters that match more than SCAN_THRESHOLD events."""
    return frozenset([
        role for role in ("vendor", "actor", "product")
        if getattr(flt, role)
        and await role_event_count(db, role, getattr(flt, role)) > SCAN_THRESHOLD
    ])


async def fetch_event_page(
    db: Database, flt: TimelineFilter, *, total: int | None = None,
    entity_ids: list[int] | None = None,
) -> EventPage:
    """One page of events, newest first, with names, regions, evidence and articles.

    `total`, when the caller already knows it, saves counting the matches again;
    `entity_ids` are the ids of `flt.entity`'s events (see entity_event_ids).
    """
    where, params = flt.where(
        probe_text=bool(flt.q) and await text_match_count(db, flt.q) > SCAN_THRESHOLD,
        entity_ids=entity_ids,
        probe_entity=entity_ids is not None and len(entity_ids) > SCAN_THRESHOLD,
        probe_roles=await busy_roles(db, flt),
    )
    offset = (flt.page - 1) * PAGE_SIZE
    rows = (await db.execute(
        "SELECT e.id, e.uid, e.updated_at, e.date, e.date_precision, e.month, "
        "e.effective_date, e.action, e.status, "
        "e.summary, e.actor_id, e.vendor_id, e.product_id, e.affected_id, e.replacement_id "
        f"FROM events e WHERE {where} ORDER BY e.date DESC, e.id DESC "
        f"LIMIT {PAGE_SIZE + 1} OFFSET {offset}",
        params,
    )).rows
    has_next = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    events = [
        EventView(
            id=r["id"], uid=r["uid"], updated_at=r["updated_at"], date=r["date"],
            date_precision=r["date_precision"], month=r["month"],
            effective_date=r["effective_date"], action=r["action"], status=r["status"],
            summary=r["summary"],
        )
        for r in rows
    ]
    if events:
        await _attach_details(db, events, rows)
    if total is None:
        total, capped = await cached(
            db, ("count", replace(flt, page=1)), lambda: count_events(db, flt)
        )
    else:
        capped = False
    return EventPage(events=events, total=total, total_capped=capped, has_next=has_next)


async def _attach_details(db: Database, events: list[EventView], rows: list[Any]) -> None:
    by_id = {event.id: event for event in events}
    ids = _ids_json(list(by_id))
    entity_ids = sorted({r[f"{role}_id"] for r in rows for role in ROLES if r[f"{role}_id"]})
    names = {
        r["id"]: r["name"]
        for r in (await db.execute(
            "SELECT id, name FROM entities WHERE id IN (SELECT value FROM json_each(:ids))",
            {"ids": _ids_json(entity_ids)},
        )).rows
    }
    for row in rows:
        event = by_id[row["id"]]
        for role in ROLES:
            entity_id = row[f"{role}_id"]
            if entity_id:
                event.names[role] = {"id": entity_id, "name": names.get(entity_id, entity_id)}

    for r in (await db.execute(
        "SELECT er.event_id, er.region, coalesce(rg.name, er.region) AS name "
        "FROM event_regions er LEFT JOIN regions rg ON rg.code = er.region "
        "WHERE er.event_id IN (SELECT value FROM json_each(:ids)) ORDER BY name",
        {"ids": ids},
    )).rows:
        by_id[r["event_id"]].regions.append({"code": r["region"], "name": r["name"]})

    for r in (await db.execute(
        "SELECT ea.event_id, ea.evidence, a.title, a.url, a.published_date, "
        "s.name AS source_name FROM event_articles ea "
        "JOIN articles a ON a.id = ea.article_id "
        "LEFT JOIN sources s ON s.id = a.source_id "
        "WHERE ea.event_id IN (SELECT value FROM json_each(:ids)) "
        "ORDER BY ea.event_id, a.published_date, a.id",
        {"ids": ids},
    )).rows:
        event = by_id[r["event_id"]]
        if event.evidence is None and r["evidence"]:
            event.evidence = r["evidence"]
        if len(event.articles) >= ARTICLES_PER_EVENT:
            event.more_articles += 1
            continue
        event.articles.append(SourceArticle(
            title=r["title"] or r["url"],
            url=r["url"],
            outlet=r["source_name"] or url_host(r["url"]),
            date=r["published_date"],
        ))

    for r in (await db.execute(
        "SELECT event_id, url FROM event_sources "
        "WHERE event_id IN (SELECT value FROM json_each(:ids)) ORDER BY event_id, url",
        {"ids": ids},
    )).rows:
        by_id[r["event_id"]].citations.append(r["url"])


async def grouped_counts(
    db: Database, flt: TimelineFilter, columns: tuple[str, ...], *,
    entity_ids: list[int] | None = None,
) -> dict[tuple[Any, ...], int]:
    """Events matching `flt` counted by `columns` of events, rejected events left out.

    Counted as all events minus the rejected ones: the first count can stay inside an index
    (e.g. idx_events_month for month and action) instead of reading 100,000 rows for their
    status, and the second reads only the few rejected events.
    """
    where, params = flt.where(
        exclude_rejected=False, probe_text=True, entity_ids=entity_ids,
        probe_entity=entity_ids is not None and len(entity_ids) > SCAN_THRESHOLD,
    )
    group = ", ".join(f"e.{column}" for column in columns)
    counts: dict[tuple[Any, ...], int] = {}
    for r in (await db.execute(
        f"SELECT {group}, count(*) FROM events e WHERE {where} GROUP BY {group}", params
    )).rows:
        counts[tuple(r)[:-1]] = r[-1]
    for r in (await db.execute(
        "WITH rejected AS MATERIALIZED (SELECT id FROM events WHERE status = 'rejected') "
        f"SELECT {group}, count(*) FROM rejected JOIN events e ON e.id = rejected.id "
        f"WHERE {where} GROUP BY {group}",
        params,
    )).rows:
        key = tuple(r)[:-1]
        counts[key] = counts.get(key, 0) - r[-1]
    return {key: n for key, n in counts.items() if n > 0}


async def monthly_counts(db: Database, flt: TimelineFilter) -> list[tuple[str, str, int]]:
    """(month, action, events) for the chart, over the whole filtered set (cached)."""

    async def compute() -> list[tuple[str, str, int]]:
        counts = await grouped_counts(db, flt, ("month", "action"))
        return sorted((m, a, n) for (m, a), n in counts.items() if m)

    return await cached(db, ("monthly", replace(flt, page=1)), compute)


async def filter_options(db: Database) -> dict[str, list[dict[str, Any]]]:
    """The choices of the filter form: vendors, actors, regions and actions that have events."""
    return await cached(db, "filter_options", lambda: _filter_options(db))


async def _filter_options(db: Database) -> dict[str, list[dict[str, Any]]]:
    everything = TimelineFilter()
    options: dict[str, list[dict[str, Any]]] = {}
    for role in ("vendor", "actor"):
        counts = await grouped_counts(db, everything, (f"{role}_id",))
        ids = [key[0] for key in counts if key[0]]
        names = {
            r[0]: r[1]
            for r in (await db.execute(
                "SELECT id, name FROM entities WHERE id IN (SELECT value FROM json_each(:ids))",
                {"ids": _ids_json(ids)},
            )).rows
        }
        options[role] = sorted(
            ({"value": i, "label": names.get(i, i), "count": counts[(i,)]} for i in ids),
            key=lambda o: o["label"].casefold(),
        )
    options["region"] = [
        {"value": r[0], "label": r[1], "count": r[2]}
        for r in (await db.execute(
            "SELECT er.region, coalesce(rg.name, er.region), count(*) FROM event_regions er "
            "LEFT JOIN regions rg ON rg.code = er.region GROUP BY er.region ORDER BY 2"
        )).rows
    ]
    actions = await grouped_counts(db, everything, ("action",))
    options["action"] = [
        {"value": a, "label": a, "count": n} for (a,), n in sorted(actions.items())
    ]
    return options
