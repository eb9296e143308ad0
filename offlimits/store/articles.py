"""The `articles` and `article_sightings` tables: one row per canonical URL, copies linked."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from dataclasses import dataclass

import sqlite_utils

from scrapers.records import RawArticle

MIN_HASHED_TEXT = 400  # shorter texts (feed summaries) are too alike to call copies
_SPACE = re.compile(r"\W+")


@dataclass
class SavedArticle:
    """What happened to one item: a new original, a copy of another, or already known."""

    id: int
    new: bool
    duplicate_of: int | None
    replaces: int | None = None  # an earlier-stored copy this older original now heads
    upgraded: bool = False  # known URL stored from its feed summary, now with its page


def content_hash(text: str) -> str | None:
    """A fingerprint of the text's words, for spotting syndicated copies under other URLs."""
    words = _SPACE.sub(" ", (text or "").lower()).strip()
    if len(words) < MIN_HASHED_TEXT:
        return None
    return hashlib.sha1(words.encode("utf-8")).hexdigest()


def published_date(published: str | None) -> str | None:
    """The YYYY-MM-DD part of an ISO 8601 date or datetime."""
    if published and re.match(r"\d{4}-\d{2}-\d{2}", published):
        return published[:10]
    return None


ARTICLE_COLUMNS = (
    "url", "title", "summary", "text", "published", "published_date", "language", "source_id",
    "first_poll_id", "first_seen_at", "page_fetched", "content_hash", "duplicate_of",
    "relevant", "relevance_score", "relevance_reasons", "extracted_at", "extractor_version",
)
INSERT_ARTICLE = (
    f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(ARTICLE_COLUMNS))})"
)
SCREENED_OUT = "prefilter"
SCREENED_OUT_REASONS = '["prefilter: no AI term and restriction term in title or summary"]'


def save_article(
    db: sqlite_utils.Database, item: RawArticle, *, poll_id: int | None, seen_at: str,
    screened_out: bool = False,
) -> SavedArticle:
    """Store one item unless its canonical URL is known; record where it was seen either way.

    A known URL stored from its feed summary takes the page's text when an item brings it
    (`upgraded`). A page whose text matches another article's is linked to it: the one
    published first is the original, the others point at it (`duplicate_of`).
    `screened_out` items (the prefilter found nothing in title and summary) are stored as
    not relevant without running the extractor. Call inside the poll's transaction.
    """
    conn = db.conn
    existing = conn.execute("SELECT id, duplicate_of, page_fetched FROM articles WHERE url = ?",
                            [item.url]).fetchone()
    # text holds a fetched page's main text only; a feed-only item has its summary alone
    # (stored once, so it is not indexed twice)
    text = (item.text or None) if item.page_fetched else None
    digest = content_hash(text) if text else None
    if existing:
        article_id, duplicate_of, had_page = existing
        _sight(db, article_id, item, poll_id, seen_at)
        if not text or had_page or duplicate_of:
            return SavedArticle(id=article_id, new=False, duplicate_of=duplicate_of)
        # another feed linked it and its page came along this time
        conn.execute(
            "UPDATE articles SET title = ?, text = ?, published = ?, published_date = ?, "
            "language = ?, page_fetched = 1, content_hash = ? WHERE id = ?",
            [item.title, text, item.published, published_date(item.published),
             item.language, digest, article_id])
        original, replaces = _link_copies(conn, article_id, digest, item.published)
        return SavedArticle(id=article_id, new=False, duplicate_of=original,
                            replaces=replaces, upgraded=True)
    screened = screened_out
    cursor = conn.execute(INSERT_ARTICLE, (
        item.url, item.title, item.summary, text, item.published,
        published_date(item.published), item.language, item.source_id, poll_id, seen_at,
        int(item.page_fetched), digest, None,
        0 if screened else None, 0.0 if screened else None,
        SCREENED_OUT_REASONS if screened else None, seen_at if screened else None,
        SCREENED_OUT if screened else None,
    ))
    article_id = int(cursor.lastrowid)
    _sight(db, article_id, item, poll_id, seen_at)
    original, replaces = _link_copies(conn, article_id, digest, item.published)
    return SavedArticle(id=article_id, new=True, duplicate_of=original, replaces=replaces)


def _link_copies(conn: sqlite3.Connection, article_id: int, digest: str | None,
                 published: str | None) -> tuple[int | None, int | None]:
    """Link an article to another with the same text: returns (its original, or the former
    original it now heads because it was published first)."""
    if not digest:
        return None, None
    row = conn.execute(
        "SELECT id, published FROM articles WHERE content_hash = ? AND duplicate_of IS NULL "
        "AND id != ? ORDER BY id LIMIT 1", [digest, article_id]).fetchone()
    if row is None:
        return None, None
    other, other_published = row
    if published and other_published and published < other_published:
        conn.execute("UPDATE articles SET duplicate_of = ? WHERE id = ? OR duplicate_of = ?",
                     [article_id, other, other])
        return None, other
    conn.execute("UPDATE articles SET duplicate_of = ? WHERE id = ? OR duplicate_of = ?",
                 [other, article_id, article_id])
    return other, None


def _sight(db: sqlite_utils.Database, article_id: int, item: RawArticle,
           poll_id: int | None, seen_at: str) -> None:
    db.conn.execute(
        "INSERT OR IGNORE INTO article_sightings (article_id, source_id, seen_url, poll_id, "
        "first_seen_at) VALUES (?, ?, ?, ?, ?)",
        [article_id, item.source_id, item.seen_url or item.url, poll_id, seen_at],
    )
