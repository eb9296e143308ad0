"""Paths into ../shared/corpora and the fixture conventions of the feed corpus."""

from __future__ import annotations

import re

from tests.scrapers.conftest import SHARED

FEEDS = SHARED / "corpora" / "feeds"
PAGES = SHARED / "corpora" / "pages"
HEADER = re.compile(r"^Header:\s*([^:\r\n]+):\s*(.*?)\s*$", re.MULTILINE)


def fixture_headers(data: bytes) -> dict[str, str]:
    """The `Header:` lines of a fixture's leading comment, whatever its encoding."""
    for encoding in ("utf-8", "utf-16", "utf-32"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "<!--" in text:
            comment = text[: text.find("-->")] if "-->" in text else text
            return {name.strip(): value for name, value in HEADER.findall(comment)}
    return {}
