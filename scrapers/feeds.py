"""RSS 0.9x/1.0/2.0 and Atom, parsed by feedparser from bytes we fetched ourselves."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urljoin

import feedparser

from scrapers.fastfeed import parse_fast
from scrapers.feeditems import FeedItem, ParsedFeed
from scrapers.text import html_to_text, language_code, struct_to_iso, year_as_written

__all__ = ["FeedItem", "ParsedFeed", "parse_feed", "parse_with_feedparser"]


def parse_feed(
    body: bytes, headers: Mapping[str, str] | None = None, base_url: str | None = None
) -> ParsedFeed:
    """Parse feed bytes; never raises. `headers` (e.g. Content-Type) guide the encoding.

    Plain UTF-8 RSS 2.0 / Atom 1.0 takes the lxml fast path (`scrapers.fastfeed`);
    everything else, broken feeds included, goes through feedparser.
    """
    fast = parse_fast(body, headers)
    if fast is not None:
        if base_url:
            for item in fast.items:
                if item.link and not item.link.startswith(("http://", "https://")):
                    item.link = urljoin(base_url, item.link)
        return fast
    return parse_with_feedparser(body, headers, base_url)


def parse_with_feedparser(
    body: bytes, headers: Mapping[str, str] | None = None, base_url: str | None = None
) -> ParsedFeed:
    """Parse any RSS 0.9x/1.0/2.0 or Atom feed with feedparser; never raises."""
    # Content-Type decides the encoding; links are resolved by us (cheaper than feedparser).
    response_headers = {k.lower(): v for k, v in (headers or {}).items()}
    try:
        parsed = feedparser.parse(
            body,
            response_headers=response_headers,
            sanitize_html=False,
            resolve_relative_uris=False,
        )
    except Exception as exc:  # feedparser is robust, but a crash must not end a poll
        return ParsedFeed(problem=f"feed parser failed: {type(exc).__name__}: {exc}")
    channel = parsed.get("feed", {})
    language = language_code(channel.get("language"))
    items = [_item(entry, base_url, language) for entry in parsed.get("entries", [])]
    problem = None
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        problem = f"malformed feed: {type(exc).__name__}: {exc}" if exc else "malformed feed"
    return ParsedFeed(
        items=items,
        title=html_to_text(channel.get("title")) or None,
        version=parsed.get("version") or "",
        language=language,
        problem=problem,
    )


def _item(entry: Mapping, base_url: str | None, feed_language: str | None) -> FeedItem:
    link = entry.get("link") or _link_from_id(entry.get("id"))
    if link and base_url:
        link = urljoin(base_url, link.strip())
    summary = entry.get("summary") or ""
    if not summary and entry.get("content"):
        summary = entry["content"][0].get("value", "")
    language = None
    detail = entry.get("title_detail") or entry.get("summary_detail") or {}
    if detail.get("language"):
        language = language_code(detail["language"])
    return FeedItem(
        title=html_to_text(entry.get("title")),
        link=link or None,
        summary=html_to_text(summary),
        published=_published(entry),
        guid=entry.get("id") or None,
        language=language or feed_language,
    )


def _link_from_id(guid: str | None) -> str | None:
    if guid and guid.startswith(("http://", "https://")):
        return guid
    return None


def _published(entry: Mapping) -> str | None:
    """The entry's date as ISO 8601; None when feedparser changed the year it states."""
    key = "published" if entry.get("published_parsed") else "updated"
    return year_as_written(entry.get(key), struct_to_iso(entry.get(key + "_parsed")))
