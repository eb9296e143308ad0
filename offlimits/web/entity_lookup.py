"""Finding the entity a person means: by id, name or alias in any case, else by a word."""

from __future__ import annotations

from typing import TYPE_CHECKING

from offlimits.web.data_cache import cached

if TYPE_CHECKING:  # datasette.app imports this plugin while it loads
    from datasette.database import Database

_EXACT = (
    "SELECT id FROM entities WHERE id = :v COLLATE NOCASE "
    "UNION ALL SELECT id FROM entities WHERE name = :v COLLATE NOCASE "
    "UNION ALL SELECT e.id FROM entities e, json_each(CASE WHEN json_valid(e.aliases) "
    "THEN e.aliases ELSE '[]' END) a WHERE a.value = :v COLLATE NOCASE"
)
# A name or alias containing the value (actor=Taiwan -> "Ministry of Digital Affairs
# (Taiwan)"); the entity with most events in the role wins.
_CONTAINS = (
    "SELECT e.id FROM entities e WHERE (e.name LIKE :pattern ESCAPE '\\' "
    "OR e.aliases LIKE :pattern ESCAPE '\\') "
    "ORDER BY (SELECT count(*) FROM events WHERE {role}_id = e.id) DESC, e.id LIMIT 1"
)


async def find_entity(db: Database, value: str, role: str) -> str | None:
    """The id of the entity `value` names (id, name or alias; else part of a name), or None
    (cached until the database changes)."""
    if not value:
        return None
    return await cached(db, ("find_entity", role, value), lambda: _find_entity(db, value, role))


async def _find_entity(db: Database, value: str, role: str) -> str | None:
    row = (await db.execute(f"{_EXACT} LIMIT 1", {"v": value})).first()
    if row:
        return row[0]
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    row = (await db.execute(
        _CONTAINS.format(role=role), {"pattern": f"%{escaped}%"}
    )).first()
    return row[0] if row else None
