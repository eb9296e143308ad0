"""Reading events for the pages: one page of events with their names, regions and articles.

Every query is bounded (a page, a capped count, grouped counts) so pages stay fast on a
database of a million articles. Details are fetched for the page's events only, in batches.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from offlimits.web.formatting import url_host
from offlimits.web.timeline_filter import PAGE_SIZE, TimelineFilter

if TYPE_CHECKING:  # datasette.app imports this plugin while it loads
    from datasette.database import Database

#: Counting stops here: "10,000+ events" is as useful as an exact count, and far cheaper.
COUNT_CAP = 10_000
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


async def fetch_event_page(
    db: Database, flt: TimelineFilter, *, total: int | None = None
) -> EventPage:
    """One page of events, newest first, with names, regions, evidence and articles.

    `total`, when the caller already knows it, saves counting the matches again.
    """
    where, params = flt.where()
    offset = (flt.page - 1) * PAGE_SIZE
    rows = (await db.execute(
        "SELECT e.id, e.date, e.date_precision, e.month, e.effective_date, e.action, e.status, "
        "e.summary, e.actor_id, e.vendor_id, e.product_id, e.affected_id, e.replacement_id "
        f"FROM events e WHERE {where} ORDER BY e.date DESC, e.id DESC "
        f"LIMIT {PAGE_SIZE + 1} OFFSET {offset}",
        params,
    )).rows
    has_next = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    events = [
        EventView(
            id=r["id"], date=r["date"], date_precision=r["date_precision"], month=r["month"],
            effective_date=r["effective_date"], action=r["action"], status=r["status"],
            summary=r["summary"],
        )
        for r in rows
    ]
    if events:
        await _attach_details(db, events, rows)
    if total is None:
        total, capped = await count_events(db, flt)
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


async def monthly_counts(db: Database, flt: TimelineFilter) -> list[tuple[str, str, int]]:
    """(month, action, events) for the chart, over the whole filtered set."""
    where, params = flt.where()
    rows = (await db.execute(
        f"SELECT e.month, e.action, count(*) FROM events e WHERE {where} "
        "AND e.month IS NOT NULL GROUP BY e.month, e.action ORDER BY e.month",
        params,
    )).rows
    return [(r[0], r[1], r[2]) for r in rows]


async def filter_options(db: Database) -> dict[str, list[dict[str, Any]]]:
    """The choices of the filter form: vendors, actors, regions and actions that have events."""
    options: dict[str, list[dict[str, Any]]] = {}
    for role in ("vendor", "actor"):
        options[role] = [
            {"value": r[0], "label": r[1], "count": r[2]}
            for r in (await db.execute(
                f"SELECT e.{role}_id, coalesce(n.name, e.{role}_id), count(*) "
                f"FROM events e LEFT JOIN entities n ON n.id = e.{role}_id "
                f"WHERE e.{role}_id IS NOT NULL AND e.status != 'rejected' "
                f"GROUP BY e.{role}_id ORDER BY 2 COLLATE NOCASE"
            )).rows
        ]
    options["region"] = [
        {"value": r[0], "label": r[1], "count": r[2]}
        for r in (await db.execute(
            "SELECT er.region, coalesce(rg.name, er.region), count(*) FROM event_regions er "
            "LEFT JOIN regions rg ON rg.code = er.region GROUP BY er.region ORDER BY 2"
        )).rows
    ]
    options["action"] = [
        {"value": r[0], "label": r[0], "count": r[1]}
        for r in (await db.execute(
            "SELECT action, count(*) FROM events WHERE status != 'rejected' "
            "GROUP BY action ORDER BY action"
        )).rows
    ]
    return options
