"""The `events`, `event_regions`, `event_articles` and `events_fts` tables, and event clustering.

A report joins a stored event only when `offlimits.extract.identity.same_event` says it is
that event (actor, subject, action family, regions, dates). The event keeps the earliest
report and the most precise date; a hand-verified event absorbs the reports that match it and
is never re-dated or filled by them. A background mention (an earlier event cited in passing)
is linked with role 'background' to the event it names, and never creates or changes one.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from offlimits.extract.identity import (
    ACTION_FAMILY,
    WINDOW,
    Identity,
    Party,
    action_family,
    date_distance,
    date_span,
    dates_agree,
    same_event,
)
from offlimits.store.changes import record_change
from offlimits.store.db import utcnow

__all__ = ["ACTION_FAMILY", "WINDOW", "date_span"]

PRECISION_RANK = {"day": 3, "month": 2, "year": 1, None: 0}
STATUS_RANK = {"verified": 0, "extracted": 1, "rejected": 2}
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


def dates_compatible(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> bool:
    """True when two (date, precision) pairs can be the same event (an unknown date can)."""
    if date_span(*a) is None or date_span(*b) is None:
        return True
    return dates_agree(a, b)


def _party(db: sqlite_utils.Database, entity_id: str | None) -> Party | None:
    if not entity_id:
        return None
    row = db.execute("SELECT type, country FROM entities WHERE id = ?", [entity_id]).fetchone()
    return Party(entity_id, *(row or (None, None)))


def facts_identity(db: sqlite_utils.Database, facts: EventFacts) -> Identity:
    return Identity(actor=_party(db, facts.actor_id), action=facts.action,
                    vendor_id=facts.vendor_id, product_id=facts.product_id,
                    regions=frozenset(facts.regions), date=facts.date,
                    date_precision=facts.date_precision)


def row_identity(row: dict[str, Any]) -> Identity:
    actor = Party(row["actor_id"], row.get("actor_type"), row.get("actor_country")) \
        if row["actor_id"] else None
    return Identity(actor=actor, action=row["action"], vendor_id=row["vendor_id"],
                    product_id=row["product_id"],
                    regions=frozenset(json.loads(row["regions"] or "[]")),
                    date=row["date"], date_precision=row["date_precision"])


def _candidates(db: sqlite_utils.Database, facts: EventFacts) -> list[dict[str, Any]]:
    """Stored events (rejected ones too: a rejected event keeps its reports) about the same
    subject and of the same action family."""
    subjects = [s for s in (facts.product_id, facts.vendor_id) if s]
    if not facts.actor_id or not subjects:
        return []
    marks = ",".join("?" * len(subjects))
    family = [a for a in VERBS if action_family(a) == action_family(facts.action)]
    return db.execute_returning_dicts(
        f"SELECT e.*, a.type AS actor_type, a.country AS actor_country FROM events e "
        f"LEFT JOIN entities a ON a.id = e.actor_id "
        f"WHERE (e.product_id IN ({marks}) OR e.vendor_id IN ({marks})) "
        f"AND e.action IN ({','.join('?' * len(family))})", [*subjects, *subjects, *family])


def _rank(facts: EventFacts, row: dict[str, Any]) -> tuple[int, int, bool, int]:
    return (STATUS_RANK.get(row["status"], 3), row["actor_id"] != facts.actor_id,
            row["action"] != facts.action,
            date_distance((facts.date, facts.date_precision), (row["date"], row["date_precision"])))


def find_matching_event(db: sqlite_utils.Database, facts: EventFacts) -> dict[str, Any] | None:
    """The stored event this report is of, preferring verified events, the same actor and
    action, and near dates; None when no event agrees on every part of its identity."""
    report = facts_identity(db, facts)
    matches = [row for row in _candidates(db, facts) if same_event(report, row_identity(row))]
    return min(matches, key=lambda row: _rank(facts, row)) if matches else None


def find_mentioned_event(db: sqlite_utils.Database, facts: EventFacts) -> dict[str, Any] | None:
    """The stored event a background mention cites: identity agrees except that the
    mention's date may be loose, and the event is not later than the article."""
    report = facts_identity(db, facts)
    undated = Identity(report.actor, report.action, report.vendor_id, report.product_id,
                       report.regions)
    published = date_span(facts.reported_at, "day")
    matches = []
    for row in _candidates(db, facts):
        event = row_identity(row)
        if not (same_event(report, event) or same_event(
                undated, Identity(event.actor, event.action, event.vendor_id, event.product_id,
                                  event.regions))):
            continue
        span = date_span(row["date"], row["date_precision"])
        if published and span and span[0] > published[0]:
            continue
        matches.append(row)
    return min(matches, key=lambda row: _rank(facts, row)) if matches else None


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
                 verified_id: str | None = None, uid: str | None = None,
                 origin: str = "pipeline") -> int:
    now = utcnow()
    row = {
        "uid": uid or unused_uid(db, event_uid(facts, verified_id)),
        "verified_id": verified_id, "actor_id": facts.actor_id, "vendor_id": facts.vendor_id,
        "product_id": facts.product_id, "affected_id": facts.affected_id,
        "replacement_id": facts.replacement_id, "action": facts.action,
        "regions": json.dumps(sorted(set(facts.regions))), "date": facts.date,
        "date_precision": facts.date_precision, **_date_columns(facts.date),
        "effective_date": facts.effective_date, "status": status,
        "summary": facts.summary or summarise(db, facts),
        "first_reported_at": facts.reported_at, "created_at": now, "updated_at": now,
    }
    event_id = int(db["events"].insert(row).last_pk)
    set_regions(db, event_id, facts.regions)
    record_change(db, row["uid"], "create", after={k: row[k] for k in CONTENT_FIELDS},
                  origin=origin)
    return event_id


# What an event says (as opposed to bookkeeping): a change to one of these is a change.
CONTENT_FIELDS = ("actor_id", "vendor_id", "product_id", "affected_id", "replacement_id",
                  "action", "regions", "date", "date_precision", "effective_date", "status",
                  "summary")


def curated_fields(row: dict[str, Any]) -> set[str]:
    """The fields a curator set (`offlimits review edit`): no machine overwrites them."""
    return set(json.loads(row.get("curated") or "[]"))


def update_event(db: sqlite_utils.Database, row: dict[str, Any], update: dict[str, Any], *,
                 origin: str, kind: str = "edit", reason: str | None = None,
                 who: str | None = None, when: str | None = None) -> bool:
    """Write the fields of `update` that differ; record the change and bump updated_at only
    then. Returns whether anything changed."""
    changed = {k: v for k, v in update.items() if row.get(k) != v}
    if not changed:
        return False
    if "date" in changed:
        changed.update(_date_columns(changed["date"]))
    shown = [k for k in changed if k in CONTENT_FIELDS]
    if shown:  # bookkeeping (first_reported_at) is not a change of the event
        changed["updated_at"] = utcnow()
    db["events"].update(row["id"], changed)
    if "regions" in changed:
        set_regions(db, row["id"], json.loads(changed["regions"]))
    if shown:
        record_change(db, row["uid"], kind, before={k: row.get(k) for k in shown},
                      after={k: changed[k] for k in shown}, origin=origin, reason=reason,
                      who=who, when=when)
    row.update(changed)
    return True


def merge_into(db: sqlite_utils.Database, row: dict[str, Any], facts: EventFacts) -> None:
    """Fold a new report into a stored extracted event: more precise date, earliest report,
    gaps filled. A verified event only learns of an earlier report; a curated field stays."""
    update: dict[str, Any] = {}
    verified = row["status"] == "verified"
    better = PRECISION_RANK[facts.date_precision] > PRECISION_RANK[row["date_precision"]]
    earlier = (facts.date_precision == row["date_precision"] and facts.date and row["date"]
               and facts.date < row["date"])
    if not verified and facts.date and (better or earlier):
        update.update({"date": facts.date, "date_precision": facts.date_precision})
    if not verified:
        for key in ("effective_date", "affected_id", "replacement_id", "vendor_id",
                    "product_id"):
            if getattr(facts, key) and not row[key]:
                update[key] = getattr(facts, key)
        if facts.regions:
            regions = sorted(set(json.loads(row["regions"] or "[]")) | set(facts.regions))
            if regions != json.loads(row["regions"] or "[]"):
                update["regions"] = json.dumps(regions)
    locked = curated_fields(row)
    if "date" in locked:
        locked |= {"date_precision"}
    update = {k: v for k, v in update.items() if k not in locked}
    if facts.reported_at and (not row["first_reported_at"]
                              or facts.reported_at < row["first_reported_at"]):
        update["first_reported_at"] = facts.reported_at
    update_event(db, row, update, origin="pipeline")


def redirect_target(db: sqlite_utils.Database, uid: str) -> str | None:
    """The event a merged-away uid now names (following chains), or None."""
    seen = set()
    target = None
    while uid not in seen:
        seen.add(uid)
        row = db.execute("SELECT target_uid FROM event_redirects WHERE uid = ?", [uid]).fetchone()
        if row is None:
            break
        uid = target = row[0]
    return target


IDENTITY_COLUMNS = ("actor_id", "vendor_id", "product_id", "action", "regions", "date",
                    "date_precision")


def record_redirect(db: sqlite_utils.Database, uid: str, target_uid: str, *,
                    reason: str | None = None, when: str | None = None,
                    merged: dict[str, Any] | None = None) -> None:
    """Point a merged-away uid (and every uid that pointed at it) at its survivor; with the
    merged-away row, remember its identity so that later reports of it join the survivor."""
    db.execute("UPDATE event_redirects SET target_uid = ? WHERE target_uid = ?",
               [target_uid, uid])
    identity = json.dumps({k: merged[k] for k in IDENTITY_COLUMNS}) if merged else None
    db.execute("INSERT OR REPLACE INTO event_redirects (uid, target_uid, merged_at, reason, "
               "identity) VALUES (?, ?, ?, ?, ?)",
               [uid, target_uid, when or utcnow(), reason, identity])
    db.execute("DELETE FROM event_redirects WHERE uid = target_uid")


def merged_match(db: sqlite_utils.Database, facts: EventFacts) -> dict[str, Any] | None:
    """The survivor of a merged-away event this report is of, if any."""
    report = facts_identity(db, facts)
    for uid, identity in db.execute(
            "SELECT uid, identity FROM event_redirects WHERE identity IS NOT NULL ORDER BY uid"):
        row = json.loads(identity)
        party = _party(db, row["actor_id"])
        row.update(actor_type=party.type if party else None,
                   actor_country=party.country if party else None)
        if same_event(report, row_identity(row)):
            target = redirect_target(db, uid)
            return event_by_uid(db, target) if target else None
    return None


def move_links(db: sqlite_utils.Database, from_id: int, to_id: int) -> None:
    """Hand an event's article links to another (a report wins over a background link)."""
    db.execute("INSERT OR IGNORE INTO event_articles (event_id, article_id, evidence, role) "
               "SELECT ?, article_id, evidence, role FROM event_articles WHERE event_id = ?",
               [to_id, from_id])
    db.execute("UPDATE event_articles SET role = 'report' WHERE event_id = ? AND article_id IN "
               "(SELECT article_id FROM event_articles WHERE event_id = ? AND role = 'report')",
               [to_id, from_id])
    db.execute("DELETE FROM event_articles WHERE event_id = ?", [from_id])


def event_by_uid(db: sqlite_utils.Database, uid: str) -> dict[str, Any] | None:
    rows = db.execute_returning_dicts("SELECT * FROM events WHERE uid = ?", [uid])
    return rows[0] if rows else None


def _detached(db: sqlite_utils.Database, event_uid_: str, article_id: int) -> bool:
    return db.execute(
        "SELECT 1 FROM event_detachments d JOIN articles a ON a.url = d.article_url "
        "WHERE d.event_uid = ? AND a.id = ?", [event_uid_, article_id]).fetchone() is not None


def attach_report(db: sqlite_utils.Database, facts: EventFacts, article_id: int,
                  evidence: str | None, *, background: bool = False) -> int | None:
    """Store one article's report of an event: join the matching event or start a new one.

    An undated report is dated by its article for matching and, when it starts an event,
    for the event. A background mention joins the event it cites with role 'background'
    (a report of the same event by the same article wins) and never starts one: None when
    no stored event is cited. A report the curator detached from an event does not join it.
    Returns the event's id.
    """
    if background:
        row = find_mentioned_event(db, facts)
        if row is None or _detached(db, row["uid"], article_id):
            return None
        db.execute("INSERT OR IGNORE INTO event_articles (event_id, article_id, evidence, role) "
                   "VALUES (?, ?, ?, 'background')", [row["id"], article_id, evidence])
        refresh_derived(db, row["id"])
        return int(row["id"])
    if not facts.date and facts.reported_at:
        dated = EventFacts(**{**facts.__dict__, "date": facts.reported_at[:10],
                              "date_precision": "day"})
        row = find_matching_event(db, dated) or find_matching_event(db, facts)
        facts = dated
    else:
        row = find_matching_event(db, facts)
    if row is None:
        survivor = redirect_target(db, event_uid(facts))
        row = event_by_uid(db, survivor) if survivor else merged_match(db, facts)
    if row is not None and _detached(db, row["uid"], article_id):
        return None
    created = row is None
    if row:
        merge_into(db, row, facts)
        event_id = int(row["id"])
    else:
        event_id = insert_event(db, facts)
    db.execute("INSERT OR REPLACE INTO event_articles (event_id, article_id, evidence, role) "
               "VALUES (?, ?, ?, 'report')", [event_id, article_id, evidence])
    refresh_derived(db, event_id)
    if created:  # a curator may have decided on this event before it was (re)built
        from offlimits.store.curation import apply_for_event

        uid = db.execute("SELECT uid FROM events WHERE id = ?", [event_id]).fetchone()[0]
        now = apply_for_event(db, uid)
        linked = now is not None and db.execute(
            "SELECT 1 FROM event_articles WHERE event_id = ? AND article_id = ?",
            [now, article_id]).fetchone()
        return now if linked else None
    return event_id


def detach_article(db: sqlite_utils.Database, article_id: int) -> list[int]:
    """Take an article's reports off their events (before re-extracting it). Returns the events."""
    events = [r[0] for r in db.execute(
        "SELECT event_id FROM event_articles WHERE article_id = ?", [article_id])]
    db.execute("DELETE FROM event_articles WHERE article_id = ?", [article_id])
    for event_id in events:
        refresh_derived(db, event_id)
    return events


def drop_orphans(db: sqlite_utils.Database, event_ids: list[int]) -> int:
    """Delete extracted events left with no article; refresh search for the others."""
    dropped = 0
    for event_id in event_ids:
        row = db.execute(
            "SELECT status, (SELECT count(*) FROM event_articles "
            "WHERE event_id = events.id AND role = 'report') "
            "FROM events WHERE id = ?", [event_id]).fetchone()
        if row is None:
            continue
        if row[0] == "extracted" and row[1] == 0:
            forget_or_record_deletion(db, event_id)
            delete_event(db, event_id)
            dropped += 1
        else:
            refresh_derived(db, event_id)
    return dropped


def forget_or_record_deletion(db: sqlite_utils.Database, event_id: int) -> None:
    """An extracted event no article reports any more: one only the pipeline ever touched
    (made and unmade while articles were re-read) leaves no history; any other records its
    deletion."""
    uid = db.execute("SELECT uid FROM events WHERE id = ?", [event_id]).fetchone()[0]
    others = db.execute("SELECT count(*) FROM changes WHERE event_uid = ? AND "
                        "(origin != 'pipeline' OR kind != 'create')", [uid]).fetchone()[0]
    if others:
        record_change(db, uid, "delete", origin="pipeline", reason="no report left")
    else:
        db.execute("DELETE FROM changes WHERE event_uid = ?", [uid])


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
# (benchmarks/serve.py) for all. article_count: the distinct pages that report the event
# (its reports, background mentions excluded, and its citations); evidence: the earliest
# report's sentence, else the citations' evidence note.
DERIVED_UPDATE = (
    "UPDATE events SET "
    " evidence = coalesce((SELECT ea.evidence FROM event_articles ea "
    "   JOIN articles a ON a.id = ea.article_id "
    "   WHERE ea.event_id = events.id AND ea.evidence IS NOT NULL AND ea.role = 'report' "
    "   ORDER BY a.published_date, a.id LIMIT 1),"
    "  (SELECT evidence FROM event_sources WHERE event_id = events.id "
    "   AND evidence IS NOT NULL ORDER BY rowid LIMIT 1)),"
    " article_count = (SELECT count(*) FROM ("
    "   SELECT url FROM event_sources WHERE event_id = events.id UNION "
    "   SELECT a.url FROM event_articles ea JOIN articles a ON a.id = ea.article_id "
    "   WHERE ea.event_id = events.id AND ea.role = 'report')),"
    " source_urls = (SELECT group_concat(url, ' ') FROM ("
    "   SELECT url FROM event_sources WHERE event_id = events.id UNION "
    "   SELECT a.url FROM event_articles ea JOIN articles a ON a.id = ea.article_id "
    "   WHERE ea.event_id = events.id AND ea.role = 'report'))"
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
