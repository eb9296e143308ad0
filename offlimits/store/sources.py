"""The `sources` and `polls` tables: what is polled, when it is due, and how it fared."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlite_utils

from offlimits.store.db import utcnow
from offlimits.store.transaction import transaction

MAX_BACKOFF = timedelta(hours=24)
JITTER = 0.1  # +-10 % of the interval, so sources do not all fall due at once


@dataclass
class SourceRow:
    """The configuration fields of a source as the store keeps them."""

    id: str
    name: str
    kind: str
    url: str | None
    query: str | None
    interval_minutes: int
    language: str | None
    region: str | None
    enabled: bool


def parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def format_time(value: datetime) -> str:
    return value.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def sync_sources(db: sqlite_utils.Database, rows: list[SourceRow]) -> None:
    """Insert new sources and update configuration of known ones; health fields are kept.

    Sources no longer in the list are marked disabled, never deleted (their polls and
    articles still point at them).
    """
    with transaction(db):
        known = {r["id"] for r in db.query("SELECT id FROM sources")}
        for row in rows:
            values: dict[str, Any] = {
                "name": row.name, "kind": row.kind, "url": row.url, "query": row.query,
                "interval_minutes": row.interval_minutes, "language": row.language,
                "region": row.region, "enabled": int(row.enabled),
            }
            if row.id in known:
                db["sources"].update(row.id, values)
            else:
                db["sources"].insert({"id": row.id, **values})
        listed = {row.id for row in rows}
        for gone in known - listed:
            db["sources"].update(gone, {"enabled": 0})


def due_source_ids(db: sqlite_utils.Database, now: datetime | None = None) -> list[str]:
    """Enabled sources whose next due time has come (or that were never polled)."""
    now_text = format_time(now or datetime.now(UTC))
    return [
        r["id"]
        for r in db.query(
            "SELECT id FROM sources WHERE enabled = 1 AND (next_due_at IS NULL OR next_due_at <= ?)"
            " ORDER BY coalesce(next_due_at, ''), id",
            [now_text],
        )
    ]


def source_state(db: sqlite_utils.Database, source_id: str) -> dict[str, Any]:
    rows = list(db.query("SELECT * FROM sources WHERE id = ?", [source_id]))
    return rows[0] if rows else {}


def next_due(
    finished: datetime,
    interval_minutes: int,
    consecutive_failures: int,
    retry_after_seconds: float | None = None,
    rng: random.Random | None = None,
) -> datetime:
    """When to poll again: the interval with jitter, doubled for each failure in a row (capped),
    and never sooner than a server's Retry-After."""
    rng = rng or random.Random()
    base = timedelta(minutes=interval_minutes)
    if consecutive_failures:
        base = min(base * (2 ** min(consecutive_failures, 16)), MAX_BACKOFF)
    delay = base * (1 + rng.uniform(-JITTER, JITTER))
    if retry_after_seconds:
        delay = max(delay, timedelta(seconds=retry_after_seconds))
    return finished + delay


def begin_poll(db: sqlite_utils.Database, source_id: str, started_at: str) -> int:
    """Open the `polls` row that the poll's articles point at; `finish_poll` fills it in."""
    return int(db.conn.execute(
        "INSERT INTO polls (source_id, started_at, finished_at, status) "
        "VALUES (?, ?, ?, 'running')", [source_id, started_at, started_at]).lastrowid)


def finish_poll(
    db: sqlite_utils.Database,
    poll_id: int,
    *,
    source_id: str,
    started_at: str,
    finished_at: str,
    ok: bool,
    not_modified: bool,
    http_status: int | None,
    error: str | None,
    warnings: list[str] | None = None,
    items_seen: int,
    items_new: int,
    items_duplicate: int,
    pages_fetched: int,
    etag: str | None,
    last_modified: str | None,
    retry_after_seconds: float | None,
) -> None:
    """Complete the poll's row and the source's health; call inside the poll's transaction."""
    status = "not_modified" if not_modified else ("ok" if ok else "error")
    started, finished = parse_time(started_at), parse_time(finished_at)
    duration_ms = int((finished - started).total_seconds() * 1000) if started and finished else None
    conn = db.conn
    conn.execute(
        "UPDATE polls SET finished_at = ?, duration_ms = ?, status = ?, http_status = ?, "
        "items_seen = ?, items_new = ?, items_duplicate = ?, pages_fetched = ?, error = ?, "
        "warnings = ? WHERE id = ?",
        [finished_at, duration_ms, status, http_status, items_seen, items_new,
         items_duplicate, pages_fetched, error, dumps(warnings) if warnings else None,
         poll_id])
    row = conn.execute("SELECT consecutive_failures, interval_minutes FROM sources WHERE id = ?",
                       [source_id]).fetchone()
    state = {"consecutive_failures": row[0], "interval_minutes": row[1]} if row else {}
    failures = 0 if ok else int(state.get("consecutive_failures") or 0) + 1
    update: dict[str, Any] = {
        "last_status": status, "last_http_status": http_status, "last_error": error,
        "last_polled_at": finished_at, "consecutive_failures": failures,
        "next_due_at": format_time(next_due(
            finished or datetime.now(UTC), int(state.get("interval_minutes") or 30),
            failures, retry_after_seconds)),
    }
    if ok:
        update["last_success_at"] = finished_at
        if not not_modified:  # a fresh 200 replaces the validators; a 304 keeps them
            update["etag"] = etag
            update["last_modified"] = last_modified
    if items_new:
        update["last_new_item_at"] = finished_at
    conn.execute(
        f"UPDATE sources SET {', '.join(f'{column} = ?' for column in update)} WHERE id = ?",
        [*update.values(), source_id])


def source_health(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Each source with its health, for `offlimits sources`."""
    return list(db.query(
        "SELECT id, kind, enabled, last_status, last_http_status, last_success_at, "
        "last_new_item_at, consecutive_failures, next_due_at, last_error, "
        "(SELECT count(*) FROM articles WHERE source_id = sources.id) AS articles "
        "FROM sources ORDER BY id"
    ))


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


__all__ = [
    "SourceRow", "sync_sources", "due_source_ids", "begin_poll", "finish_poll", "source_health",
    "next_due", "utcnow",
]
