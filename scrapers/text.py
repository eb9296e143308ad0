"""Small text helpers: HTML fragments to plain text, dates to ISO 8601, language tags."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime

import lxml.etree
import lxml.html
from dateutil import parser as dateparser

_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "tr",
        "td",
        "th",
        "section",
        "article",
        "header",
        "footer",
        "figure",
        "figcaption",
        "pre",
        "table",
    ]
)
_SPACES = re.compile(r"\s+")
_TAGS = re.compile(r"<[^>]*>")


def html_to_text(fragment: str | None) -> str:
    """Plain text of an HTML fragment: tags, scripts and styles removed, spaces collapsed."""
    if not fragment:
        return ""
    if "<" not in fragment and "&" not in fragment:
        return _SPACES.sub(" ", fragment).strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return _SPACES.sub(" ", _TAGS.sub(" ", fragment)).strip()
    for bad in root.xpath(".//script|.//style|.//noscript"):
        bad.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.tail = " " + (element.tail or "")
    return _SPACES.sub(" ", root.text_content()).strip()


def struct_to_iso(value: time.struct_time | None) -> str | None:
    """A UTC struct_time (as feedparser gives) as ISO 8601 with a Z."""
    if not value:
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (TypeError, ValueError):
        return None


def parse_date(text: str | None) -> str | None:
    """Any common date spelling as ISO 8601 (UTC when a zone is given); None if unreadable."""
    if not text or not text.strip():
        return None
    try:
        when = dateparser.parse(text.strip(), fuzzy=True)
    except (ValueError, OverflowError, TypeError):
        return None
    if when.tzinfo is not None:
        return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if (when.hour, when.minute, when.second) == (0, 0, 0):
        return when.date().isoformat()
    return when.strftime("%Y-%m-%dT%H:%M:%S")


def language_code(tag: str | None) -> str | None:
    """The primary subtag of a language tag, lower-cased: 'en-US' -> 'en'."""
    if not tag:
        return None
    primary = re.split(r"[-_]", tag.strip(), maxsplit=1)[0].lower()
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None
