"""News-search sources: Google News RSS search and the GDELT DOC 2.0 article list."""
# gdelt_date and gdelt_language are re-exported: callers import them from here.

from __future__ import annotations

import json
from urllib.parse import quote, urlencode

from scrapers.feeditems import FeedItem, ParsedFeed
from scrapers.feeds import parse_feed
from scrapers.gdelt import decode_gdelt, gdelt_country, gdelt_date, gdelt_language
from scrapers.googlenews import apply_google_news
from scrapers.sources import Source

GOOGLE_NEWS_ENDPOINT = "https://news.google.com/rss/search"
GDELT_ENDPOINT = "https://api.gdeltproject.org/api/v2/doc/doc"
FEDERAL_REGISTER_ENDPOINT = "https://www.federalregister.gov/api/v1/documents.json"
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
    elif source.engine == "federal_register":
        return federal_register_url(source)
    else:
        raise ValueError(f"source {source.id!r}: unknown search engine {source.engine!r}")
    separator = "&" if "?" in str(endpoint) else "?"
    return f"{endpoint}{separator}{urlencode(ordered, quote_via=quote, safe=':')}"


def federal_register_url(source: Source) -> str:
    """The Federal Register API's document list: `params.agencies` (comma-separated
    agency slugs), `params.type` (RULE, PRORULE, NOTICE, PRESDOCU), `params.per_page`;
    the query, when given, is `conditions[term]`. Newest first."""
    params = dict(source.params)
    endpoint = str(params.pop("endpoint", FEDERAL_REGISTER_ENDPOINT))
    pairs: list[tuple[str, str]] = []
    if source.query:
        pairs.append(("conditions[term]", source.query))
    for agency in str(params.pop("agencies", "")).split(","):
        if agency.strip():
            pairs.append(("conditions[agencies][]", agency.strip()))
    for kind in str(params.pop("type", "")).split(","):
        if kind.strip():
            pairs.append(("conditions[type][]", kind.strip().upper()))
    pairs.append(("order", str(params.pop("order", "newest"))))
    pairs.append(("per_page", str(params.pop("per_page", 20))))
    pairs += [(k, str(v)) for k, v in params.items()]
    separator = "&" if "?" in endpoint else "?"
    return f"{endpoint}{separator}{urlencode(pairs, quote_via=quote, safe='[]')}"


def parse_search(source: Source, body: bytes, headers: dict[str, str], url: str) -> ParsedFeed:
    """Items of a search response: GDELT JSON, Federal Register JSON, or RSS (Google News,
    GDELT format=rss)."""
    if source.engine == "federal_register":
        return parse_federal_register(body)
    content_type = headers.get("content-type", "").lower()
    wants_json = source.engine == "gdelt" and str(source.params.get("format", "json")) == "json"
    if wants_json or "json" in content_type:
        return parse_gdelt_json(body)
    parsed = parse_feed(body, headers, url)
    if source.engine == "google_news":
        return apply_google_news(parsed, body)
    return parsed


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


def parse_federal_register(body: bytes) -> ParsedFeed:
    """The API's `{"count": n, "results": [{title, abstract, html_url, publication_date,
    document_number, type}]}`; a result without an html_url is skipped and counted."""
    try:
        data = json.loads(body.decode("utf-8", errors="replace"))
    except json.JSONDecodeError:
        return ParsedFeed(problem=f"Federal Register did not return JSON: {body[:200]!r}")
    results = data.get("results", []) if isinstance(data, dict) else None
    if not isinstance(results, list):
        return ParsedFeed(problem="Federal Register JSON has no 'results' list")
    items, skipped = [], 0
    for result in results:
        link = result.get("html_url") if isinstance(result, dict) else None
        if not isinstance(link, str) or not link:
            skipped += 1
            continue
        items.append(FeedItem(
            title=str(result.get("title") or "").strip(),
            link=link,
            summary=" ".join(str(result.get("abstract") or "").split()),
            published=str(result.get("publication_date") or "")[:10] or None,
            guid=str(result.get("document_number") or "") or None,
            language="en",
            outlet="federalregister.gov",
            country="US",
        ))
    problem = f"{skipped} Federal Register result(s) without html_url skipped" if skipped else None
    return ParsedFeed(items=items, version="federal-register-json", problem=problem)


__all__ = ["federal_register_url", "gdelt_date", "gdelt_language", "parse_federal_register",
           "parse_gdelt_json", "parse_search", "search_url"]
