"""The `events`, `event_regions`, `event_articles` and `events_fts` tables, and event clustering.

Articles that report the same event (same actor, same subject, an action of the same family,
dates within a window) join one event instead of making copies. The event keeps the earliest
report and the most precise date; a hand-verified event absorbs the reports that match it.
"""

from __future__ import annotations

import base64
import calendar
import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import sqlite_utils

from offlimits.store.db import utcnow

WINDOW = timedelta(days=45)
PRECISION_RANK = {"day": 3, "month": 2, "year": 1, None: 0}
# ban, restrict and suspend are often told of the same act in different words
ACTION_FAMILY = {"ban": "restriction", "restrict": "restriction", "suspend": "restriction"}
VERBS = {
    "ban": "bans", "restrict": "restricts", "suspend": "suspends", "lift": "lifts restrictions on",
    "investigate": "investigates", "warn": "warns against",
}


@dataclass
class EventFacts:
    """One event as it is about to be stored, with entity ids already resolved."""

    action: str
    actor_id: str | None
    vendor_id: str | None = None
    product_id: str | None = None
    affected_id: str | None = None
    replacement_id: str | None = None
    regions: list[str] = field(default_factory=list)
    date: str | None = None
    date_precision: str | None = None
    effective_date: str | None = None
    summary: str | None = None
    reported_at: str | None = None  # the article's published date (or first seen)


def date_span(value: str | None, precision: str | None) -> tuple[date, date] | None:
    """The first and last day a date of this precision could mean."""
    if not value:
        return None
    try:
        if precision == "year" or len(value) == 4:
            year = int(value[:4])
            return date(year, 1, 1), date(year, 12, 31)
        if precision == "month" or len(value) == 7:
            year, month = int(value[:4]), int(value[5:7])
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        day = date.fromisoformat(value[:10])
        return day, day
    except ValueError:
        return None


def dates_compatible(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> bool:
    """True when two (date, precision) pairs can be the same event: spans within the window."""
    span_a, span_b = date_span(*a), date_span(*b)
    if span_a is None or span_b is None:
        return True
    gap = max(span_a[0], span_b[0]) - min(span_a[1], span_b[1])
    return gap <= WINDOW


def same_subject(facts: EventFacts, row: dict[str, Any]) -> bool:
    if facts.product_id and row["product_id"]:
        return facts.product_id == row["product_id"]
    if facts.vendor_id and row["vendor_id"]:
        return facts.vendor_id == row["vendor_id"]
    ids = {facts.product_id, facts.vendor_id} - {None}
    return bool(ids & {row["product_id"], row["vendor_id"]})


def same_action(a: str, b: str) -> bool:
    return a == b or (a in ACTION_FAMILY and ACTION_FAMILY.get(a) == ACTION_FAMILY.get(b))


def find_matching_event(db: sqlite_utils.Database, facts: EventFacts) -> dict[str, Any] | None:
    """The stored event this report belongs to, preferring verified events and near dates."""
    if not facts.actor_id:
        return None
    rows = db.execute_returning_dicts(
        "SELECT * FROM events WHERE actor_id = ? AND status != 'rejected'", [facts.actor_id])
    candidates = [
        row for row in rows
        if same_subject(facts, row) and same_action(facts.action, row["action"])
        and dates_compatible((facts.date, facts.date_precision),
                             (row["date"], row["date_precision"]))
    ]
    if not candidates:
        return None

    def distance(row: dict[str, Any]) -> tuple[int, int, int]:
        span_a = date_span(facts.date, facts.date_precision)
        span_b = date_span(row["date"], row["date_precision"])
        days = abs((span_a[0] - span_b[0]).days) if span_a and span_b else 0
        return (row["status"] != "verified", row["action"] != facts.action, days)

    return min(candidates, key=distance)


def summarise(db: sqlite_utils.Database, facts: EventFacts) -> str:
    """A one-line summary from the event's names: "Alibaba bans Claude Code (Anthropic)"."""
    names = {}
    for key in ("actor_id", "vendor_id", "product_id", "affected_id"):
        value = getattr(facts, key)
        if value:
            row = db.execute("SELECT name FROM entities WHERE id = ?", [value]).fetchone()
            names[key] = row[0] if row else value
    subject = names.get("product_id") or names.get("vendor_id") or "an AI tool"
    if names.get("product_id") and names.get("vendor_id"):
        subject += f" ({names['vendor_id']})"
    text = f"{names.get('actor_id', 'Someone')} {VERBS.get(facts.action, facts.action)} {subject}"
    if names.get("affected_id"):
        text += f" for {names['affected_id']}"
    if facts.regions:
        text += f" in {', '.join(facts.regions)}"
    return text


def _date_columns(value: str | None) -> dict[str, Any]:
    return {"month": value[:7] if value and len(value) >= 7 else None,
            "year": int(value[:4]) if value else None}


def event_uid(facts: EventFacts, verified_id: str | None = None) -> str:
    """A short id from what makes an event itself, so a rebuild gives every event the same id.

    A verified event's id comes from its id in `data/events.yml`; an extracted one's from its
    actor, subject, action family, regions and first date. Ten base32 characters, `e` first.
    """
    if verified_id:
        identity = f"verified|{verified_id}"
    else:
        family = ACTION_FAMILY.get(facts.action, facts.action)
        identity = "|".join([
            facts.actor_id or "", facts.product_id or facts.vendor_id or "", family,
            ",".join(sorted(set(facts.regions))), facts.date or facts.reported_at or ""])
    digest = hashlib.sha256(identity.encode()).digest()
    return "e" + base64.b32encode(digest).decode().lower()[:9]


def unused_uid(db: sqlite_utils.Database, uid: str) -> str:
    """`uid`, or `uid-2`, `uid-3`, ... when an event already holds it."""
    candidate, n = uid, 1
    while db.execute("SELECT 1 FROM events WHERE uid = ?", [candidate]).fetchone():
        n += 1
        candidate = f"{uid}-{n}"
    return candidate


def insert_event(db: sqlite_utils.Database, facts: EventFacts, *, status: str = "extracted",
                 verified_id: str | None = None) -> int:
    now = utcnow()
    event_id = int(db["events"].insert({
        "uid": unused_uid(db, event_uid(facts, verified_id)),
        "verified_id": verified_id, "actor_id": facts.actor_id, "vendor_id": facts.vendor_id,
        "product_id": facts.product_id, "affected_id": facts.affected_id,
        "replacement_id": facts.replacement_id, "action": facts.action,
        "regions": json.dumps(sorted(set(facts.regions))), "date": facts.date,
        "date_precision": facts.date_precision, **_date_columns(facts.date),
        "effective_date": facts.effective_date, "status": status,
        "summary": facts.summary or summarise(db, facts),
        "first_reported_at": facts.reported_at, "created_at": now, "updated_at": now,
    }).last_pk)
    set_regions(db, event_id, facts.regions)
    return event_id


def merge_into(db: sqlite_utils.Database, row: dict[str, Any], facts: EventFacts) -> None:
    """Fold a new report into a stored event: more precise date, earliest report, gaps filled."""
    update: dict[str, Any] = {}
    better = PRECISION_RANK[facts.date_precision] > PRECISION_RANK[row["date_precision"]]
    earlier = (facts.date_precision == row["date_precision"] and facts.date and row["date"]
               and facts.date < row["date"])
    if row["status"] != "verified" and facts.date and (better or earlier):
        update.update({"date": facts.date, "date_precision": facts.date_precision,
                       **_date_columns(facts.date)})
    for key in ("effective_date", "affected_id", "replacement_id", "vendor_id", "product_id"):
        if getattr(facts, key) and not row[key]:
            update[key] = getattr(facts, key)
    if facts.reported_at and (not row["first_reported_at"]
                              or facts.reported_at < row["first_reported_at"]):
        update["first_reported_at"] = facts.reported_at
    if row["status"] != "verified" and facts.regions:
        regions = sorted(set(json.loads(row["regions"] or "[]")) | set(facts.regions))
        if regions != json.loads(row["regions"] or "[]"):
            update["regions"] = json.dumps(regions)
            set_regions(db, row["id"], regions)
    if update:
        update["updated_at"] = utcnow()
        db["events"].update(row["id"], update)


def attach_report(db: sqlite_utils.Database, facts: EventFacts, article_id: int,
                  evidence: str | None) -> int:
    """Store one article's report of an event: join the matching event or start a new one.

    An undated report (typically a background mention: "the regulator had blocked ChatGPT
    before") joins a matching event of any date; only when there is none does it start an
    event dated by the report itself.
    """
    row = find_matching_event(db, facts)
    if row is None and not facts.date and facts.reported_at:
        facts.date, facts.date_precision = facts.reported_at[:10], "day"
        row = find_matching_event(db, facts)
    if row:
        merge_into(db, row, facts)
        event_id = row["id"]
    else:
        event_id = insert_event(db, facts)
    db.execute("INSERT OR REPLACE INTO event_articles (event_id, article_id, evidence) "
               "VALUES (?, ?, ?)", [event_id, article_id, evidence])
    refresh_derived(db, event_id)
    return event_id


def detach_article(db: sqlite_utils.Database, article_id: int) -> list[int]:
    """Take an article's reports off their events (before re-extracting it). Returns the events."""
    events = [r[0] for r in db.execute(
        "SELECT event_id FROM event_articles WHERE article_id = ?", [article_id])]
    db.execute("DELETE FROM event_articles WHERE article_id = ?", [article_id])
    return events


def drop_orphans(db: sqlite_utils.Database, event_ids: list[int]) -> int:
    """Delete extracted events left with no article; refresh search for the others."""
    dropped = 0
    for event_id in event_ids:
        row = db.execute(
            "SELECT status, (SELECT count(*) FROM event_articles WHERE event_id = events.id) "
            "FROM events WHERE id = ?", [event_id]).fetchone()
        if row is None:
            continue
        if row[0] == "extracted" and row[1] == 0:
            delete_event(db, event_id)
            dropped += 1
        else:
            refresh_derived(db, event_id)
    return dropped


def delete_event(db: sqlite_utils.Database, event_id: int) -> None:
    for table in ("event_regions", "event_articles", "event_sources"):
        db.execute(f"DELETE FROM {table} WHERE event_id = ?", [event_id])
    db.execute("DELETE FROM events_fts WHERE rowid = ?", [event_id])
    db.execute("DELETE FROM events WHERE id = ?", [event_id])


def set_regions(db: sqlite_utils.Database, event_id: int, regions: list[str]) -> None:
    db.execute("DELETE FROM event_regions WHERE event_id = ?", [event_id])
    for region in sorted(set(regions)):
        db.execute("INSERT INTO event_regions (event_id, region) VALUES (?, ?)",
                   [event_id, region])


# What an event shows of its reports; `refresh_derived` runs it for one event, bulk loaders
# (benchmarks/serve.py) for all.
DERIVED_UPDATE = (
    "UPDATE events SET "
    " evidence = (SELECT ea.evidence FROM event_articles ea "
    "   JOIN articles a ON a.id = ea.article_id "
    "   WHERE ea.event_id = events.id AND ea.evidence IS NOT NULL "
    "   ORDER BY a.published_date, a.id LIMIT 1),"
    " article_count = (SELECT count(*) FROM event_articles WHERE event_id = events.id),"
    " source_urls = (SELECT group_concat(url, ' ') FROM ("
    "   SELECT url FROM event_sources WHERE event_id = events.id UNION "
    "   SELECT a.url FROM event_articles ea JOIN articles a ON a.id = ea.article_id "
    "   WHERE ea.event_id = events.id))"
)


def refresh_derived(db: sqlite_utils.Database, event_id: int) -> None:
    """Recompute what an event shows of its reports (earliest evidence, article count,
    source URLs) and rewrite its full-text row: entity names and aliases, summary, evidence."""
    conn = db.conn
    conn.execute(DERIVED_UPDATE + " WHERE id = ?", [event_id])
    row = conn.execute(
        "SELECT e.summary, "
        " (SELECT group_concat(name || ' ' || coalesce(aliases, ''), ' ') FROM entities "
        "  WHERE id IN (e.actor_id, e.vendor_id, e.product_id, e.affected_id, e.replacement_id)),"
        " (SELECT group_concat(evidence, ' ') FROM event_articles WHERE event_id = e.id) "
        "FROM events e WHERE e.id = ?", [event_id]).fetchone()
    if row is None:
        return
    summary, names, evidence = row
    conn.execute("DELETE FROM events_fts WHERE rowid = ?", [event_id])
    conn.execute("INSERT INTO events_fts (rowid, names, summary, evidence) VALUES (?, ?, ?, ?)",
                 [event_id, names or "", summary or "", evidence or ""])
