"""What an event page shows: the event, its reports, citations and history (read-only SQL)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datasette.database import Database

ROLES = ("actor", "vendor", "product", "affected", "replacement")


async def find_event(db: Database, uid: str) -> tuple[dict[str, Any] | None, str | None]:
    """(the event with this uid, None), or (None, the survivor's uid) for a merged-away uid,
    or (None, None) when no event has it."""
    row = (await db.execute("SELECT * FROM events WHERE uid = :uid", {"uid": uid})).first()
    if row is not None:
        return dict(row), None
    if "event_redirects" not in await db.table_names():
        return None, None
    seen, target = {uid}, None
    current = uid
    while True:
        hop = (await db.execute("SELECT target_uid FROM event_redirects WHERE uid = :uid",
                                {"uid": current})).first()
        if hop is None or hop[0] in seen:
            break
        current = target = hop[0]
        seen.add(current)
    return None, target


async def event_detail(db: Database, event: dict[str, Any]) -> dict[str, Any]:
    """Everything the page shows of one event, as plain data (the .json is this)."""
    names = {}
    for role in ROLES:
        entity_id = event.get(f"{role}_id")
        if entity_id:
            row = (await db.execute("SELECT id, name, type FROM entities WHERE id = :id",
                                    {"id": entity_id})).first()
            names[role] = {"id": entity_id, "name": row["name"] if row else entity_id,
                           "type": row["type"] if row else None}
    codes = json.loads(event.get("regions") or "[]")
    regions = []
    for code in codes:
        row = (await db.execute("SELECT name FROM regions WHERE code = :c", {"c": code})).first()
        regions.append({"code": code, "name": row[0] if row else code})
    reports = [dict(r) for r in (await db.execute(
        "SELECT a.id AS article_id, a.title, coalesce(s.name, a.source_id) AS outlet, "
        "a.published_date AS date, a.url, ea.evidence, ea.role "
        "FROM event_articles ea JOIN articles a ON a.id = ea.article_id "
        "LEFT JOIN sources s ON s.id = a.source_id WHERE ea.event_id = :id "
        "ORDER BY ea.role = 'background', a.published_date, a.id", {"id": event["id"]})).rows]
    citation_columns = {c for c in await db.table_columns("event_sources")}
    extra = ", ".join(c for c in ("title", "outlet", "published", "evidence")
                      if c in citation_columns)
    citations = [dict(r) for r in (await db.execute(
        f"SELECT url{', ' + extra if extra else ''} FROM event_sources WHERE event_id = :id "
        "ORDER BY rowid", {"id": event["id"]})).rows]
    merged_from: list[str] = []
    history: list[dict[str, Any]] = []
    tables = set(await db.table_names())
    if "event_redirects" in tables:
        merged_from = [r[0] for r in (await db.execute(
            "SELECT uid FROM event_redirects WHERE target_uid = :uid ORDER BY uid",
            {"uid": event["uid"]})).rows]
    if "changes" in tables:
        uids = [event["uid"], *merged_from]
        marks = ", ".join(f":u{i}" for i in range(len(uids)))
        for r in (await db.execute(
                f"SELECT at, event_uid, kind, before, after, reason, who, origin FROM changes "
                f"WHERE event_uid IN ({marks}) ORDER BY at, id",
                {f"u{i}": u for i, u in enumerate(uids)})).rows:
            item = dict(r)
            item["before"] = json.loads(item["before"]) if item["before"] else None
            item["after"] = json.loads(item["after"]) if item["after"] else None
            history.append(item)
    fields = {k: event.get(k) for k in (
        "uid", "status", "action", "date", "date_precision", "effective_date", "summary",
        "evidence", "article_count", "first_reported_at", "created_at", "updated_at",
        "verified_id")}
    fields["regions"] = codes
    fields["curated"] = json.loads(event.get("curated") or "[]")
    return {"event": fields, "names": names, "regions": regions,
            "reports": [r for r in reports if r["role"] == "report"],
            "background": [r for r in reports if r["role"] == "background"],
            "citations": citations, "merged_from": merged_from, "history": history}


CSV_COLUMNS = ("event_uid", "kind", "title", "outlet", "date", "url", "evidence")


def detail_rows(detail: dict[str, Any]) -> list[list[Any]]:
    """One CSV row per report, background mention and citation of the event."""
    uid = detail["event"]["uid"]
    rows = [[uid, r["role"], r["title"], r["outlet"], r["date"], r["url"], r["evidence"]]
            for r in detail["reports"] + detail["background"]]
    rows += [[uid, "citation", c.get("title"), c.get("outlet"), c.get("published"), c["url"],
              c.get("evidence")] for c in detail["citations"]]
    return rows
