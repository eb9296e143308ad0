"""One query streamed as CSV: a read-only connection of its own, rows fetched and written as
CSV in a worker thread, chunk by chunk, while the previous chunk goes out.

One query (not pages of it) keeps a big export linear and consistent: 100,000 events are one
index walk in one read transaction, never re-run from an offset. The event loop only sends;
fetching and formatting happen in a thread, so other pages keep answering meanwhile.
"""

from __future__ import annotations

import asyncio
import csv
import io
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from offlimits.web.safe_text import spreadsheet_cell

#: Rows fetched and formatted per chunk (about 2 MB of CSV for events).
ROWS_PER_CHUNK = 5000
BOM = "\ufeff"
#: A cell that may start like a formula, at a record or cell start, quoted or not. An
#: unquoted CR is always the end of a record (csv.writer quotes a cell holding one).
RISKY_START = re.compile(r'(?:^|[,\n])(?:"[=+\-@\t\r]|[=+\-@\t])')


def csv_text(records: Iterable[Sequence[Any]]) -> str:
    """CSV records (CRLF, None as ''), with formula-like cells neutralised.

    Written as they are first; only when the text shows a cell that may start like a formula
    are the records written again cell by cell (rare, and the common case stays in C).
    """
    records = list(records)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(records)
    text = buffer.getvalue()
    if not RISKY_START.search(text):
        return text
    buffer = io.StringIO()
    csv.writer(buffer).writerows([spreadsheet_cell(v) for v in r] for r in records)
    return buffer.getvalue()


def read_only_connection(path: str | Path) -> sqlite3.Connection:
    """A read-only connection to `path`, usable from one worker thread at a time."""
    uri = f"file:{quote(str(Path(path).resolve()))}?mode=ro"
    return sqlite3.connect(uri, uri=True, check_same_thread=False)


def query_chunks(
    conn: sqlite3.Connection, sql: str, params: Mapping[str, Any], header: Sequence[str],
    *, shape: Callable[[list[Any]], Iterable[Sequence[Any]]] | None = None,
    rows_per_chunk: int = ROWS_PER_CHUNK,
) -> Iterator[str]:
    """The CSV of one query: the header, then a chunk per `rows_per_chunk` rows.

    `shape`, when given, turns a batch of rows into the records to write.
    """
    yield csv_text([header])
    cursor = conn.execute(sql, dict(params))
    while rows := cursor.fetchmany(rows_per_chunk):
        yield csv_text(shape(rows) if shape else rows)


async def send_chunks(chunks: Iterator[str], write: Callable[[str], Any], *,
                      bom: bool = False) -> None:
    """Send every chunk with `write`, each produced in a worker thread while the one before
    it is being sent; a UTF-8 byte order mark first when `bom`."""
    pending = asyncio.ensure_future(asyncio.to_thread(next, chunks, None))
    first = True
    try:
        while (text := await pending) is not None:
            pending = asyncio.ensure_future(asyncio.to_thread(next, chunks, None))
            await write((BOM if first and bom else "") + text)
            first = False
    finally:
        # the client may have gone: let the thread finish before the connection closes
        if not pending.done():
            await asyncio.wait([pending])
        if not pending.cancelled():
            pending.exception()  # retrieved, so an error after a disconnect is not logged
