"""Answers that depend only on the data (filter choices, counts, chart numbers), cached until
the database changes.

The pipeline writes the file while Datasette serves it, so an entry is keyed by the size and
modification time of the database file and its write-ahead log: any commit changes the log.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # datasette.app imports this plugin while it loads
    from datasette.database import Database

T = TypeVar("T")
MAX_ENTRIES = 256

_entries: OrderedDict[tuple[Any, ...], Any] = OrderedDict()


def data_fingerprint(path: str) -> tuple[Any, ...]:
    """(mtime_ns, size) of the database file and of its -wal file (None when absent)."""
    parts: list[Any] = []
    for name in (path, f"{path}-wal"):
        try:
            stat = os.stat(name)
            parts.append((stat.st_mtime_ns, stat.st_size))
        except FileNotFoundError:
            parts.append(None)
    return tuple(parts)


async def cached(db: Database, key: Hashable, compute: Callable[[], Awaitable[T]]) -> T:
    """`await compute()`, or its remembered result while the database file is unchanged."""
    if db.is_memory or not db.path:
        return await compute()
    full_key = (db.path, data_fingerprint(db.path), key)
    if full_key in _entries:
        _entries.move_to_end(full_key)
        return _entries[full_key]
    value = await compute()
    _entries[full_key] = value
    while len(_entries) > MAX_ENTRIES:
        _entries.popitem(last=False)
    return value
