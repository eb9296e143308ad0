"""Where collected text enters: sanitised, capped and date-checked once, for every source.

Whatever a feed, a search API or a page sent, an article leaves the collector with text
that encodes, serves and exports cleanly (`clean_text`), within stated length caps, and
with a published date inside a sane window or none at all. Each correction is a warning
of the poll, so the `polls` table says what a source got wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta

from scrapers.records import RawArticle
from scrapers.text import clean_text


@dataclass(frozen=True)
class IngestLimits:
    """Caps on what one poll may bring in (characters, items, pages, dates)."""

    max_items_per_poll: int = 500  # feed/listing/search items kept per poll; the rest dropped
    max_pages_per_poll: int = 100  # article pages fetched per poll
    poll_seconds: float = 300.0  # wall-clock budget of one poll, page fetches included
    max_title_chars: int = 500
    max_summary_chars: int = 5_000
    max_text_chars: int = 100_000
    earliest_year: int = 1990  # a published date before this is unknown
    max_future_days: int = 2  # ... and so is one more than this many days ahead


DEFAULT_LIMITS = IngestLimits()
_TEXT_FIELDS = ("title", "summary", "text")


def admit(articles: list[RawArticle], limits: IngestLimits, now: datetime | None = None
          ) -> list[str]:
    """Sanitise, cap and date-check `articles` in place; return the poll's warnings."""
    now = now or datetime.now(UTC)
    latest = (now + timedelta(days=limits.max_future_days)).strftime("%Y-%m-%d")
    earliest = f"{limits.earliest_year:04d}-01-01"
    cleaned = cut = undated = 0
    for article in articles:
        for f in fields(article):
            value = getattr(article, f.name)
            if isinstance(value, str):
                fixed = clean_text(value)
                if fixed != value:
                    cleaned += 1
                    setattr(article, f.name, fixed)
        for name, cap in zip(_TEXT_FIELDS, _caps(limits), strict=True):
            value = getattr(article, name)
            if len(value) > cap:
                setattr(article, name, value[:cap])
                cut += 1
        if article.published and not (earliest <= article.published[:10] <= latest):
            article.published = None
            undated += 1
    warnings = []
    if cleaned:
        warnings.append(f"{cleaned} field(s) had control characters or invalid Unicode removed")
    if cut:
        warnings.append(f"{cut} field(s) cut to the length caps (title {limits.max_title_chars:,}, "
                        f"summary {limits.max_summary_chars:,}, text {limits.max_text_chars:,})")
    if undated:
        warnings.append(f"{undated} item(s) dated before {earliest} or after {latest}: "
                        "stored with an unknown date")
    return warnings


def _caps(limits: IngestLimits) -> tuple[int, int, int]:
    return limits.max_title_chars, limits.max_summary_chars, limits.max_text_chars
