"""Atom feeds that stay valid when empty.

datasette-atom 0.9 computes the feed's <updated> as max() over the rows, so a query with no
rows (no new events this week) fails with a server error. This renderer answers that case
with a valid feed without entries, and hands every other case to datasette-atom.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import datasette_atom
from datasette import __version__
from datasette.utils.asgi import Response
from feedgen.feed import FeedGenerator

from offlimits.web.safe_text import xml_text


def render_atom(datasette: Any, request: Any, sql: str, columns: list[str], rows: list[Any],
                database: str, table: str | None, query_name: str | None, view_name: str,
                data: dict[str, Any]) -> Response:
    """datasette-atom's renderer (its text stripped of characters XML cannot carry, which
    made it a server error), plus an empty feed for an empty result."""
    rows = [
        {column: xml_text(value) if isinstance(value, str) else value
         for column, value in zip(columns, row, strict=False)}
        for row in rows
    ]
    if rows or not datasette_atom.REQUIRED_COLUMNS.issubset(columns):
        return datasette_atom.render_atom(
            datasette, request, sql, columns, rows, database, table, query_name, view_name,
            data,
        )
    feed = FeedGenerator()
    feed.generator(generator="Datasette", version=__version__)
    feed.id(request.url)
    feed.link(href=request.url, rel="self")
    feed.updated(datetime.now(UTC))
    title = request.args.get("_feed_title") or query_name or table or "offlimits"
    if query_name:
        queries = (datasette.metadata(database=database) or {}).get("queries") or {}
        query = queries.get(query_name)
        if isinstance(query, dict) and query.get("title"):
            title = query["title"]
    feed.title(title)
    return Response(
        feed.atom_str(pretty=True),
        content_type="application/xml; charset=utf-8",
        status=200,
    )


def atom_renderer() -> dict[str, Any]:
    return {
        "extension": "atom",
        "render": render_atom,
        "can_render": datasette_atom.can_render_atom,
    }
