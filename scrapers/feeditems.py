"""The items a source yields before they become articles: shared by every parser."""

from __future__ import annotations

from dataclasses import dataclass, field

from scrapers.urls import UrlError, canonical_url


@dataclass
class FeedItem:
    """One entry of a feed, in plain text."""

    title: str
    link: str | None
    summary: str = ""
    published: str | None = None
    guid: str | None = None
    language: str | None = None
    url: str | None = None  # canonical URL once computed; "" when the link is unusable
    outlet: str | None = None  # the publisher (a domain, or Google News' <source> name)
    outlet_url: str | None = None  # the publisher's site, where the source names it
    country: str | None = None  # ISO 3166-1 alpha-2 of the publisher (GDELT sourcecountry)


@dataclass
class ParsedFeed:
    """What a feed yielded; `problem` describes a malformed feed (items may still be there)."""

    items: list[FeedItem] = field(default_factory=list)
    title: str | None = None
    version: str = ""
    language: str | None = None
    problem: str | None = None
    selector_matches: dict[str, int] = field(default_factory=dict)  # listings: per selector

    @property
    def looks_like_feed(self) -> bool:
        return bool(self.version or self.items)


def canonical_item_url(item: FeedItem, base_url: str | None) -> str:
    """The item's canonical URL ("" if it has no usable http(s) link), computed once."""
    if item.url is None:
        try:
            item.url = canonical_url(item.link, base=base_url) if item.link else ""
        except UrlError:
            item.url = ""
    return item.url


def with_canonical_urls(parsed: ParsedFeed, base_url: str | None) -> ParsedFeed:
    """Fill in every item's canonical URL (done in parser processes, off the main GIL)."""
    for item in parsed.items:
        canonical_item_url(item, base_url)
    return parsed
