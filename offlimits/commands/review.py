"""`offlimits review`: curators' decisions on events, kept in data/curation.yml.

`queue` lists extracted events waiting for a decision; `verify`, `reject`, `merge`, `edit`
and `detach` each append one decision to the curation file and apply it to the database in
one transaction. Every later init, scrape, run and reextract applies the file again.
"""

from __future__ import annotations

import getpass
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from offlimits.curation import (
    CurationError,
    append_decision,
    check_decision,
    curation_path,
    read_curation,
)


def _who() -> str:
    try:
        return os.environ.get("OFFLIMITS_CURATOR") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


@click.group("review")
@click.option("--file", "path", metavar="PATH", type=click.Path(path_type=Path),
              help="Curation file [env OFFLIMITS_CURATION; default data/curation.yml].")
@click.option("--who", metavar="NAME", help="Who decides [env OFFLIMITS_CURATOR; default: "
              "your login name].")
@click.pass_context
def review(ctx: click.Context, path: Path | None, who: str | None) -> None:
    """Review extracted events: the queue, and decisions that stick across rebuilds."""
    ctx.obj = {"settings": ctx.obj, "path": path or curation_path(), "who": who or _who()}


@review.command()
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10000))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_obj
def queue(obj: dict[str, Any], limit: int, as_json: bool) -> None:
    """Extracted events waiting for a decision, newest and most-reported first."""
    from offlimits.store import StoreError, open_store

    try:
        db = open_store(obj["settings"].db, create=False)
    except StoreError as e:
        raise click.ClickException(str(e)) from None
    rows = db.execute_returning_dicts(
        "SELECT uid, date, action, summary, article_count, first_reported_at FROM events "
        "WHERE status = 'extracted' ORDER BY first_reported_at DESC, article_count DESC, uid "
        "LIMIT ?", [limit])
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        click.echo("nothing waiting: every event is verified or rejected")
        return
    for r in rows:
        click.echo(f"{r['uid']}  {r['date'] or '-':10}  {r['action']:11}  "
                   f"{r['article_count']:>3} report(s)  {r['summary']}")


def _decide(obj: dict[str, Any], make: Callable[[Any, dict[str, Any]], dict[str, Any]],
            uid: str, done: str) -> None:
    """Resolve the event, build and check the decision, apply it and append it to the file,
    all or nothing."""
    from offlimits.runlock import AlreadyRunning, writer_lock
    from offlimits.store import StoreError, open_store, utcnow
    from offlimits.store.curation import (
        CurationConflict,
        apply_decision,
        resolve,
        store_decisions,
    )
    from offlimits.store.transaction import transaction

    path: Path = obj["path"]
    try:
        existing = read_curation(path)
        with writer_lock(obj["settings"].db):
            db = open_store(obj["settings"].db, create=False)
            row = resolve(db, uid)
            if row is None:
                raise CurationError(f"no event with id {uid!r} (see `offlimits review queue` "
                                    "or the event's page)")
            fields = {"what": None, "event": row["uid"], "who": obj["who"], "when": utcnow()}
            fields.update(make(db, row))
            decision = check_decision(fields, "this decision")
            with transaction(db):
                store_decisions(db, [*existing, decision])
                outcome = apply_decision(db, decision)
                if outcome is None:
                    raise CurationError(f"the event {decision.into or uid} is not stored")
                if outcome:
                    append_decision(path, decision)
    except (CurationError, CurationConflict, StoreError, AlreadyRunning) as e:
        raise click.ClickException(str(e)) from None
    if outcome:
        click.echo(f"{row['uid']}: {done}; recorded in {path}")
    else:
        click.echo(f"{row['uid']}: already so, nothing recorded")


def _as_decision(what: str, **extra: Any) -> Callable[[Any, dict[str, Any]], dict[str, Any]]:
    return lambda db, row: {"what": what, **{k: v for k, v in extra.items() if v is not None}}


@review.command()
@click.argument("uid")
@click.option("--reason", help="Why (optional).")
@click.pass_obj
def verify(obj: dict[str, Any], uid: str, reason: str | None) -> None:
    """Mark event UID as checked by a person."""
    _decide(obj, _as_decision("verify", reason=reason), uid, "verified")


@review.command()
@click.argument("uid")
@click.option("--reason", required=True, help="Why it is not an event (required).")
@click.pass_obj
def reject(obj: dict[str, Any], uid: str, reason: str) -> None:
    """Reject event UID: it leaves the timeline and stays rejected."""
    _decide(obj, _as_decision("reject", reason=reason), uid, "rejected")


@review.command()
@click.argument("uid")
@click.option("--into", "into", required=True, metavar="UID", help="The event it joins.")
@click.option("--reason", help="Why (optional).")
@click.pass_obj
def merge(obj: dict[str, Any], uid: str, into: str, reason: str | None) -> None:
    """Merge event UID into another; its id redirects to the survivor."""
    from offlimits.store.curation import resolve

    def make(db: Any, row: dict[str, Any]) -> dict[str, Any]:
        target = resolve(db, into)
        if target is None:
            raise CurationError(f"no event with id {into!r} to merge into")
        if target["uid"] == row["uid"]:
            raise CurationError(f"{uid} and {into} are already one event")
        return {"what": "merge", "into": target["uid"], "reason": reason}

    _decide(obj, make, uid, f"merged into {into}")


@review.command()
@click.argument("uid")
@click.option("--actor", help="Entity id or name of who acted.")
@click.option("--subject", help="Entity id or name of the product or vendor restricted.")
@click.option("--action", help="ban, restrict, suspend, lift, investigate or warn.")
@click.option("--regions", help="ISO codes, comma-separated ('' for none).")
@click.option("--date", help="YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--effective-date", "effective_date", help="YYYY-MM-DD ('' for none).")
@click.option("--reason", help="Why (optional).")
@click.pass_obj
def edit(obj: dict[str, Any], uid: str, reason: str | None, **given: str | None) -> None:
    """Set fields of event UID; no later run overwrites them."""
    fields: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
    if not fields:
        raise click.UsageError("give at least one of --actor, --subject, --action, --regions, "
                               "--date, --effective-date")

    def make(db: Any, row: dict[str, Any]) -> dict[str, Any]:
        out = dict(fields)
        for key in ("actor", "subject"):
            if key in out:
                out[key] = _entity_id(db, out[key])
        if "regions" in out:
            out["regions"] = [r.strip().upper() for r in out["regions"].split(",") if r.strip()]
        if out.get("effective_date") == "":
            out["effective_date"] = None
        return {"what": "edit", "set": out, "reason": reason}

    _decide(obj, make, uid, "edited (" + ", ".join(fields) + ")")


@review.command()
@click.argument("uid")
@click.argument("article")
@click.option("--reason", help="Why (optional).")
@click.pass_obj
def detach(obj: dict[str, Any], uid: str, article: str, reason: str | None) -> None:
    """Take ARTICLE (its id or URL) off event UID; it is not attached to it again."""

    def make(db: Any, row: dict[str, Any]) -> dict[str, Any]:
        found = db.execute("SELECT url FROM articles WHERE url = ? OR CAST(id AS TEXT) = ?",
                           [article, article]).fetchone()
        if found is None:
            raise CurationError(f"no article {article!r} (give its id or its URL)")
        linked = db.execute("SELECT 1 FROM event_articles ea JOIN articles a ON "
                            "a.id = ea.article_id WHERE ea.event_id = ? AND a.url = ?",
                            [row["id"], found[0]]).fetchone()
        if linked is None:
            raise CurationError(f"article {article} is not attached to {uid}")
        return {"what": "detach", "article": found[0], "reason": reason}

    _decide(obj, make, uid, f"article {article} detached")


def _entity_id(db: Any, value: str) -> str:
    """An entity id from its id or its name (any case)."""
    row = db.execute("SELECT id FROM entities WHERE id = ? OR lower(name) = lower(?) "
                     "ORDER BY id = ? DESC LIMIT 1", [value, value, value]).fetchone()
    if row is None:
        raise CurationError(f"no entity {value!r} (use an id from the entities table or "
                            "data/entities.yml)")
    return row[0]
