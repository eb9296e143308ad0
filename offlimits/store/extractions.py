"""Writing what the extractor found in one article: relevance, entities, events."""

from __future__ import annotations

import json
from dataclasses import dataclass

import sqlite_utils

from offlimits.extract.model import Event, Extraction
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
    event_ids = []
    if extraction.relevant:
        for event in extraction.events:
            facts = event_facts(db, event, reported_at)
            if not facts.actor_id or not (facts.vendor_id or facts.product_id):
                continue
            event_ids.append(attach_report(db, facts, article_id, event.evidence))
    drop_orphans(db, [e for e in previous if e not in event_ids])
    return SavedExtraction(relevant=extraction.relevant, event_ids=event_ids)

