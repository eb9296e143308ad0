"""Applying curators' decisions (data/curation.yml) to the events, idempotently.

`load_curation` stores the file's decisions in the `curation` table and applies them all;
the store applies the decisions naming an event as soon as it creates that event
(`apply_for_event`), so a rebuild from scratch ends as curated as the database it replaces.
Applying a decision a second time changes nothing and records nothing.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from offlimits.curation import Decision
from offlimits.store.changes import record_change
from offlimits.store.events import (
    curated_fields,
    delete_event,
    event_by_uid,
    move_links,
    record_redirect,
    redirect_target,
    refresh_derived,
    update_event,
)

log = logging.getLogger(__name__)


@dataclass
class CurationSummary:
    applied: int = 0  # decisions that changed something this time
    unchanged: int = 0  # already in effect
    waiting: list[str] = field(default_factory=list)  # naming an event not (yet) stored


class CurationConflict(Exception):
    """A decision that cannot be applied as asked (an unknown entity, a merge into a
    rejected event ...), with a message for the curator."""


def store_decisions(db: sqlite_utils.Database, decisions: list[Decision]) -> None:
    """Replace the `curation` table with these decisions, in file order."""
    db.execute("DELETE FROM curation")
    for seq, d in enumerate(decisions, 1):
        db.execute(
            "INSERT INTO curation (seq, what, event_uid, into_uid, fields, article_url, "
            "reason, who, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [seq, d.what, d.event, d.into, json.dumps(d.set, sort_keys=True) if d.set else None,
             d.article, d.reason, d.who, d.when])


def load_curation(db: sqlite_utils.Database, decisions: list[Decision]) -> CurationSummary:
    """Store and apply every decision (inside the caller's transaction)."""
    store_decisions(db, decisions)
    summary = CurationSummary()
    for decision in decisions:
        outcome = apply_decision(db, decision)
        if outcome is None:
            summary.waiting.append(decision.event)
        elif outcome:
            summary.applied += 1
        else:
            summary.unchanged += 1
    if summary.waiting:
        log.info("curation: %d decision(s) name events not stored yet: %s",
                 len(summary.waiting), ", ".join(summary.waiting[:5]))
    return summary


def stored_decisions(db: sqlite_utils.Database, where: str = "1",
                     params: list[Any] | None = None) -> list[Decision]:
    rows = db.execute_returning_dicts(
        f"SELECT * FROM curation WHERE {where} ORDER BY seq", params or [])
    return [Decision(what=r["what"], event=r["event_uid"], who=r["who"], when=r["at"],
                     reason=r["reason"], into=r["into_uid"],
                     set=json.loads(r["fields"]) if r["fields"] else {},
                     article=r["article_url"]) for r in rows]


def apply_for_event(db: sqlite_utils.Database, uid: str) -> int | None:
    """Apply the stored decisions that name this new event (as itself or as a merge's
    survivor). Returns the id of the event its reports now belong to (None: gone)."""
    for decision in stored_decisions(db, "event_uid = ? OR into_uid = ?", [uid, uid]):
        apply_decision(db, decision)
    row = event_by_uid(db, redirect_target(db, uid) or uid)
    return int(row["id"]) if row else None


def resolve(db: sqlite_utils.Database, uid: str) -> dict[str, Any] | None:
    """The stored event a uid names, following merges."""
    return event_by_uid(db, uid) or (
        event_by_uid(db, target) if (target := redirect_target(db, uid)) else None)


def apply_decision(db: sqlite_utils.Database, d: Decision) -> bool | None:
    """Apply one decision: True when it changed something, False when already in effect,
    None when its event is not stored (yet)."""
    if d.what == "merge":
        return _merge(db, d)
    row = resolve(db, d.event)
    if row is None:
        return None
    kw = {"origin": "curation", "reason": d.reason, "who": d.who, "when": d.when}
    if d.what in ("reject", "verify"):
        status = "rejected" if d.what == "reject" else "verified"
        return _lock(db, row, {"status": status}, kind=d.what, **kw)
    if d.what == "edit":
        return _lock(db, row, edit_columns(db, d.set), kind="edit", **kw)
    return _detach(db, row, d)


def edit_columns(db: sqlite_utils.Database, fields: dict[str, Any]) -> dict[str, Any]:
    """The event columns an edit's fields set (a subject is a product or a vendor)."""
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if key in ("actor", "subject"):
            entity = db.execute("SELECT id, type, vendor_id FROM entities WHERE id = ?",
                                [value]).fetchone()
            if entity is None:
                raise CurationConflict(f"no entity with id {value!r} (see data/entities.yml "
                                       "or the entities table)")
            if key == "actor":
                out["actor_id"] = value
            elif entity[1] == "product":
                out.update(product_id=value, vendor_id=entity[2])
            else:
                out.update(vendor_id=value, product_id=None)
        elif key == "regions":
            out["regions"] = json.dumps(sorted(set(value)))
        elif key == "date":
            out["date"] = value
            out["date_precision"] = {4: "year", 7: "month"}.get(len(value), "day")
        else:
            out[key] = value
    return out


def _lock(db: sqlite_utils.Database, row: dict[str, Any], update: dict[str, Any], *,
          kind: str, **kw: Any) -> bool:
    changed = update_event(db, row, update, kind=kind, **kw)
    locked = sorted(curated_fields(row) | set(update))
    if locked != sorted(curated_fields(row)):
        db["events"].update(row["id"], {"curated": json.dumps(locked)})
        row["curated"] = json.dumps(locked)
    return changed


def _merge(db: sqlite_utils.Database, d: Decision) -> bool | None:
    target = resolve(db, d.into)  # type: ignore[arg-type]
    source = event_by_uid(db, d.event)
    if target is None:
        return None
    if source is None or source["id"] == target["id"]:
        done = redirect_target(db, d.event) == target["uid"]
        if not done and source is None:
            # the merged-away event is not stored (yet): remember where it goes
            record_redirect(db, d.event, target["uid"], reason=d.reason, when=d.when)
            return True
        return False
    move_links(db, source["id"], target["id"])
    record_redirect(db, source["uid"], target["uid"], reason=d.reason, when=d.when,
                    merged=source)
    record_change(db, source["uid"], "merge", before={"uid": source["uid"]},
                  after={"uid": target["uid"]}, origin="curation", reason=d.reason,
                  who=d.who, when=d.when)
    record_change(db, target["uid"], "merge", before={"merged": source["uid"]},
                  after={"uid": target["uid"]}, origin="curation", reason=d.reason,
                  who=d.who, when=d.when)
    delete_event(db, source["id"])
    refresh_derived(db, target["id"])
    return True


def _detach(db: sqlite_utils.Database, row: dict[str, Any], d: Decision) -> bool:
    new = db.execute("INSERT OR IGNORE INTO event_detachments (event_uid, article_url, "
                     "detached_at, reason) VALUES (?, ?, ?, ?)",
                     [row["uid"], d.article, d.when, d.reason]).rowcount
    gone = db.execute("DELETE FROM event_articles WHERE event_id = ? AND article_id IN "
                      "(SELECT id FROM articles WHERE url = ?)",
                      [row["id"], d.article]).rowcount
    if not (new or gone):
        return False
    record_change(db, row["uid"], "detach", before={"article": d.article} if gone else None,
                  after=None, origin="curation", reason=d.reason, who=d.who, when=d.when)
    refresh_derived(db, row["id"])
    return True
