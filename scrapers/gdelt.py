"""GDELT DOC 2.0 `artlist` JSON, decoded tolerantly: one bad record costs one record.

The API sometimes emits invalid backslash escapes (`\\'`, `\\x`, a lone `\\` before a quote
character it did not escape) inside titles. A strict `json.loads` then rejects the whole
answer; here the escapes are repaired first, and if the document still does not parse,
each record of the `articles` array is decoded on its own and the bad ones are counted.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

# A JSON escape that is valid (group 1) or a backslash that starts none (repaired to `\\`).
_ESCAPE = re.compile(r'\\(["\\/bfnrt]|u[0-9a-fA-F]{4})?')
_BOUNDARY = re.compile(r'(?<=\})\s*,\s*(?=\{\s*")')

# GDELT names the 65 languages it translates in English; pycountry spells some otherwise.
LANGUAGE_ALIASES = {
    "greek": "el", "malay": "ms", "nepali": "ne", "punjabi": "pa", "sinhalese": "si",
    "swahili": "sw", "pashto": "ps", "filipino": "fil", "tagalog": "tl", "farsi": "fa",
    "persian": "fa", "norwegian": "no", "chinese": "zh", "kurdish": "ku", "uzbek": "uz",
    "albanian": "sq", "azerbaijani": "az", "estonian": "et", "latvian": "lv",
    "mongolian": "mn", "oriya": "or", "quechua": "qu", "tibetan": "bo",
}
# GDELT `sourcecountry` names that pycountry does not find by name.
COUNTRY_ALIASES = {
    "russia": "RU", "turkey": "TR", "czech republic": "CZ", "macedonia": "MK",
    "ivory coast": "CI", "burma": "MM", "swaziland": "SZ", "vatican city": "VA",
    "kosovo": "XK", "laos": "LA", "moldova": "MD", "bolivia": "BO", "venezuela": "VE",
    "tanzania": "TZ", "syria": "SY", "iran": "IR", "vietnam": "VN", "south korea": "KR",
    "north korea": "KP", "taiwan": "TW", "palestine": "PS", "occupied palestinian territory": "PS",
    "brunei": "BN", "cape verde": "CV", "micronesia": "FM",
    "democratic republic of the congo": "CD",
    "republic of the congo": "CG", "congo": "CG", "east timor": "TL", "the bahamas": "BS",
    "the gambia": "GM", "bahamas, the": "BS", "gambia, the": "GM", "hong kong": "HK",
    "macau": "MO", "united states": "US", "united kingdom": "GB",
}


@dataclass
class GdeltDecoded:
    """The records of an answer; `skipped` counts records that could not be used."""

    articles: list[dict[str, Any]] = field(default_factory=list)
    skipped: int = 0
    repaired: bool = False  # invalid escapes were fixed before decoding
    problem: str | None = None  # the answer as a whole is not GDELT JSON


def repair_escapes(text: str) -> str:
    """Drop the backslash of `\\'` and double every other one that starts no valid escape."""
    return _ESCAPE.sub(_repair_one, text.replace("\\'", "'") if "\\'" in text else text)


def _repair_one(match: re.Match[str]) -> str:
    return match.group(0) if match.group(1) else "\\\\"


def decode_gdelt(text: str) -> GdeltDecoded:
    """Decode an artlist answer; never raises (see the module docstring)."""
    text = text.strip().lstrip("\ufeff")
    if not text:
        return GdeltDecoded()
    repaired = repair_escapes(text)
    try:
        data = json.loads(repaired, strict=False)
    except json.JSONDecodeError:
        return _record_by_record(repaired, repaired != text)
    if not isinstance(data, dict):
        return GdeltDecoded(problem="GDELT JSON is not an object")
    articles = data.get("articles", [])
    if not isinstance(articles, list):
        return GdeltDecoded(problem="GDELT JSON 'articles' is not a list")
    good = [a for a in articles if _usable(a)]
    return GdeltDecoded(good, len(articles) - len(good), repaired != text)


def _usable(record: Any) -> bool:
    return isinstance(record, dict) and isinstance(record.get("url"), str) and bool(record["url"])


def _record_by_record(text: str, repaired: bool) -> GdeltDecoded:
    start = re.search(r'"articles"\s*:\s*\[', text)
    if start is None:
        return GdeltDecoded(problem=f"GDELT did not return JSON: {text[:200]!r}")
    result = GdeltDecoded(repaired=repaired)
    for chunk in _objects(text, start.end()):
        try:
            record = json.loads(chunk, strict=False)
        except json.JSONDecodeError:
            result.skipped += 1
            continue
        if _usable(record):
            result.articles.append(record)
        else:
            result.skipped += 1
    return result


def _objects(text: str, position: int) -> list[str]:
    """The records of the array starting at `position`. GDELT records are flat objects, so
    `}, {"` marks the boundary between two even when a bad string hides the others' quotes."""
    body = text[position:].rstrip()
    body = re.sub(r"\]\s*\}\s*$", "", body).strip()
    if not body:
        return []
    return [chunk.strip() for chunk in _BOUNDARY.split(body) if chunk.strip()]


@lru_cache(maxsize=256)
def gdelt_language(name: str | None) -> str | None:
    """A GDELT language name ('English', 'Sinhalese') as an ISO 639 code (639-1 if any)."""
    if not name or not name.strip():
        return None
    key = name.strip().lower()
    if key in LANGUAGE_ALIASES:
        return LANGUAGE_ALIASES[key]
    import pycountry

    language = pycountry.languages.get(name=name.strip().title())
    if language is None:
        language = pycountry.languages.get(name=f"{name.strip().title()} (macrolanguage)")
    if language is None:
        if len(key) in (2, 3) and key.isalpha():
            return key
        return None
    return getattr(language, "alpha_2", None) or language.alpha_3


@lru_cache(maxsize=512)
def gdelt_country(name: str | None) -> str | None:
    """A GDELT `sourcecountry` name ('United States', 'South Korea') as ISO 3166-1 alpha-2."""
    if not name or not name.strip():
        return None
    key = name.strip().lower()
    if key in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[key]
    import pycountry

    try:
        return pycountry.countries.lookup(name.strip()).alpha_2
    except LookupError:
        return None


def gdelt_date(value: Any) -> str | None:
    """GDELT's `20260220T063400Z` as `2026-02-20T06:34:00Z`."""
    text = str(value or "")
    if len(text) == 16 and text[8] == "T" and text.endswith("Z") and text[:8].isdigit():
        return f"{text[:4]}-{text[4:6]}-{text[6:8]}T{text[9:11]}:{text[11:13]}:{text[13:15]}Z"
    return None
