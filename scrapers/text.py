"""Small text helpers: HTML fragments to plain text, dates to ISO 8601, language tags."""

from __future__ import annotations

import html
import re
import time
from datetime import UTC, datetime

from dateutil import parser as dateparser

_BLOCK_TAGS = (
    "p|div|br|hr|li|ul|ol|dl|dt|dd|h[1-6]|blockquote|tr|td|th|table|section|article|header|"
    "footer|figure|figcaption|pre|address|aside|nav|main"
)
_DROP = re.compile(
    r"<!--.*?-->|<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)
_BLOCK = re.compile(rf"</?(?:{_BLOCK_TAGS})\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^>]*>|<![^>]*>")
_DROP_HINT = re.compile(r"<(?:!--|script|style|noscript|template)", re.IGNORECASE)


def html_to_text(fragment: str | None) -> str:
    """Plain text of an HTML fragment: tags, comments, scripts and styles removed,
    entities decoded, whitespace collapsed. Block tags separate words; inline tags do not.
    A regex pass, not a parser: it never fails on broken markup.
    """
    if not fragment:
        return ""
    text = fragment
    if "<" in text:
        if _DROP_HINT.search(text):
            text = _DROP.sub(" ", text)
        text = _BLOCK.sub(" ", text)
        text = _TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    return " ".join(text.split())  # collapse whitespace (much faster than re.sub)


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
