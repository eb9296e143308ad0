"""Dates in the other eight languages: month names from CLDR (babel), numeric forms by script.

Finds "30. März 2023", "1er avril 2023", "3 de abril de 2023", "marzo 2023", "2023年3月31日",
"2023년 3월 31일", "3月31日", "30.03.2023" and "2023-03-30"; a year-less date is resolved
against the publication date (the latest such day not more than a week after it). A date
right after a start cue ("ab", "à partir du", "a partir de") or right before one ("から",
"부터", "起") is a start date. Pure functions; the compiled patterns are cached per language.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from babel import Locale

from offlimits.extract.dates import DateMention
from offlimits.extract.lang import LanguageLexicon

_CJK_DATE = re.compile(
    r"(?:(?P<y>(?:19|20)\d\d)\s*[年년]\s*)?(?P<m>1[0-2]|0?[1-9])\s*[月월]\s*"
    r"(?:(?P<d>3[01]|[12]\d|0?[1-9])\s*[日일号號])?")
_NUMERIC = re.compile(
    r"(?<![\d.])(?:(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d)|"
    r"(?P<d>3[01]|[12]\d|0?[1-9])[./](?P<m>1[0-2]|0?[1-9])[./](?P<y>(?:19|20)\d\d))(?![\d])")


@lru_cache(maxsize=16)
def _month_pattern(language: str) -> tuple[re.Pattern, dict[str, int]]:
    months = Locale.parse(language).months["format"]
    names: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for number, name in months[width].items():
            key = name.lower().rstrip(".")
            if len(key) >= 3:
                names.setdefault(key, number)
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    pattern = re.compile(
        r"(?<!\w)(?:(?P<d>3[01]|[12]\d|0?[1-9])(?:\.|er|º|°)?\s+(?:de\s+)?)?"
        r"(?P<month>" + alternation + r")\.?(?:\s+(?:de\s+|del\s+)?(?P<y>(?:19|20)\d\d))?(?!\w)",
        re.IGNORECASE)
    return pattern, names


def find_foreign_dates(sentence: str, lexicon: LanguageLexicon,
                       published: date | None) -> list[DateMention]:
    """Every date in `sentence` (written in `lexicon.language`), resolved, in order."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def add(begin: int, end: int, year: str | None, month: int, day: str | None) -> None:
        if any(b < end and begin < e for b, e in taken):
            return
        value = _resolve(year, month, day, published)
        if value is None:
            return
        precision = "day" if day else "month"
        taken.append((begin, end))
        found.append(DateMention(value, precision, _is_start(sentence, begin, end, lexicon),
                                 False, begin, end))

    for m in _NUMERIC.finditer(sentence):
        if m.group("iy"):
            add(m.start(), m.end(), m.group("iy"), int(m.group("im")), m.group("id"))
        else:
            add(m.start(), m.end(), m.group("y"), int(m.group("m")), m.group("d"))
    if lexicon.script == "cjk":
        for m in _CJK_DATE.finditer(sentence):
            if m.group("y") or m.group("d"):
                add(m.start(), m.end(), m.group("y"), int(m.group("m")), m.group("d"))
    else:
        pattern, names = _month_pattern(lexicon.language)
        for m in pattern.finditer(sentence):
            if not (m.group("d") or m.group("y")):
                continue  # a bare month name ("mai", "marzo") is too often a word
            add(m.start(), m.end(), m.group("y"), names[m.group("month").lower()], m.group("d"))
    return sorted(found, key=lambda d: d.begin)


def _resolve(year: str | None, month: int, day: str | None,
             published: date | None) -> str | None:
    d = int(day) if day else 1
    if year is None:
        if published is None:
            return None
        y = published.year
        try:
            if (date(y, month, d) - published).days > 7:
                y -= 1  # "3月31日" in a paper of 2 January is last year's
        except ValueError:
            return None
    else:
        y = int(year)
    try:
        date(y, month, d)
    except ValueError:
        return None
    return f"{y:04d}-{month:02d}-{d:02d}" if day else f"{y:04d}-{month:02d}"


def _is_start(sentence: str, begin: int, end: int, lexicon: LanguageLexicon) -> bool:
    before = sentence[max(0, begin - 25):begin].lower().rstrip()
    after = sentence[end:end + 8].lower().lstrip()
    for cue in lexicon.start_cues:
        c = cue.lower()
        if lexicon.script == "cjk":
            if after.startswith(c):
                return True
        elif before.endswith(c) and (len(before) == len(c) or not before[-len(c) - 1].isalnum()):
            return True
    return False
