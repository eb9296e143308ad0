"""The `entities`, `article_entities` and `regions` tables."""

from __future__ import annotations

import json
from collections.abc import Iterable

import pycountry
import sqlite_utils

from offlimits.extract.model import Entity, EntityMention

EXTRA_REGIONS = {"EU": "European Union", "XK": "Kosovo"}


def entity_row(entity: Entity) -> dict:
    return {
        "id": entity.id, "name": entity.name, "type": entity.type, "country": entity.country,
        "vendor_id": entity.vendor_id,
        "aliases": json.dumps(list(entity.aliases), ensure_ascii=False),
        "known": int(entity.known),
    }


def sync_entities(db: sqlite_utils.Database, entities: Iterable[Entity]) -> int:
    """Upsert the gazetteer's entities (vendors before their products). Returns the count."""
    ordered = sorted(entities, key=lambda e: e.vendor_id is not None)
    for entity in ordered:
        db["entities"].upsert(entity_row(entity), pk="id")
    return len(ordered)


def ensure_entity(db: sqlite_utils.Database, entity: Entity | None) -> str | None:
    """Make sure an entity found in text has a row; a gazetteer row is never overwritten."""
    if entity is None:
        return None
    if entity.vendor_id:
        db.execute("INSERT OR IGNORE INTO entities (id, name, type) VALUES (?, ?, 'vendor')",
                   [entity.vendor_id, entity.vendor_id])
    row = entity_row(entity)
    db.execute(
        "INSERT OR IGNORE INTO entities (id, name, type, country, vendor_id, aliases, known) "
        "VALUES (:id, :name, :type, :country, :vendor_id, :aliases, :known)", row)
    return entity.id


def save_article_entities(
    db: sqlite_utils.Database, article_id: int, mentions: Iterable[EntityMention]
) -> None:
    """Replace the article's entity mentions with these."""
    db.execute("DELETE FROM article_entities WHERE article_id = ?", [article_id])
    for mention in mentions:
        entity_id = ensure_entity(db, mention.entity)
        db.execute(
            "INSERT OR REPLACE INTO article_entities (article_id, entity_id, mentions) "
            "VALUES (?, ?, ?)", [article_id, entity_id, mention.count])


def sync_regions(db: sqlite_utils.Database) -> None:
    """Fill `regions` with every ISO 3166-1 country plus the EU, so codes show as names."""
    rows = [{"code": c.alpha_2, "name": getattr(c, "common_name", None) or c.name}
            for c in pycountry.countries]
    rows += [{"code": code, "name": name} for code, name in EXTRA_REGIONS.items()]
    db["regions"].upsert_all(rows, pk="code")
