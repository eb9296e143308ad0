"""Writing what the extractor found in one article: relevance, entities, events."""

from __future__ import annotations

import json
from dataclasses import dataclass

import sqlite_utils

from offlimits.extract.identity import is_background, names_in
from offlimits.extract.model import Entity, Event, Extraction
from offlimits.store.db import utcnow
from offlimits.store.entities import ensure_entity, save_article_entities
from offlimits.store.events import EventFacts, attach_report, detach_article, drop_orphans


@dataclass
class SavedExtraction:
    relevant: bool
    event_ids: list[int]


def event_facts(db: sqlite_utils.Database, event: Event, reported_at: str | None) -> EventFacts:
    """Resolve an extracted event's entities to stored ids (an undated event stays undated:
    `attach_report` decides what date it gets)."""
    date, precision = event.date, event.date_precision
    return EventFacts(
        action=event.action,
        actor_id=ensure_entity(db, event.actor),
        vendor_id=ensure_entity(db, event.vendor) or (event.product.vendor_id
                                                      if event.product else None),
        product_id=ensure_entity(db, event.product),
        affected_id=ensure_entity(db, event.affected),
        replacement_id=ensure_entity(db, event.replacement),
        regions=list(event.regions),
        date=date, date_precision=precision, effective_date=event.effective_date,
        reported_at=reported_at,
    )


def save_extraction(
    db: sqlite_utils.Database, article_id: int, extraction: Extraction, *, version: str,
    reported_at: str | None,
) -> SavedExtraction:
    """Replace what was extracted from this article before with `extraction`.

    Idempotent: running it twice with the same extraction leaves the same rows. Call inside
    a transaction.
    """
    previous = detach_article(db, article_id)
    db["articles"].update(article_id, {
        "relevant": int(extraction.relevant),
        "relevance_score": round(extraction.score, 4),
        "relevance_reasons": json.dumps(list(extraction.reasons), ensure_ascii=False),
        "extracted_at": utcnow(), "extractor_version": version,
    })
    save_article_entities(db, article_id, extraction.entities)
    event_ids: list[int] = []
    if extraction.relevant:
        title = (db.execute("SELECT title FROM articles WHERE id = ?", [article_id]).fetchone()
                 or [""])[0] or ""
        # reports first, so that an article reporting an event it also mentions in passing
        # links it as a report
        found = [(event, background_mention(event, index, title, reported_at))
                 for index, event in enumerate(extraction.events)]
        for event, background in sorted(found, key=lambda pair: pair[1]):
            facts = event_facts(db, event, reported_at)
            if not facts.actor_id or not (facts.vendor_id or facts.product_id):
                continue
            event_id = attach_report(db, facts, article_id, event.evidence,
                                     background=background)
            if event_id is not None and event_id not in event_ids:
                event_ids.append(event_id)
    drop_orphans(db, [e for e in previous if e not in event_ids])
    return SavedExtraction(relevant=extraction.relevant, event_ids=event_ids)



def _names(entity: Entity | None) -> list[str]:
    return [entity.name, *entity.aliases] if entity else []


def background_mention(event: Event, index: int, title: str, published: str | None) -> bool:
    """Is this event of the article only cited in passing (see `identity.is_background`)?
    The title names it when it names both its actor and its subject."""
    subject = _names(event.product) + _names(event.vendor)
    named = names_in(title, _names(event.actor)) and names_in(title, subject)
    return is_background(flagged=event.background, index=index, date_value=event.date,
                         precision=event.date_precision, published=published,
                         named_in_title=named)
