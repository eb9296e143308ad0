"""HTML listing pages (outlets and regulators without feeds), scraped by CSS selectors."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Tag

from scrapers.feeditems import FeedItem, ParsedFeed
from scrapers.text import language_code, parse_date


def parse_listing(body: bytes, page_url: str, selectors: Mapping[str, str]) -> ParsedFeed:
    """Items of a listing page: one per `item` match, link resolved against the page URL.

    Selectors: `item` and `link` (required), `title`, `date`, `summary` (optional), each
    relative to the item. Without a title selector the link text is the title.
    """
    soup = BeautifulSoup(body, "lxml")
    base = page_url
    base_tag = soup.find("base", href=True)
    if isinstance(base_tag, Tag):
        base = urljoin(page_url, str(base_tag["href"]))
    html_tag = soup.find("html")
    language = language_code(html_tag.get("lang")) if isinstance(html_tag, Tag) else None
    items: list[FeedItem] = []
    skipped = 0
    elements = soup.select(selectors["item"])
    matches = {"item": len(elements), **{key: 0 for key in selectors if key != "item"}}
    for element in elements:
        link_tag = element if _matches(element, selectors["link"]) else None
        link_tag = link_tag or element.select_one(selectors["link"])
        href = link_tag.get("href") if link_tag is not None else None
        if not href:
            skipped += 1
            continue
        matches["link"] += 1
        title_tag = element.select_one(selectors["title"]) if "title" in selectors else None
        title = _text(title_tag) or _text(link_tag)
        date_tag = element.select_one(selectors["date"]) if "date" in selectors else None
        summary_tag = element.select_one(selectors["summary"]) if "summary" in selectors else None
        for key, tag in (("title", title_tag), ("date", date_tag), ("summary", summary_tag)):
            if key in matches and _text(tag) + _attribute_date(tag):
                matches[key] += 1
        items.append(
            FeedItem(
                title=title,
                link=urljoin(base, str(href).strip()),
                summary=_text(summary_tag),
                published=_date(date_tag),
                language=language,
            )
        )
    problem = None
    if not items:
        problem = f"no items matched selector {selectors['item']!r} with a link"
    elif skipped:
        problem = f"{skipped} item(s) without a link skipped"
    title_tag = soup.find("title")
    return ParsedFeed(
        items=items,
        title=_text(title_tag) or None,
        version="html",
        language=language,
        problem=problem,
        selector_matches=matches,
    )


def _matches(element: Tag, selector: str) -> bool:
    try:
        return element.name == "a" and element.css.match(selector)
    except Exception:  # a selector soupsieve cannot match on a single element
        return False


def _text(tag: Tag | None) -> str:
    return " ".join(tag.get_text(" ", strip=True).split()) if tag is not None else ""


def _attribute_date(tag: Tag | None) -> str:
    """A date given in an attribute rather than as text ("" when there is none)."""
    if tag is None:
        return ""
    return next((str(tag[a]) for a in ("datetime", "content", "data-date") if tag.get(a)), "")


def _date(tag: Tag | None) -> str | None:
    if tag is None:
        return None
    for attribute in ("datetime", "content", "data-date", "title"):
        value = tag.get(attribute)
        if value:
            parsed = parse_date(str(value))
            if parsed:
                return parsed
    return parse_date(_text(tag))
