"""Scrapers -> extract -> store: poll sources, keep new articles, extract events, one
transaction per poll.

The extractor runs before the poll's write transaction opens (it may take seconds on a long
page); the transaction itself only writes, so another writer waits milliseconds, not the
time an extraction takes.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import sqlite_utils

from offlimits.curation import curation_path, read_curation
from offlimits.extract import EXTRACTOR_VERSION, extract, load_gazetteer
from offlimits.extract.actors import NameResolver
from offlimits.extract.model import ArticleText, Extraction
from offlimits.runlock import writer_lock
from offlimits.settings import VERIFIED_EVENTS_FILE
from offlimits.store import open_store
from offlimits.store.articles import save_article
from offlimits.store.curation import load_curation
from offlimits.store.entities import sync_entities, sync_regions
from offlimits.store.events import detach_article, drop_orphans
from offlimits.store.extractions import save_extraction
from offlimits.store.sources import (
    SourceRow,
    begin_poll,
    due_source_ids,
    finish_poll,
    source_state,
    sync_sources,
)
from offlimits.store.transaction import transaction
from offlimits.store.verified import load_verified_events
from scrapers.collect import Collector, SourceState
from scrapers.http import HttpConfig
from scrapers.records import PollResult, RawArticle
from scrapers.sources import Source, SourceList

# Evidence is one sentence (the extractor cuts sentences at MAX_SENTENCE_CHARS = 600) or a
# list's intro and one item; anything longer is cut here, before the store sees it.
MAX_EVIDENCE_CHARS = 1000
log = logging.getLogger(__name__)


class UnknownSourceError(Exception):
    """A source id asked for on the command line is not in the source list."""


@dataclass
class PollStats:
    source_id: str
    ok: bool
    not_modified: bool
    items_seen: int = 0
    items_new: int = 0
    items_duplicate: int = 0
    pages_fetched: int = 0
    relevant: int = 0
    events: int = 0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class CycleSummary:
    """What one cycle did, for the end-of-run report."""

    polls: list[PollStats] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False

    def total(self, name: str) -> int:
        return sum(getattr(p, name) for p in self.polls)

    @property
    def sources_ok(self) -> int:
        return sum(1 for p in self.polls if p.ok)

    @property
    def sources_failed(self) -> int:
        return sum(1 for p in self.polls if not p.ok)

    @property
    def errors(self) -> list[tuple[str, str]]:
        return [(p.source_id, p.error or "") for p in self.polls if not p.ok]

    def lines(self) -> list[str]:
        """A short human summary."""
        out = [
            f"sources: {self.sources_ok} ok ({self.total('not_modified')} not modified), "
            f"{self.sources_failed} failed",
            f"items: {self.total('items_seen')} seen, {self.total('items_new')} new, "
            f"{self.total('items_duplicate')} duplicate; pages fetched: "
            f"{self.total('pages_fetched')}",
            f"relevant articles: {self.total('relevant')}; event reports: {self.total('events')}",
            f"time: {self.seconds:.1f} s" + (" (interrupted)" if self.interrupted else ""),
        ]
        warned = [p for p in self.polls if p.ok and p.warnings]
        if warned:
            out.append(f"warnings: {len(warned)} source(s), e.g. {warned[0].source_id}: "
                       f"{warned[0].warnings[0]} (all in the polls table)")
        out += [f"  failed {source_id}: {error}" for source_id, error in self.errors]
        return out


def bounded_evidence(extraction: Extraction, limit: int = MAX_EVIDENCE_CHARS) -> Extraction:
    """`extraction` with each event's evidence at most `limit` characters (cut at a word,
    with an ellipsis)."""
    if all(len(event.evidence) <= limit for event in extraction.events):
        return extraction
    return replace(extraction, events=tuple(
        event if len(event.evidence) <= limit else replace(event, evidence=_cut(event.evidence,
                                                                                limit))
        for event in extraction.events))


def _cut(text: str, limit: int) -> str:
    head = text[:limit - 1]
    space = head.rfind(" ")
    return (head[:space] if space > limit // 2 else head).rstrip() + "\u2026"


def source_row(source: Source) -> SourceRow:
    return SourceRow(
        id=source.id, name=source.name, kind=source.kind, url=source.url, query=source.query,
        interval_minutes=source.interval_minutes, language=source.language,
        region=source.region, enabled=source.enabled,
    )


class Pipeline:
    """Owns the database connection (the only writer) and the collector."""

    def __init__(self, db_path: Path, source_list: SourceList, *,
                 collector: Collector | None = None) -> None:
        self.db: sqlite_utils.Database = open_store(db_path)
        self.source_list = source_list
        self.sources = {s.id: s for s in source_list.sources}
        self.gazetteer = load_gazetteer()
        self.collector = collector or Collector(prefilter=source_list.prefilter)
        self.prefilter = source_list.prefilter
        # Worker threads ask whether a page is already stored (then it is not fetched
        # again) through a reader connection of their own: WAL readers never wait.
        self._reader = sqlite3.connect(str(db_path), check_same_thread=False, timeout=30)
        self._reader_lock = threading.Lock()
        if self.collector.known_url is None:
            self.collector.known_url = self.known_url
        self.stop = threading.Event()

    def prepare(self, verified_events: Path | None = None) -> None:
        """Bring reference data up to date: sources, gazetteer entities, regions, verified."""
        sync_sources(self.db, [source_row(s) for s in self.source_list.sources])
        with transaction(self.db):
            sync_entities(self.db, self.gazetteer.entities())
            sync_regions(self.db)
            if verified_events and verified_events.exists():
                load_verified_events(self.db, NameResolver(self.gazetteer), verified_events)
            load_curation(self.db, read_curation(curation_path()))  # decisions stick

    def select(self, source_ids: Iterable[str] | None, *, due_only: bool) -> list[Source]:
        if source_ids:
            unknown = [s for s in source_ids if s not in self.sources]
            if unknown:
                raise UnknownSourceError(
                    f"unknown source id(s): {', '.join(unknown)}; "
                    f"known: {', '.join(sorted(self.sources)) or '(none)'}")
            return [self.sources[s] for s in source_ids]
        if due_only:
            return [self.sources[s] for s in due_source_ids(self.db) if s in self.sources]
        return [s for s in self.source_list.sources if s.enabled]

    def run_cycle(self, source_ids: Iterable[str] | None = None, *, due_only: bool = True,
                  on_poll: Callable[[PollStats], None] | None = None) -> CycleSummary:
        """Poll the chosen sources concurrently; store each result in its own transaction."""
        started = time.monotonic()
        summary = CycleSummary()
        chosen = self.select(list(source_ids or []), due_only=due_only and not source_ids)
        jobs = []
        for source in chosen:
            state = source_state(self.db, source.id)
            jobs.append((source, SourceState(etag=state.get("etag"),
                                             last_modified=state.get("last_modified"))))
        results = self.collector.poll_many(jobs)
        try:
            for result in results:
                stats = self.store(result)
                log.info("poll %s: %s, %d items, %d new, %d pages fetched, %d events",
                         stats.source_id, "ok" if stats.ok else f"failed ({stats.error})",
                         stats.items_seen, stats.items_new, stats.pages_fetched, stats.events)
                summary.polls.append(stats)
                if on_poll:
                    on_poll(stats)
                if self.stop.is_set():
                    summary.interrupted = True
                    break
        finally:
            close = getattr(results, "close", None)
            if close:
                close()
        summary.seconds = time.monotonic() - started
        return summary

    def store(self, result: PollResult) -> PollStats:
        """Write one poll: its row, the source's health, new articles and their extraction.

        Items that will be stored (or upgraded by their page) are extracted first, outside
        any transaction; the write transaction that follows is short.
        """
        stats = PollStats(source_id=result.source_id, ok=result.ok,
                          not_modified=result.not_modified, items_seen=result.items_seen,
                          pages_fetched=result.pages_fetched, error=result.error,
                          warnings=list(result.warnings))
        screened = [self._screened_out(item) for item in result.articles]
        ready = {i: self._extract(item) for i, item in enumerate(result.articles)
                 if not screened[i] and self._will_store(item)}
        with transaction(self.db):
            poll_id = begin_poll(self.db, result.source_id, result.started_at)
            for i, item in enumerate(result.articles):
                saved = save_article(self.db, item, poll_id=poll_id, seen_at=result.finished_at,
                                     screened_out=screened[i])
                if saved.duplicate_of or not saved.new:
                    stats.items_duplicate += 1
                if saved.duplicate_of:
                    if saved.upgraded:  # extracted from its summary before it proved a copy
                        drop_orphans(self.db, detach_article(self.db, saved.id))
                    continue
                if not (saved.new or saved.upgraded):
                    continue
                stats.items_new += int(saved.new)
                if screened[i]:
                    continue
                extraction = ready.get(i) or self._extract(item)  # not foreseen: rare
                done = save_extraction(self.db, saved.id, extraction, version=EXTRACTOR_VERSION,
                                       reported_at=(item.published or result.finished_at)[:10])
                stats.relevant += int(done.relevant and saved.new)
                stats.events += len(done.event_ids)
                if saved.replaces:  # the copy stored first hands its reports to the original
                    drop_orphans(self.db, [e for e in detach_article(self.db, saved.replaces)
                                           if e not in done.event_ids])
            finish_poll(
                self.db, poll_id, source_id=result.source_id, started_at=result.started_at,
                finished_at=result.finished_at, ok=result.ok, not_modified=result.not_modified,
                http_status=result.http_status, error=result.error, warnings=result.warnings,
                items_seen=result.items_seen, items_new=stats.items_new,
                items_duplicate=stats.items_duplicate, pages_fetched=result.pages_fetched,
                etag=result.etag, last_modified=result.last_modified,
                retry_after_seconds=result.retry_after_seconds,
            )
        return stats

    def _screened_out(self, item: RawArticle) -> bool:
        """True when the item is stored without extraction (no page, prefilter found nothing)."""
        may_matter = item.may_matter
        if may_matter is None:  # a collector without a prefilter
            may_matter = self.prefilter.matches(item.title, item.summary)
        return not (item.page_fetched or may_matter)

    def _will_store(self, item: RawArticle) -> bool:
        """True when `save_article` will store this item or give it its page's text (read
        outside any transaction: this process is the database's only writer)."""
        row = self.db.conn.execute(
            "SELECT duplicate_of, page_fetched FROM articles WHERE url = ?", [item.url]
        ).fetchone()
        if row is None:
            return True
        duplicate_of, had_page = row
        return bool(item.page_fetched and item.text and not had_page and not duplicate_of)

    def _extract(self, item: RawArticle) -> Extraction:
        return bounded_evidence(extract(ArticleText(
            id=item.url, title=item.title or "", text=item.text or item.summary,
            url=item.url, published=(item.published or "")[:10] or None,
        ), self.gazetteer))

    def known_url(self, url: str) -> bool:
        """True when an article with this canonical URL is stored (thread-safe)."""
        with self._reader_lock:
            return self._reader.execute(
                "SELECT 1 FROM articles WHERE url = ?", [url]).fetchone() is not None

    def close(self) -> None:
        self.collector.close()
        self._reader.close()
        self.db.conn.close()


@contextmanager
def open_pipeline(db_path: Path, source_list: SourceList, *, http_config: HttpConfig | None = None,
                  verified_events: Path | None = VERIFIED_EVENTS_FILE) -> Iterator[Pipeline]:
    """The database's writer lock and a pipeline with its reference data synced, closed
    afterwards: what every writing command (scrape, run, init, demo) runs inside."""
    with writer_lock(db_path):
        collector = Collector(http_config=http_config, prefilter=source_list.prefilter)
        pipeline = Pipeline(db_path, source_list, collector=collector)
        try:
            pipeline.prepare(verified_events)
            yield pipeline
        finally:
            pipeline.close()
