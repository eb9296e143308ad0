"""The `changes` table: every create, edit, merge, reject, verify, detach and delete of an
event."""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from offlimits.store.db import utcnow

KINDS = ("create", "edit", "merge", "reject", "verify", "detach", "delete")


def record_change(db: sqlite_utils.Database, event_uid: str, kind: str, *,
                  before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
                  origin: str, reason: str | None = None, who: str | None = None,
                  when: str | None = None) -> None:
    """Append one change (call inside the transaction that makes it)."""
    if kind not in KINDS:
        raise ValueError(f"unknown change kind {kind!r}")
    db.execute(
        "INSERT INTO changes (at, event_uid, kind, before, after, reason, who, origin) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [when or utcnow(), event_uid, kind, _json(before), _json(after), reason, who, origin])


def _json(value: dict[str, Any] | None) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def event_history(db: sqlite_utils.Database, uids: list[str]) -> list[dict[str, Any]]:
    """The changes of these uids (an event and the uids merged into it), oldest first."""
    if not uids:
        return []
    marks = ",".join("?" * len(uids))
    rows = db.execute_returning_dicts(
        f"SELECT * FROM changes WHERE event_uid IN ({marks}) ORDER BY at, id", uids)
    for row in rows:
        row["before"] = json.loads(row["before"]) if row["before"] else None
        row["after"] = json.loads(row["after"]) if row["after"] else None
    return rows
