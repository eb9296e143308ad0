"""ASGI middleware for Datasette's own CSV (tables, views, canned queries):

served as text/csv (Datasette says text/plain unless `_dl` is given), with a UTF-8 byte
order mark when `_bom=1` is asked for (Datasette 0.65 has no such option), and every cell
that starts like a spreadsheet formula (= + - @ tab CR) prefixed with ' so that a title
such as =HYPERLINK(...) is shown, not run. Records are rewritten as they stream: only
complete records (a line break outside quotes) are parsed and written again.
"""

from __future__ import annotations

import codecs
import csv
import io
from typing import Any
from urllib.parse import parse_qsl

from offlimits.web.csv_stream import RISKY_START
from offlimits.web.safe_text import spreadsheet_cell


def _is_datasette_csv(scope: dict[str, Any]) -> bool:
    path = scope.get("path", "")
    return scope.get("type") == "http" and path.endswith(".csv") and not path.startswith("/-/")


def complete_records(text: str) -> int:
    """The length of the longest prefix of `text` made of complete CSV records: up to the
    last line break with an even number of quote marks before it (counted in C)."""
    end = text.rfind("\n")
    quotes = text.count('"', 0, max(end, 0))
    while end != -1:
        if quotes % 2 == 0:
            return end + 1
        previous = text.rfind("\n", 0, end)
        quotes -= text.count('"', max(previous, 0), end)
        end = previous
    return 0


def neutralise_records(text: str) -> str:
    """Complete CSV records with formula-like cells made safe, written the way Datasette
    writes them (csv.writer, CRLF line ends)."""
    out = io.StringIO()
    writer = csv.writer(out)
    for record in csv.reader(io.StringIO(text, newline="")):
        writer.writerow([spreadsheet_cell(cell) for cell in record])
    return out.getvalue()


def safe_csv(app: Any) -> Any:
    """Wrap an ASGI app so that its CSV responses are safe to open in a spreadsheet."""

    async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if not _is_datasette_csv(scope):
            await app(scope, receive, send)
            return
        args = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        with_bom = args.get("_bom") in ("1", "on", "true")
        pending = ""
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        state = {"csv": False, "first": True}

        async def rewriting_send(message: dict[str, Any]) -> None:
            nonlocal pending
            if message["type"] == "http.response.start":
                headers = message.get("headers", [])
                content_type = dict((k.lower(), v) for k, v in headers).get(b"content-type", b"")
                state["csv"] = message.get("status") == 200 and (
                    content_type.startswith((b"text/plain", b"text/csv"))
                )
                if state["csv"]:
                    headers = [h for h in headers
                               if h[0].lower() not in (b"content-type", b"content-length")]
                    headers.append([b"content-type", b"text/csv; charset=utf-8"])
                    message = {**message, "headers": headers}
                await send(message)
                return
            if not state["csv"]:
                await send(message)
                return
            more = message.get("more_body", False)
            pending += decoder.decode(message.get("body", b""), final=not more)
            cut = len(pending) if not more else complete_records(pending)
            chunk, pending = pending[:cut], pending[cut:]
            # rewriting only what may hold a formula keeps big exports fast
            text = neutralise_records(chunk) if RISKY_START.search(chunk) else chunk
            if state["first"] and with_bom:
                text = "\ufeff" + text
            state["first"] = state["first"] and not text
            await send({"type": "http.response.body", "body": text.encode("utf-8"),
                        "more_body": more})

        await app(scope, receive, rewriting_send)

    return wrapped
