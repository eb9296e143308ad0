"""Atom (RFC 4287) and iCalendar (RFC 5545) for any timeline view: /-/timeline.atom, .ics.

Both take every timeline filter, so a subscription follows exactly the view it came from.
Entry ids and UIDs come from events.uid, which survives rebuilds; an entry's <updated> is
the event's last real change (events.updated_at).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from datasette.utils.asgi import Response
from feedgen.feed import FeedGenerator

from offlimits.web.calendar_text import all_day_span, calendar, escape_text
from offlimits.web.database import offlimits_database
from offlimits.web.safe_text import is_web_link, xml_text
from offlimits.web.timeline_data import EventView, fetch_event_page
from offlimits.web.timeline_request import read_timeline_request

if TYPE_CHECKING:  # datasette.app imports this plugin while it loads
    from datasette.app import Datasette
    from datasette.utils.asgi import Request

FEED_AUTHOR = {"name": "offlimits", "uri": "https://github.com/offlimits/offlimits"}
_EPOCH = "1970-01-01T00:00:00Z"


def event_title(event: EventView) -> str:
    """"Actor: ban Product (2025-02-04)", from the names the event has."""
    actor = event.names.get("actor", {}).get("name", "Unknown actor")
    target = (event.names.get("product") or event.names.get("vendor") or {}).get(
        "name", "an AI tool"
    )
    return f"{actor}: {event.action} {target} ({event.date or 'undated'})"


def event_text(event: EventView) -> str:
    parts = [event.summary or ""]
    if event.evidence:
        parts.append(f"Evidence: {event.evidence}")
    parts.extend(
        f"Source: {a.title} ({a.outlet}) {a.url if is_web_link(a.url) else ''}".rstrip()
        for a in event.articles
    )
    return "\n".join(p for p in parts if p)


def _timestamp(value: str | None) -> datetime:
    text = (value or _EPOCH).replace("Z", "+00:00")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = datetime.fromisoformat(_EPOCH.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _feed_error(message: str) -> Response:
    return Response.text(f"Error: {message}\n", status=400)


async def timeline_atom(datasette: Datasette, request: Request) -> Response:
    """The newest 100 events of the view as an Atom feed."""
    db = offlimits_database(datasette)
    parsed = await read_timeline_request(db, request.args)
    if parsed.error:
        return _feed_error(parsed.error)
    page = await fetch_event_page(db, parsed.filter)
    query = parsed.filter.query_string(page=1)
    view_url = datasette.absolute_url(request, datasette.urls.path(
        "/-/timeline" + (f"?{query}" if query else "")
    ))
    feed = FeedGenerator()
    feed.id(view_url)
    feed.title("offlimits: AI restrictions" + (" (filtered)" if query else ""))
    feed.subtitle(xml_text("; ".join(parsed.notices)) or "Who put which AI tool off limits")
    feed.author(FEED_AUTHOR)
    feed.link(href=view_url, rel="alternate", type="text/html")
    feed.link(href=datasette.absolute_url(request, request.full_path), rel="self")
    feed.generator(generator="offlimits")
    updated = [_timestamp(e.updated_at) for e in page.events]
    feed.updated(max(updated) if updated else _timestamp(None))
    for event, moment in reversed(list(zip(page.events, updated, strict=True))):
        entry = feed.add_entry()  # prepended: reversed() keeps the newest first
        event_url = datasette.absolute_url(request, datasette.urls.path(
            f"/-/events/{event.uid or event.id}"
        ))
        entry.id(f"urn:offlimits:event:{event.uid or event.id}")
        entry.title(xml_text(event_title(event)))
        entry.updated(moment)
        entry.author(FEED_AUTHOR)
        # One link, the event's page (feedgen 1.0 drops rel on entry links, so the
        # articles' URLs go in the content rather than as rel="related" links).
        entry.link(href=event_url)
        entry.content(xml_text(event_text(event)), type="text")
    return Response(
        feed.atom_str(pretty=True), status=200,
        content_type="application/atom+xml; charset=utf-8",
    )


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def event_properties(
    event: EventView, url: str, now: datetime, *, effective: bool = False,
) -> list[tuple[str, str]] | None:
    """The VEVENT of an event's date (or of its effective date), all-day; None if undated."""
    value = event.effective_date if effective else event.date
    span = all_day_span(value or "")
    if span is None:
        return None
    start, end = span
    title = event_title(event) if not effective else f"In effect: {event_title(event)}"
    uid = f"{event.uid or event.id}{'-effective' if effective else ''}@offlimits"
    return [
        ("UID", escape_text(uid)),
        ("DTSTAMP", _stamp(now)),
        ("LAST-MODIFIED", _stamp(_timestamp(event.updated_at))),
        ("DTSTART;VALUE=DATE", start.strftime("%Y%m%d")),
        ("DTEND;VALUE=DATE", end.strftime("%Y%m%d")),
        ("SUMMARY", escape_text(xml_text(title))),
        ("DESCRIPTION", escape_text(xml_text(event_text(event)))),
        ("URL;VALUE=URI", url),
        ("TRANSP", "TRANSPARENT"),
    ]


async def timeline_ics(datasette: Datasette, request: Request) -> Response:
    """The newest 100 events of the view as all-day calendar entries (a month- or
    year-precision event spans its month or year), plus each effective date."""
    db = offlimits_database(datasette)
    parsed = await read_timeline_request(db, request.args)
    if parsed.error:
        return _feed_error(parsed.error)
    page = await fetch_event_page(db, parsed.filter)
    now = datetime.now(UTC)
    entries = []
    for event in page.events:
        url = datasette.absolute_url(request, datasette.urls.path(
            f"/-/events/{event.uid or event.id}"
        ))
        for effective in (False, True):
            properties = event_properties(event, url, now, effective=effective)
            if properties:
                entries.append(properties)
    body = calendar("offlimits: AI restrictions", entries)
    return Response(body, status=200, content_type="text/calendar; charset=utf-8")
