"""/-/events/<uid>: the stable address of one event, which feeds and exports link to.

Until the event page of its own lands (issue 8), the address sends the reader to the event's
row in Datasette (`/offlimits/events/<id>`), so links in feeds never break.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from datasette.utils.asgi import NotFound, Request, Response

from offlimits.web.database import DATABASE_NAME, offlimits_database

if TYPE_CHECKING:  # datasette.app imports this plugin while it loads
    from datasette.app import Datasette


async def event_link(datasette: Datasette, request: Request) -> Response:
    """Redirect a stable event id to the event's current row page; 404 when no event has it."""
    uid = request.url_vars["uid"]
    row = (await offlimits_database(datasette).execute(
        "SELECT id FROM events WHERE uid = :uid", {"uid": uid})).first()
    if row is None:
        raise NotFound(f"No event with id {uid!r}")
    return Response.redirect(datasette.urls.path(f"/{DATABASE_NAME}/events/{row['id']}"))
