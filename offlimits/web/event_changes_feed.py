"""/-/changes.atom: every recorded change to an event (create, edit, merge, reject, verify,
detach, delete), newest first, each linking to the event's page; `?event=<uid>`: one
event's changes (the event page's "follow this event" link)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from datasette.utils.asgi import BadRequest, Request, Response
from feedgen.feed import FeedGenerator

from offlimits.web.database import offlimits_database
from offlimits.web.safe_text import xml_text

if TYPE_CHECKING:  # datasette.app imports this plugin while it loads
    from datasette.app import Datasette

LIMIT = 200
_UID = re.compile(r"^[A-Za-z0-9-]{1,64}$")


def _stamp(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return datetime(1970, 1, 1, tzinfo=UTC)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _describe(before: str | None, after: str | None) -> str:
    b, a = json.loads(before) if before else {}, json.loads(after) if after else {}
    keys = list(dict.fromkeys([*a, *b]))
    return "; ".join(f"{k}: {b.get(k, '—') if k in b else ''}{' → ' if k in b else ''}"
                     f"{a.get(k, '—')}" for k in keys)


async def changes_atom(datasette: Datasette, request: Request) -> Response:
    """The last LIMIT changes as an Atom feed (the `changes` table holds them all)."""
    db = offlimits_database(datasette)
    uid = (request.args.get("event") or "").strip()
    if uid and not _UID.match(uid):
        raise BadRequest(f"event must be an event id such as e4k2m9x7qa, not {uid[:30]!r}")
    unknown = sorted(set(request.args) - {"event"})
    if unknown:
        raise BadRequest(f"unknown parameter {unknown[0]!r}: /-/changes.atom takes event=")
    rows = []
    if "changes" in await db.table_names():
        where = "WHERE c.event_uid = :uid " if uid else ""
        rows = (await db.execute(
            "SELECT c.id, c.at, c.event_uid, c.kind, c.before, c.after, c.reason, c.who, "
            "c.origin, e.summary FROM changes c LEFT JOIN events e ON e.uid = c.event_uid "
            f"{where}ORDER BY c.at DESC, c.id DESC LIMIT {LIMIT}", {"uid": uid})).rows
    feed = FeedGenerator()
    path = "/-/changes.atom" + (f"?event={uid}" if uid else "")
    self_url = datasette.absolute_url(request, datasette.urls.path(path))
    changes_url = datasette.absolute_url(request, datasette.urls.path("/-/changes.atom"))
    feed.id(self_url)
    feed.link(href=self_url, rel="self")
    feed.title(f"offlimits: changes to event {uid}" if uid else "offlimits: changes to events")
    feed.updated(_stamp(rows[0]["at"]) if rows else datetime.now(UTC))
    for row in reversed(rows):  # feedgen puts the last added first
        entry = feed.add_entry()
        link = datasette.absolute_url(request,
                                      datasette.urls.path(f"/-/events/{row['event_uid']}"))
        entry.id(f"{changes_url}#change-{row['id']}")  # the same id in every feed
        entry.title(xml_text(f"{row['kind']}: {row['summary'] or row['event_uid']}"))
        entry.link(href=link)
        entry.updated(_stamp(row["at"]))
        entry.author({"name": xml_text(row["who"] or row["origin"])})
        text = _describe(row["before"], row["after"])
        if row["reason"]:
            text = f"{row['reason']}. {text}" if text else row["reason"]
        entry.summary(xml_text(text or row["kind"]))
    return Response(feed.atom_str(pretty=True), content_type="application/xml; charset=utf-8")
