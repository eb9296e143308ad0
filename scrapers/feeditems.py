"""The items a source yields before they become articles: shared by every parser."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class FeedItem:
    """One entry of a feed, in plain text."""

    title: str
    link: str | None
    summary: str = ""
    published: str | None = None
    guid: str | None = None
    language: str | None = None


@dataclass
class ParsedFeed:
    """What a feed yielded; `problem` describes a malformed feed (items may still be there)."""

    items: list[FeedItem] = field(default_factory=list)
    title: str | None = None
    version: str = ""
    language: str | None = None
    problem: str | None = None

    @property
    def looks_like_feed(self) -> bool:
        return bool(self.version or self.items)
