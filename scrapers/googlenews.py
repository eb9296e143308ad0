"""Google News RSS items: the outlet from `<source url>`, the title without " - Outlet".

Google News links (`news.google.com/rss/articles/...`) open the story only through
JavaScript, so the publisher's URL is not known; the outlet named by `<source>` and the
title without its suffix are what lets the same story from a feed or GDELT be recognised
(`scrapers.stories`).
"""

from __future__ import annotations

from lxml import etree

from scrapers.feeditems import ParsedFeed
from scrapers.stories import outlet_of

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True,
                          huge_tree=False)
_DASHES = (" - ", " – ", " — ", " | ")


def rss_sources(body: bytes) -> dict[str, tuple[str, str | None]]:
    """{item link: (outlet name, outlet site URL)} from each RSS item's `<source>`."""
    try:
        root = etree.fromstring(body, parser=_PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return {}
    if root is None:
        return {}
    found: dict[str, tuple[str, str | None]] = {}
    for item in root.iter("item"):
        link = (item.findtext("link") or "").strip()
        source = item.find("source")
        if not link or source is None:
            continue
        name = " ".join((source.text or "").split())
        if name:
            found[link] = (name, (source.get("url") or "").strip() or None)
    return found


def strip_outlet_suffix(title: str, outlet: str | None) -> str:
    """The title without a trailing " - Outlet" (only when it names this outlet)."""
    if not outlet:
        return title
    stripped = title.rstrip()
    for dash in _DASHES:
        suffix = dash + outlet
        if stripped.lower().endswith(suffix.lower()) and len(stripped) > len(suffix):
            return stripped[: -len(suffix)].rstrip()
    return title


def apply_google_news(parsed: ParsedFeed, body: bytes) -> ParsedFeed:
    """Give each item its outlet (name, site) and a title without the outlet suffix."""
    sources = rss_sources(body)
    for item in parsed.items:
        name, site = sources.get((item.link or "").strip(), (None, None))
        if not name:
            continue
        item.title = strip_outlet_suffix(item.title, name)
        item.outlet_url = site
        item.outlet = outlet_of(site) if site else name
        if item.summary:
            item.summary = strip_outlet_suffix(item.summary, name)
            if item.summary.endswith(name):  # "<a>Headline</a>&nbsp;&nbsp;<font>Outlet</font>"
                item.summary = item.summary[: -len(name)].rstrip(" \u00a0")
    return parsed
