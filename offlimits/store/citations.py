"""Citations of a hand-verified event: a bare URL, or a mapping that says what the page is."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

FIELDS = ("url", "title", "outlet", "published", "note")
PUBLISHED = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


class CitationError(ValueError):
    """A citation that breaks the schema; the message names the field."""


@dataclass(frozen=True)
class Citation:
    url: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    note: str | None = None  # what the page supports, in offlimits' own words


def _url(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CitationError("'url' must be a URL")
    url = value.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in url:
        raise CitationError(f"'url' must be an http(s) URL, not {url!r}")
    return url


def _published(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    text = str(value)
    if not PUBLISHED.fullmatch(text):
        raise CitationError(f"'published' must be YYYY, YYYY-MM or YYYY-MM-DD, not {text!r}")
    try:
        dt.date.fromisoformat(text + "-01" * (2 - text.count("-")))
    except ValueError:
        raise CitationError(f"'published' {text!r} is not a real date") from None
    return text


def _text(entry: dict[str, Any], key: str) -> str | None:
    value = entry.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise CitationError(f"'{key}' must be a non-empty string")
    return " ".join(value.split())


def parse_citation(entry: Any) -> Citation:
    """A `sources:` entry as a Citation; raises CitationError naming the field at fault."""
    if isinstance(entry, str):
        return Citation(url=_url(entry))
    if not isinstance(entry, dict):
        raise CitationError("a citation is a URL or a mapping with url, title, outlet, "
                            "published, note")
    unknown = sorted(set(map(str, entry)) - set(FIELDS))
    if unknown:
        raise CitationError(f"unknown citation field {unknown[0]!r} "
                            f"(allowed: {', '.join(FIELDS)})")
    if "url" not in entry:
        raise CitationError("'url' is required")
    return Citation(url=_url(entry["url"]), title=_text(entry, "title"),
                    outlet=_text(entry, "outlet"), published=_published(entry.get("published")),
                    note=_text(entry, "note"))


def parse_citations(entries: Any) -> list[Citation]:
    """Every citation of one event, in order; a URL cited twice is an error."""
    if not isinstance(entries, list) or not entries:
        raise CitationError("'sources' must be a non-empty list of citations")
    citations: list[Citation] = []
    for number, entry in enumerate(entries, 1):
        try:
            citation = parse_citation(entry)
        except CitationError as e:
            raise CitationError(f"sources[{number}]: {e}") from None
        if any(c.url == citation.url for c in citations):
            raise CitationError(f"sources[{number}]: {citation.url} is cited twice")
        citations.append(citation)
    return citations
