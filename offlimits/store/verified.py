"""Loading hand-verified events (`data/events.yml`) as events with status `verified`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Protocol

import sqlite_utils
import yaml

from offlimits.extract.model import ACTIONS, DATE_PRECISIONS, Entity
from offlimits.extract.names import slugify
from offlimits.store.changes import record_change
from offlimits.store.citations import Citation, CitationError, parse_citations
from offlimits.store.entities import ensure_entity
from offlimits.store.events import (
    EventFacts,
    curated_fields,
    delete_event,
    event_uid,
    find_matching_event,
    insert_event,
    merge_into,
    move_links,
    record_redirect,
    redirect_target,
    refresh_derived,
    update_event,
)
from scrapers.urls import UrlError, canonical_url

ACTOR_TYPES = {"company", "government", "regulator", "vendor", "legislature", "military", "court"}
REQUIRED = ("id", "date", "date_precision", "actor", "action", "summary", "sources")


class VerifiedEventsError(Exception):
    """A mistake in the verified events file, naming the event and the field."""


class Resolver(Protocol):
    def resolve(self, name: str) -> Entity | None: ...


def read_verified_events(path: Path) -> list[dict[str, Any]]:
    """Parse and check the file; every problem is reported with the event id and field."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as e:
        raise VerifiedEventsError(f"cannot read {path}: {e.strerror}") from e
    except yaml.YAMLError as e:
        raise VerifiedEventsError(f"{path}: not valid YAML: {e}") from e
    events = (data or {}).get("events") if isinstance(data, dict) else None
    if not isinstance(events, list):
        raise VerifiedEventsError(f"{path}: expected a top-level 'events:' list")
    seen: set[str] = set()
    for number, event in enumerate(events, 1):
        label = event.get("id", f"#{number}") if isinstance(event, dict) else f"#{number}"
        where = f"{path}: event {label}"
        if not isinstance(event, dict):
            raise VerifiedEventsError(f"{where}: expected a mapping")
        for key in REQUIRED:
            if not event.get(key):
                raise VerifiedEventsError(f"{where}: '{key}' is required")
        if event["id"] in seen:
            raise VerifiedEventsError(f"{where}: duplicate id")
        seen.add(event["id"])
        if event["action"] not in ACTIONS:
            raise VerifiedEventsError(f"{where}: action must be one of {', '.join(ACTIONS)}")
        if event["date_precision"] not in DATE_PRECISIONS:
            raise VerifiedEventsError(f"{where}: date_precision must be day, month or year")
        if event.get("actor_type") and event["actor_type"] not in ACTOR_TYPES:
            raise VerifiedEventsError(f"{where}: unknown actor_type {event['actor_type']!r}")
        if not (event.get("vendor") or event.get("product")):
            raise VerifiedEventsError(f"{where}: a vendor or a product is required")
        if not isinstance(event.get("regions") or [], list):
            raise VerifiedEventsError(f"{where}: regions must be a list of codes")
        try:
            event["citations"] = parse_citations(event["sources"])
        except CitationError as e:
            raise VerifiedEventsError(f"{where}: {e}") from None
        event["date"] = str(event["date"])
    return events


def _entity(db: sqlite_utils.Database, resolver: Resolver, name: str | None, type_: str,
            country: str | None = None, vendor_id: str | None = None) -> str | None:
    if not name:
        return None
    found = resolver.resolve(name)
    if found:
        return ensure_entity(db, found)
    return ensure_entity(db, Entity(id=slugify(name), name=name, type=type_, country=country,
                                    vendor_id=vendor_id, known=False))


def load_verified_events(db: sqlite_utils.Database, resolver: Resolver, path: Path) -> int:
    """Upsert every verified event, then fold matching extracted events into them."""
    events = read_verified_events(path)
    for event in events:
        actor_type = event.get("actor_type") or "organisation"
        vendor_id = _entity(db, resolver, event.get("vendor"), "vendor")
        facts = EventFacts(
            action=event["action"],
            actor_id=_entity(db, resolver, event["actor"],
                             "vendor" if actor_type == "vendor" else actor_type,
                             event.get("actor_country")),
            vendor_id=vendor_id,
            product_id=_entity(db, resolver, event.get("product"), "product", vendor_id=vendor_id),
            affected_id=_entity(db, resolver, event.get("affected"), "organisation"),
            replacement_id=_entity(db, resolver, event.get("replacement"), "product"),
            regions=list(event.get("regions") or []),
            date=event["date"], date_precision=event["date_precision"],
            effective_date=event.get("effective_date") or None,
            summary=event["summary"],
            reported_at=event["date"],
        )
        rows = db.execute_returning_dicts("SELECT * FROM events WHERE verified_id = ?",
                                          [event["id"]])
        if rows:
            row = rows[0]
            event_id = row["id"]
            update = {
                "actor_id": facts.actor_id, "vendor_id": facts.vendor_id,
                "product_id": facts.product_id, "affected_id": facts.affected_id,
                "replacement_id": facts.replacement_id, "action": facts.action,
                "regions": json.dumps(sorted(set(facts.regions))), "date": facts.date,
                "date_precision": facts.date_precision,
                "effective_date": facts.effective_date, "summary": facts.summary,
            }
            locked = curated_fields(row)
            update = {k: v for k, v in update.items() if k not in locked}
            if row["status"] != "verified" and "status" not in locked:
                update["status"] = "verified"
            # only a change of the verified data touches the row (Atom dates entries by it)
            update_event(db, row, update, origin="events.yml")
        elif redirect_target(db, event_uid(facts, event["id"])):
            continue  # a curator merged it into another event
        else:
            event_id = insert_event(db, facts, status="verified", verified_id=event["id"],
                                    origin="events.yml")
        replace_citations(db, event_id, event["citations"])
        refresh_derived(db, event_id)
    absorb_extracted(db)
    return len(events)


def replace_citations(db: sqlite_utils.Database, event_id: int,
                      citations: list[Citation]) -> None:
    """The event's citations as the file has them, each URL in its canonical spelling (the
    one its article would be stored under, so article_count counts a page once)."""
    db.execute("DELETE FROM event_sources WHERE event_id = ?", [event_id])
    for c in citations:
        db.execute("INSERT OR IGNORE INTO event_sources "
                   "(event_id, url, title, outlet, published, evidence) "
                   "VALUES (?, ?, ?, ?, ?, ?)",
                   [event_id, canonical(c.url), c.title, c.outlet, c.published, c.note])


def canonical(url: str) -> str:
    try:
        return canonical_url(url)
    except UrlError:
        return url


def absorb_extracted(db: sqlite_utils.Database) -> int:
    """Move reports of extracted events onto the verified event they match."""
    moved = 0
    rows = db.execute_returning_dicts("SELECT * FROM events WHERE status = 'extracted'")
    for row in rows:
        facts = EventFacts(
            action=row["action"], actor_id=row["actor_id"], vendor_id=row["vendor_id"],
            product_id=row["product_id"], affected_id=row["affected_id"],
            replacement_id=row["replacement_id"], regions=json.loads(row["regions"] or "[]"),
            date=row["date"], date_precision=row["date_precision"],
            effective_date=row["effective_date"], reported_at=row["first_reported_at"])
        target = find_matching_event(db, facts)
        if not target or target["status"] != "verified":
            continue
        merge_into(db, target, facts)
        move_links(db, row["id"], target["id"])
        record_redirect(db, row["uid"], target["uid"], reason="matches a verified event",
                        merged=row)
        record_change(db, row["uid"], "merge", before={"uid": row["uid"]},
                      after={"uid": target["uid"]}, origin="pipeline",
                      reason="matches a verified event")
        delete_event(db, row["id"])
        refresh_derived(db, target["id"])
        moved += 1
    return moved
