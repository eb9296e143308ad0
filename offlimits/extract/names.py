"""Small helpers on names: slugs for stable ids, and the normalised key used to look names up."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2011": "-", "\u2010": "-"})


def slugify(text: str) -> str:
    """`Ministry of Digital Affairs` -> `ministry-of-digital-affairs` (ASCII, lowercase)."""
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"'s\b", "", text)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


@lru_cache(maxsize=8192)
def name_key(text: str) -> str:
    """A case-, punctuation- and article-insensitive key: `the U.S. House` -> `us house`."""
    text = text.translate(_APOSTROPHES).lower()
    text = re.sub(r"\b(?:[a-z]\.){2,}", lambda m: m.group().replace(".", ""), text)
    text = re.sub(r"'s\b", "", text)
    words = [w for w in re.split(r"[^\w]+", text) if w and w != "the"]
    return " ".join(words)
