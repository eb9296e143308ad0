"""Plain records that the scrapers hand to the rest of the pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RawArticle:
    """One item found by a poll: a feed entry, a listing link or a search hit.

    `url` is the canonical URL (tracking parameters stripped, `rel=canonical` applied when
    the page was fetched); `seen_url` is the address as the source gave it.
    `text` is the extracted main text when the page was fetched, else the feed summary.
    """

    source_id: str
    url: str
    seen_url: str
    title: str
    summary: str = ""
    text: str = ""
    published: str | None = None  # ISO 8601 date or datetime, UTC where known
    language: str | None = None
    guid: str | None = None
    page_fetched: bool = False
    page_error: str | None = None
    may_matter: bool | None = None  # the prefilter's verdict on title + summary (None: not run)
    outlet: str | None = None  # the publisher: GDELT `domain`, Google News `<source>`
    outlet_country: str | None = None  # ISO 3166-1 alpha-2 (GDELT `sourcecountry`)
    story_key: str | None = None  # normalised title + outlet, the same story across sources


@dataclass
class PollResult:
    """What one poll of one source produced, for the store to record in one transaction."""

    source_id: str
    started_at: str  # ISO 8601 UTC
    finished_at: str
    ok: bool
    http_status: int | None = None
    not_modified: bool = False
    etag: str | None = None
    last_modified: str | None = None
    items_seen: int = 0
    pages_fetched: int = 0
    articles: list[RawArticle] = field(default_factory=list)
    error: str | None = None
    retry_after_seconds: float | None = None
    warnings: list[str] = field(default_factory=list)
    selector_matches: dict[str, int] = field(default_factory=dict)  # listings: items per selector
