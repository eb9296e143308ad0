"""The same story seen through several sources: a key of normalised title + outlet.

Media Cloud spots one story under several URLs by a hash of its normalised title within
one outlet; here the key is the same idea: case-folded, accents and punctuation dropped,
spaces collapsed, plus the outlet's host (`www.` dropped). A Google News item, whose link
hides the publisher URL, takes the URL of a feed or GDELT item with the same key.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
import unicodedata
from urllib.parse import urlsplit

STORY_WINDOW = 3 * 24 * 3600.0  # seconds: the same title and outlet later is another story
GOOGLE_NEWS_HOST = "news.google.com"
_NOT_WORD = re.compile(r"[\W_]+")


def outlet_of(url: str | None) -> str | None:
    """The outlet of a URL: its host, lower case, without `www.` (None if there is none)."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def normalised_title(title: str) -> str:
    """Case-folded, accents and punctuation dropped, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", title.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", plain).split())


def story_key(title: str | None, outlet: str | None) -> str | None:
    """The story's key, or None when the title is too short to tell stories apart."""
    words = normalised_title(title or "")
    if len(words.split()) < 3 or not outlet:
        return None
    outlet = outlet.lower()
    outlet = outlet[4:] if outlet.startswith("www.") else outlet
    return hashlib.sha1(f"{outlet}\n{words}".encode()).hexdigest()[:20]


def is_google_news(url: str | None) -> bool:
    return outlet_of(url) == GOOGLE_NEWS_HOST


class StoryIndex:
    """Story keys seen recently and the publisher URL each stands for; thread-safe."""

    def __init__(self, window: float = STORY_WINDOW, max_keys: int = 200_000):
        self.window = window
        self.max_keys = max_keys
        self._lock = threading.Lock()
        self._urls: dict[str, tuple[str, float]] = {}

    def resolve(self, key: str | None, url: str, now: float | None = None) -> str:
        """The URL to store this item under: a publisher URL already seen for the key
        (for a Google News link), else `url`; a publisher URL replaces a Google News one."""
        if not key:
            return url
        now = time.monotonic() if now is None else now
        with self._lock:
            known = self._urls.get(key)
            if known and now - known[1] > self.window:
                known = None
            if known and is_google_news(url) and not is_google_news(known[0]):
                return known[0]
            if known is None or (is_google_news(known[0]) and not is_google_news(url)):
                if len(self._urls) >= self.max_keys:
                    self._forget(now)
                self._urls[key] = (url, now)
            return url

    def _forget(self, now: float) -> None:
        fresh = {k: v for k, v in self._urls.items() if now - v[1] <= self.window}
        if len(fresh) >= self.max_keys:  # keep the newest half
            ordered = sorted(fresh.items(), key=lambda kv: kv[1][1])
            fresh = dict(ordered[len(ordered) // 2:])
        self._urls = fresh
