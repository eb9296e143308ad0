"""Rerun the extractor over stored articles (after a gazetteer or extractor change)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlite_utils

from offlimits.curation import curation_path, read_curation
from offlimits.extract import EXTRACTOR_VERSION, extract, load_gazetteer
from offlimits.extract.model import ArticleText
from offlimits.store.curation import load_curation
from offlimits.store.entities import sync_entities
from offlimits.store.extractions import save_extraction
from offlimits.store.transaction import transaction

BATCH = 200


@dataclass
class ReextractSummary:
    articles: int = 0
    relevant: int = 0
    event_reports: int = 0
    events_before: int = 0
    events_after: int = 0


def reextract(db: sqlite_utils.Database, *, only_stale: bool = False,
              on_batch: Callable[[int], None] | None = None) -> ReextractSummary:
    """Re-extract every original article (copies are skipped), in batches of one transaction.

    Idempotent: a second run over unchanged articles leaves the same events and links.
    The curation file is applied before and after: rejected events stay rejected, merges
    merged, edits kept.
    With `only_stale`, only articles extracted by another extractor version are redone.
    """
    gazetteer = load_gazetteer()
    decisions = read_curation(curation_path())
    summary = ReextractSummary(events_before=db["events"].count)
    with transaction(db):
        sync_entities(db, gazetteer.entities())
        load_curation(db, decisions)
    where = "duplicate_of IS NULL"
    params: list = []
    if only_stale:
        where += " AND (extractor_version IS NULL OR extractor_version != ?)"
        params.append(EXTRACTOR_VERSION)
    ids = [r[0] for r in db.execute(f"SELECT id FROM articles WHERE {where} ORDER BY id", params)]
    for start in range(0, len(ids), BATCH):
        batch = ids[start:start + BATCH]
        with transaction(db):
            for row in db.execute_returning_dicts(
                f"SELECT id, url, title, text, summary, published_date, first_seen_at "
                f"FROM articles WHERE id IN ({','.join('?' * len(batch))}) ORDER BY id", batch,
            ):
                extraction = extract(ArticleText(
                    id=str(row["id"]), title=row["title"] or "",
                    text=row["text"] or row["summary"] or "", url=row["url"],
                    published=row["published_date"]), gazetteer)
                saved = save_extraction(
                    db, row["id"], extraction, version=EXTRACTOR_VERSION,
                    reported_at=row["published_date"] or row["first_seen_at"][:10])
                summary.articles += 1
                summary.relevant += int(saved.relevant)
                summary.event_reports += len(saved.event_ids)
        if on_batch:
            on_batch(len(batch))
    with transaction(db):  # a curator's decision outlives every re-extraction
        load_curation(db, decisions)
    summary.events_after = db["events"].count
    return summary
