"""The scored JSONL contract: input lines -> ArticleText, Extraction -> output line."""

from __future__ import annotations

import json
from typing import Any

from offlimits.extract.model import ArticleText, Event, Extraction


class InputError(ValueError):
    """An input line is not a usable article; the message says which field is wrong."""


def parse_article(line: str) -> ArticleText:
    """One JSON line `{"id", "url", "title", "published", "text"}` -> ArticleText."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as e:
        raise InputError(f"not JSON ({e.msg} at column {e.colno})") from None
    if not isinstance(row, dict):
        raise InputError("expected a JSON object")
    if row.get("id") in (None, ""):
        raise InputError("missing field 'id'")
    for key in ("title", "text", "url", "published", "language"):
        value = row.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(f"field {key!r} must be a string or null")
    if not (row.get("title") or row.get("text")):
        raise InputError("needs a 'title' or a 'text'")
    return ArticleText(id=str(row["id"]), title=row.get("title") or "", text=row.get("text") or "",
                       url=row.get("url"), published=row.get("published"),
                       language=row.get("language"))


def extraction_row(article_id: str, ex: Extraction) -> dict[str, Any]:
    """Extraction -> the output object of the contract.

    An entity the text called by other names as well ("Privacy Guarantor" for the Garante)
    gets one row per name, all with the same id.
    """
    return {
        "id": article_id,
        "relevant": ex.relevant,
        "score": ex.score,
        "reasons": list(ex.reasons),
        "events": [_event_row(e) for e in ex.events if not e.background],
        # scored readers count every row of "events"; background events are kept apart
        "background_events": [_event_row(e) for e in ex.events if e.background],
        "entities": [
            {"name": name, "type": m.entity.type, "country": m.entity.country,
             "id": m.entity.id, "count": m.count}
            for m in ex.entities
            for name in (m.entity.name, *m.surfaces)
        ],
    }


def _event_row(e: Event) -> dict[str, Any]:
    """One event of the output contract."""
    return {
        "actor": e.actor.name if e.actor else None,
        "actor_type": e.actor.type if e.actor else None,
        "vendor": e.vendor.name if e.vendor else None,
        "product": e.product.name if e.product else None,
        "affected": e.affected.name if e.affected else None,
        "replacement": e.replacement.name if e.replacement else None,
        "action": e.action,
        "region": list(e.regions),
        "date": e.date,
        "date_precision": e.date_precision,
        "effective_date": e.effective_date,
        "evidence": e.evidence,
        "background": e.background,
    }
