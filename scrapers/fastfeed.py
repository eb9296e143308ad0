"""A fast path for plain, well-formed RSS 2.0 and Atom 1.0 feeds, read with lxml.

feedparser copes with every broken feed but costs ~4 ms per 20-item feed. Most real feeds
are plain UTF-8 RSS 2.0 or Atom 1.0; for those this reader gives the same items about ten
times faster. Anything unusual (another encoding, a DOCTYPE, xml:base, XHTML content, an
unreadable date, a syntax error) returns None, and feedparser reads the feed instead.
A test checks that both readers agree on every feed this one accepts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from lxml import etree

from scrapers.feeditems import FeedItem, ParsedFeed
from scrapers.text import html_to_text, language_code, year_as_written

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=False, huge_tree=False)
_DECLARED = re.compile(rb"<\?xml[^>]*encoding\s*=\s*[\"']([^\"']+)[\"']")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([^\"';\s]+)", re.IGNORECASE)
_UTF8 = ("utf-8", "utf8")


class _Unusual(Exception):
    """Something this reader does not handle exactly like feedparser."""


def parse_fast(body: bytes, headers: Mapping[str, str] | None = None) -> ParsedFeed | None:
    """Items of a plain UTF-8 RSS 2.0 or Atom 1.0 feed, or None to let feedparser decide."""
    if not _plain_utf8(body, headers or {}):
        return None
    try:
        root = etree.fromstring(body, parser=_PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return None
    try:
        if root.tag == "rss" and root.get("version") == "2.0":
            return _rss(root)
        if root.tag == ATOM + "feed":
            return _atom(root)
    except _Unusual:
        return None
    return None


def _plain_utf8(body: bytes, headers: Mapping[str, str]) -> bool:
    head = body[:1024]
    if b"<!DOCTYPE" in head or b"<!ENTITY" in body or b"xml:base" in body:
        return False
    if body.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00", b"\xef\xbb\xbf")):
        return False
    declared = _DECLARED.match(head)
    if declared and declared.group(1).decode("ascii", "replace").lower() not in _UTF8:
        return False
    content_type = {k.lower(): v for k, v in headers.items()}.get("content-type", "")
    charset = _CHARSET.search(content_type)
    if charset:
        return charset.group(1).lower() in _UTF8
    media = content_type.split(";", 1)[0].strip().lower()
    if media.startswith("text/"):  # RFC 3023: text/* without a charset means US-ASCII
        return body.isascii()
    return True


def _text(element: etree._Element | None) -> str:
    return (element.text or "") if element is not None else ""


def _rss(root: etree._Element) -> ParsedFeed:
    channel = root.find("channel")
    if channel is None:
        raise _Unusual
    language = language_code(channel.findtext("language"))
    items = []
    for item in channel.iterfind("item"):
        if len(item.findall("title")) > 1 or len(item.findall("link")) > 1:
            raise _Unusual
        link = (item.findtext("link") or "").strip()
        guid = (item.findtext("guid") or "").strip() or None
        if not link:
            raise _Unusual  # feedparser's guid-as-link rules: leave them to it
        summary = item.findtext("description") or item.findtext(CONTENT_ENCODED) or ""
        pub = item.findtext("pubDate")
        if pub is None and any(str(child.tag).startswith("{") for child in item):
            raise _Unusual  # feedparser reads dates from dc:, dcterms: and other modules
        items.append(
            FeedItem(
                title=html_to_text(item.findtext("title")),
                link=link,
                summary=html_to_text(summary),
                published=_rfc822(pub) if pub is not None else None,
                guid=guid,
                language=language,
            )
        )
    return ParsedFeed(
        items=items,
        title=html_to_text(channel.findtext("title")) or None,
        version="rss20",
        language=language,
    )


def _atom(root: etree._Element) -> ParsedFeed:
    feed_language = language_code(root.get(XML_LANG))
    items = []
    for entry in root.iterfind(ATOM + "entry"):
        links = entry.findall(ATOM + "link")
        alternates = [e.get("href") for e in links if e.get("rel", "alternate") == "alternate"]
        if len(alternates) != 1 or not all(e.get("href") for e in links):
            raise _Unusual  # feedparser's rules for odd link sets: leave them to it
        link = alternates[0].strip()
        summary = entry.find(ATOM + "summary")
        if summary is None:
            summary = entry.find(ATOM + "content")
        date = entry.findtext(ATOM + "published") or entry.findtext(ATOM + "updated")
        language = language_code(entry.get(XML_LANG)) or feed_language
        items.append(
            FeedItem(
                title=html_to_text(_atom_text(entry.find(ATOM + "title"))),
                link=link,
                summary=html_to_text(_atom_text(summary)),
                published=_iso(date) if date else None,
                guid=(entry.findtext(ATOM + "id") or "").strip() or None,
                language=language,
            )
        )
    return ParsedFeed(
        items=items,
        title=html_to_text(_atom_text(root.find(ATOM + "title"))) or None,
        version="atom10",
        language=feed_language,
    )


def _atom_text(element: etree._Element | None) -> str:
    if element is None:
        return ""
    if element.get("type", "text") not in ("text", "html") or element.get("src") or len(element):
        raise _Unusual  # XHTML or out-of-line content
    return _text(element)


def _rfc822(value: str) -> str | None:
    try:
        when = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        raise _Unusual from None
    if when.tzinfo is None:
        raise _Unusual
    return year_as_written(value, when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))


def _iso(value: str) -> str:
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        raise _Unusual from None
    if when.tzinfo is None:
        raise _Unusual
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
