"""News-search sources: Google News RSS search and the GDELT DOC 2.0 article list."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any
from urllib.parse import quote, urlencode

from scrapers.feeditems import FeedItem, ParsedFeed
from scrapers.feeds import parse_feed
from scrapers.sources import Source
from scrapers.text import language_code

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
    """GDELT `artlist` JSON: `{"articles": [{url, title, seendate, language, ...}]}`.

    GDELT answers some bad queries with a plain-text message and status 200; that
    message becomes the problem of an empty result.
    """
    text = body.decode("utf-8", errors="replace").strip()
    if not text:
        return ParsedFeed(version="gdelt-json")
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError:
        return ParsedFeed(problem=f"GDELT did not return JSON: {text[:200]!r}")
    if not isinstance(data, dict):
        return ParsedFeed(problem="GDELT JSON is not an object")
    articles = data.get("articles", [])
    if not isinstance(articles, list):
        return ParsedFeed(problem="GDELT JSON 'articles' is not a list", version="gdelt-json")
    items = []
    skipped = 0
    for article in articles:
        if not isinstance(article, dict) or not isinstance(article.get("url"), str):
            skipped += 1
            continue
        items.append(
            FeedItem(
                title=str(article.get("title") or "").strip(),
                link=article["url"],
                published=gdelt_date(article.get("seendate")),
                language=gdelt_language(article.get("language")),
            )
        )
    problem = f"{skipped} GDELT article(s) without a url skipped" if skipped else None
    return ParsedFeed(items=items, version="gdelt-json", problem=problem)


def gdelt_date(value: Any) -> str | None:
    """GDELT's `20260220T063400Z` as `2026-02-20T06:34:00Z`."""
    text = str(value or "")
    if len(text) == 16 and text[8] == "T" and text.endswith("Z") and text[:8].isdigit():
        return f"{text[:4]}-{text[4:6]}-{text[6:8]}T{text[9:11]}:{text[11:13]}:{text[13:15]}Z"
    return None


@lru_cache(maxsize=256)
def gdelt_language(name: str | None) -> str | None:
    """GDELT language names ('English', 'Chinese') as ISO 639-1 codes where there is one."""
    if not name:
        return None
    import pycountry

    language = pycountry.languages.get(name=name)
    if language is None:
        return language_code(name) if len(name) <= 3 else None
    return getattr(language, "alpha_2", None) or language.alpha_3
