"""Small text helpers: HTML fragments to plain text, dates to ISO 8601, language tags."""

from __future__ import annotations

import html
import re
import time
from datetime import UTC, datetime

from dateutil import parser as dateparser
from lxml import etree
from lxml import html as lxml_html

_BLOCK_TAGS = frozenset((
    "p", "div", "br", "hr", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5",
    "h6", "blockquote", "tr", "td", "th", "table", "section", "article", "header", "footer",
    "figure", "figcaption", "pre", "address", "aside", "nav", "main", "body", "html",
))
_DROP_TAGS = ("script", "style", "noscript", "template")
# Lone surrogates, C0/C1 controls but tab and newline, and Unicode noncharacters
# (U+FDD0..U+FDEF and the last two code points of every plane): nothing a reader needs,
# and each one breaks something downstream (UTF-8 encoding, XML, terminals, CSV).
_UNWANTED = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}"
              for plane in range(17))
    + "]"
)
_HTML_PARSER = lxml_html.HTMLParser(
    encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, recover=True
)
_WRITTEN_YEAR = re.compile(r"(?<![+\-\d])(\d{4})(?!\d)")


def clean_text(text: str | None) -> str:
    """Text safe to store and serve: lone surrogates, control characters (but tab and
    newline; a carriage return becomes a newline) and noncharacters removed."""
    if not text:
        return ""
    return _UNWANTED.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def html_to_text(fragment: str | None) -> str:
    """Plain text of an HTML fragment: tags, comments, scripts and styles removed,
    entities decoded, whitespace collapsed. Block tags separate words; inline tags do not.
    libxml2's HTML parser in recovery mode: linear time, and it never fails on broken
    markup (an unclosed `<script` or `<!--` swallows the rest, as in a browser).
    """
    if not fragment:
        return ""
    if "<" not in fragment:
        text = html.unescape(fragment) if "&" in fragment else fragment
        return " ".join(clean_text(text).split())
    try:
        root = etree.fromstring(clean_text(fragment).encode("utf-8"), _HTML_PARSER)
    except (etree.ParserError, ValueError):
        root = None
    if root is None:
        return ""
    return " ".join(_tree_text(root).split())  # collapse whitespace (faster than re.sub)


def _tree_text(root: etree._Element) -> str:
    parts: list[str] = []
    skipping: etree._Element | None = None
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if skipping is not None:
            if event == "end" and element is skipping:
                skipping = None
                parts.append(" " + (element.tail or ""))
            continue
        if event == "start":
            if tag in _DROP_TAGS:
                skipping = element
                continue
            if tag in _BLOCK_TAGS:
                parts.append(" ")
            if element.text and tag:
                parts.append(element.text)
        else:
            if tag in _BLOCK_TAGS:
                parts.append(" ")
            if element.tail:
                parts.append(element.tail)
    return "".join(parts)


def year_as_written(raw: str | None, iso: str | None) -> str | None:
    """`iso` unless the raw date states a four-digit year the parse did not keep (the
    RFC 822 parsers read year 0001 as 2001): then None, an unknown date."""
    if not iso or not raw:
        return iso
    written = _WRITTEN_YEAR.findall(raw)
    if written and iso[:4] not in written:
        return None
    return iso


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
