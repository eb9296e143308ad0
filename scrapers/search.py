"""News-search sources: Google News RSS search and the GDELT DOC 2.0 article list."""
# gdelt_date and gdelt_language are re-exported: callers import them from here.

from __future__ import annotations

from urllib.parse import quote, urlencode

from scrapers.feeditems import FeedItem, ParsedFeed
from scrapers.feeds import parse_feed
from scrapers.gdelt import decode_gdelt, gdelt_country, gdelt_date, gdelt_language
from scrapers.sources import Source

GOOGLE_NEWS_ENDPOINT = "https://news.google.com/rss/search"
GDELT_ENDPOINT = "https://api.gdeltproject.org/api/v2/doc/doc"
GOOGLE_DEFAULTS = {"hl": "en-US", "gl": "US", "ceid": "US:en"}
GDELT_DEFAULTS = {
    "mode": "artlist",
    "format": "json",
    "maxrecords": 75,
    "timespan": "24h",
    "sort": "datedesc",
}


def search_url(source: Source) -> str:
    """The request URL of a search source, from its engine, query and params.

    `params.endpoint` replaces the engine's base URL (tests and the demo use loopback);
    Google News `params.when` (e.g. `7d`) is appended to the query as `when:7d`.
    """
    params = {k: v for k, v in source.params.items() if k != "endpoint"}
    query = source.query or ""
    if source.engine == "google_news":
        when = params.pop("when", None)
        if when:
            query = f"{query} when:{when}"
        ordered = {"q": query, **GOOGLE_DEFAULTS, **params}
        endpoint = source.params.get("endpoint", GOOGLE_NEWS_ENDPOINT)
    elif source.engine == "gdelt":
        ordered = {"query": query, **GDELT_DEFAULTS, **params}
        endpoint = source.params.get("endpoint", GDELT_ENDPOINT)
    else:
        raise ValueError(f"source {source.id!r}: unknown search engine {source.engine!r}")
    separator = "&" if "?" in str(endpoint) else "?"
    return f"{endpoint}{separator}{urlencode(ordered, quote_via=quote, safe=':')}"


def parse_search(source: Source, body: bytes, headers: dict[str, str], url: str) -> ParsedFeed:
    """Items of a search response: GDELT JSON, or RSS (Google News, GDELT format=rss)."""
    content_type = headers.get("content-type", "").lower()
    wants_json = source.engine == "gdelt" and str(source.params.get("format", "json")) == "json"
    if wants_json or "json" in content_type:
        return parse_gdelt_json(body)
    return parse_feed(body, headers, url)


def parse_gdelt_json(body: bytes) -> ParsedFeed:
    """GDELT `artlist` JSON: `{"articles": [{url, title, seendate, language, domain, ...}]}`.

    Decoded tolerantly (`scrapers.gdelt`): invalid escapes are repaired and a bad record is
    skipped and counted, never the whole answer. GDELT answers some bad queries with a
    plain-text message and status 200; that message becomes the problem of an empty result.
    """
    decoded = decode_gdelt(body.decode("utf-8", errors="replace"))
    if decoded.problem:
        return ParsedFeed(problem=decoded.problem)
    items = [
        FeedItem(
            title=str(article.get("title") or "").strip(),
            link=article["url"],
            published=gdelt_date(article.get("seendate")),
            language=gdelt_language(str(article.get("language") or "") or None),
            outlet=str(article.get("domain") or "").strip().lower() or None,
            country=gdelt_country(str(article.get("sourcecountry") or "") or None),
        )
        for article in decoded.articles
    ]
    notes = []
    if decoded.skipped:
        notes.append(f"{decoded.skipped} GDELT record(s) unusable (no url or not JSON) skipped")
    if decoded.repaired:
        notes.append("invalid backslash escapes in GDELT JSON repaired")
    return ParsedFeed(items=items, version="gdelt-json", problem="; ".join(notes) or None)


__all__ = ["gdelt_date", "gdelt_language", "parse_gdelt_json", "parse_search", "search_url"]
