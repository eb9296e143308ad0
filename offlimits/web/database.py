"""Which Datasette database the offlimits pages read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from datasette.utils.asgi import NotFound

if TYPE_CHECKING:  # datasette.app imports this plugin while it loads
    from datasette.app import Datasette
    from datasette.database import Database

DATABASE_NAME = "offlimits"


def offlimits_database(datasette: Datasette) -> Database:
    """The database named `offlimits`; a 404 naming it when it is not served."""
    try:
        return datasette.get_database(DATABASE_NAME)
    except KeyError:
        raise NotFound(
            f"No database named {DATABASE_NAME!r} is served: start it with `offlimits serve`"
        ) from None
