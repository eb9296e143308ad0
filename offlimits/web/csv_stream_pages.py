"""ASGI middleware: a streamed CSV export reads max_returned_rows per page, not the page size.

Datasette streams `?_stream=on` CSV by paging through the table with the table's page size
(100 rows) unless `_size=max` is given; on a view each page re-runs the view from an offset,
so 100,000 events took 50 s in 1,000 pages. Asking for the largest page makes the documented
URL /offlimits/timeline.csv?_stream=on complete in a few seconds. The rows are the same.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl


def wants_bigger_csv_pages(scope: dict[str, Any]) -> bool:
    if scope.get("type") != "http" or not scope.get("path", "").endswith(".csv"):
        return False
    args = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1"),
                          keep_blank_values=True))
    return bool(args.get("_stream")) and "_size" not in args


def stream_csv_in_big_pages(app: Any) -> Any:
    """Wrap an ASGI app so that streamed CSV requests without _size get `_size=max`."""

    async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if wants_bigger_csv_pages(scope):
            query = scope.get("query_string", b"")
            scope = dict(scope, query_string=query + b"&_size=max")
        await app(scope, receive, send)

    return wrapped
