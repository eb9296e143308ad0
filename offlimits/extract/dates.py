"""A small date grammar: absolute and relative dates in a sentence, resolved against `published`.

Handles "July 9", "9 July 2024", "Jan. 30", "March 2023", "2025-01-30", "on Tuesday",
"last Friday", "next Monday", "today", "yesterday", "with immediate effect", "by the end of the
month" and the phrases that make a date a start ("starting", "from", "as of", "effective",
"set to commence on"). Regexes only: fast enough for the hot path.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
            "saturday": 5, "sunday": 6}

_MONTH = (r"(?P<month>January|February|March|April|May|June|July|August|September|October|"
          r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?")
_MONTH2 = _MONTH.replace("?P<month>", "?P<month2>")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DAY2 = r"(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_YEAR2 = r"(?P<year2>(?:19|20)\d\d)"
_START = re.compile(
    r"\b(?:starting|beginning|commencing|effective|as of|from|takes? effect|took effect|"
    r"goes? into effect|went into effect|comes? into (?:force|effect)|"
    r"set to (?:start|begin|commence|take effect)|will (?:start|begin|commence)|"
    r"starts?|begins?|commences?)(?:\s+(?:on|from))?\s+(?:(?:next|this|on)\s+)?$",
    re.IGNORECASE,
)
_PAST_START = re.compile(r"\b(?:took|went|came|started|began|commenced)\b", re.IGNORECASE)
_REL = re.compile(r"\b(?P<rel>last|this|next|on|this past|until)\s+$", re.IGNORECASE)
_DATES = re.compile(
    r"(?<![\w-])(?:"
    r"(?P<iso>(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d))"
    r"|(?:" + _MONTH + r"\s+" + _DAY + r"(?![\d:])(?:,?\s+" + _YEAR + r")?)"
    r"|(?:" + _DAY2 + r"\s+" + _MONTH2 + r"(?:,?\s+" + _YEAR2 + r")?)"
    r"|(?:(?P<mon_only>January|February|March|April|May|June|July|August|September|October|"
    r"November|December)(?:\s+of)?\s+(?P<mon_year>(?:19|20)\d\d))"
    r"|(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?:\s+(?:morning|afternoon|evening|night))?"
    r"|(?P<deictic>(?i:today|yesterday|tomorrow))"
    r"|(?P<immediate>(?i:with immediate effect|effective immediately|immediately|"
    r"with effect from today))"
    r"|(?P<eom>(?i:(?:by|at|from)\s+the\s+end\s+of\s+(?:the|this)\s+month))"
    r"|(?:(?i:by|at)\s+the\s+end\s+of\s+(?P<eom_month>January|February|March|April|May|June|"
    r"July|August|September|October|November|December))"
    r"|(?:in\s+(?P<in_year>(?:19|20)\d\d))"
    r"|(?:(?P<rel_month_word>(?i:last|this past|earlier this|this|next))\s+(?P<rel_month>January|"
    r"February|March|April|May|June|July|August|September|October|November|December)"
    r"(?!\s+(?:[0-3]?\d\b|of\s|(?:19|20)\d\d)))"
    r"|(?:(?P<rel_unit_word>(?i:last|earlier this|earlier last|next))\s+"
    r"(?P<rel_unit>(?i:month|year)))"
    r"|(?:(?P<ago_n>(?i:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"\d{1,2}))\s+(?P<ago_unit>(?i:days?|weeks?|months?|years?))\s+(?i:ago|earlier))"
    r"|(?:(?i:in|during|since|until|by)\s+(?:early\s+|mid-?\s*|late\s+)?(?P<in_month>January|"
    r"February|March|April|May|June|July|August|September|October|November|December)"
    r"(?!\s+(?:[0-3]?\d\b|of\s|(?:19|20)\d\d)|,?\s+(?:19|20)\d\d))"
    r")(?![\w-])"
)


@dataclass(frozen=True)
class DateMention:
    """One date found in a sentence, resolved."""

    value: str  # YYYY-MM-DD, YYYY-MM or YYYY
    precision: str  # day | month | year
    start_phrase: bool  # introduced by "starting", "from", "as of", ...
    immediate: bool  # "with immediate effect": takes effect when the event happens
    begin: int
    end: int


def parse_published(value: str | None) -> date | None:
    """`2024-06-26` (or a longer ISO timestamp) -> date; anything else -> None."""
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def find_dates(sentence: str, published: date | None) -> list[DateMention]:
    """Every date in `sentence`, resolved against `published` where relative."""
    out = []
    future = _looks_future(sentence)
    for m in _DATES.finditer(sentence):
        g = m.groupdict()
        begin = m.start()
        lead = _START.search(sentence, max(0, begin - 45), begin)
        start_phrase = lead is not None or bool(g["eom"] or g["eom_month"])
        if lead is not None:
            begin = lead.start()
        rel = _REL.search(sentence, max(0, m.start() - 12), m.start()) if g["weekday"] else None
        g["rel"] = rel.group("rel") if rel else None
        if g["weekday"]:
            forward = _weekday_forward(sentence, m.start(), start_phrase, future)
        else:
            forward = future or start_phrase and not (lead and _PAST_START.search(lead.group()))
        resolved = _resolve(g, published, forward, future)
        if resolved is None:
            continue
        value, precision = resolved
        out.append(DateMention(value, precision, start_phrase, bool(g["immediate"]),
                               begin, m.end()))
    return out


def _looks_future(sentence: str) -> bool:
    return re.search(r"\b(?:will|won't|would|is set to|are set to|plans? to|is to|are to|"
                     r"going to|upcoming)\b", sentence, re.IGNORECASE) is not None


def _weekday_forward(sentence: str, pos: int, start_phrase: bool, future: bool) -> bool:
    """Does a bare weekday point ahead? By the verb nearest before it, else the sentence."""
    window = sentence[max(0, pos - 40):pos]
    past = [m.end() for m in _PAST.finditer(window)]
    ahead = [m.end() for m in _FUTURE_NEAR.finditer(window)]
    if past or ahead:
        return max(ahead, default=-1) > max(past, default=-1)
    if start_phrase:
        return not _looks_past(sentence)
    return future


_FUTURE_NEAR = re.compile(r"\b(?:will|would|shall|is set to|are set to|to take effect|"
                          r"takes effect|going to|plans? to|next)\b", re.IGNORECASE)


def _looks_past(sentence: str) -> bool:
    return _PAST.search(sentence) is not None


_PAST = re.compile(r"\b(?:was|were|had|did|has been|have been)\b|\b[a-z]{3,}ed\b(?!\s+by\b)")


def _resolve(g: dict, published: date | None, forward: bool,
             future: bool) -> tuple[str, str] | None:
    if g["iso"]:
        return _day(int(g["iy"]), int(g["im"]), int(g["id"]))
    if g["month"] or g["month2"]:
        month = MONTHS[(g["month"] or g["month2"]).lower().rstrip(".")]
        day = int(g["day"] or g["day2"])
        year = g["year"] or g["year2"]
        if year:
            return _day(int(year), month, day)
        if published is None:
            return None
        return _near(published, month, day, forward, future)
    if g["mon_only"]:
        return f"{int(g['mon_year']):04d}-{MONTHS[g['mon_only'].lower()]:02d}", "month"
    if g["in_year"]:
        return g["in_year"], "year"
    if published is None:
        return None
    if g["rel_month"] or g["in_month"]:
        return _month_near(published, g, forward)
    if g["rel_unit"]:
        return _unit_near(published, g["rel_unit_word"].lower(), g["rel_unit"].lower())
    if g["ago_n"]:
        return _ago(published, g["ago_n"].lower(), g["ago_unit"].lower().rstrip("s"))
    if g["weekday"]:
        target = WEEKDAYS[g["weekday"].lower()]
        rel = (g["rel"] or "").lower()
        if rel == "next" or (forward and rel not in ("last", "this past")):
            delta = (target - published.weekday()) % 7
            if rel == "next" and delta == 0:
                delta = 7
            return (published + timedelta(days=delta)).isoformat(), "day"
        delta = (published.weekday() - target) % 7
        if rel == "last" and delta == 0:
            delta = 7
        return (published - timedelta(days=delta)).isoformat(), "day"
    if g["deictic"]:
        shift = {"today": 0, "yesterday": -1, "tomorrow": 1}[g["deictic"].lower()]
        return (published + timedelta(days=shift)).isoformat(), "day"
    if g["immediate"]:
        return published.isoformat(), "day"
    if g["eom_month"]:
        month = MONTHS[g["eom_month"].lower()]
        year = published.year + (1 if month < published.month - 2 else 0)
        return date(year, month, calendar.monthrange(year, month)[1]).isoformat(), "day"
    if g["eom"]:
        last = calendar.monthrange(published.year, published.month)[1]
        return date(published.year, published.month, last).isoformat(), "day"
    return None


def _month_near(published: date, g: dict, forward: bool) -> tuple[str, str]:
    """`last September`, `in March`, `next May` -> the month (YYYY-MM) meant from `published`.

    `last`/`this past`/`earlier this` and a past-tense `in March` look back (the latest such
    month no later than the published one, the one before it for `last`); `next` and a
    future-tense `in March` look ahead; `this March` is the published year's."""
    word = (g["rel_month_word"] or "").lower()
    month = MONTHS[(g["rel_month"] or g["in_month"]).lower()]
    year = published.year
    if word in ("last", "this past"):
        if month >= published.month:
            year -= 1
    elif word == "next" or (not word and forward):
        if month < published.month or (word == "next" and month == published.month):
            year += 1
    elif not word and month > published.month:
        year -= 1
    return f"{year:04d}-{month:02d}", "month"


def _unit_near(published: date, word: str, unit: str) -> tuple[str, str]:
    """`last month`, `earlier this year`, `next month` -> that month or year from `published`."""
    shift = {"last": -1, "earlier last": -1, "next": 1}.get(word, 0)
    if unit == "year":
        return f"{published.year + shift:04d}", "year"
    index = published.year * 12 + published.month - 1 + shift
    return f"{index // 12:04d}-{index % 12 + 1:02d}", "month"


_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}


def _ago(published: date, n: str, unit: str) -> tuple[str, str]:
    """`two weeks ago`, `three months earlier` -> that day (month, year) before `published`."""
    count = int(n) if n.isdigit() else _NUMBERS[n]
    if unit in ("day", "week"):
        days = count * (7 if unit == "week" else 1)
        return (published - timedelta(days=days)).isoformat(), "day"
    if unit == "month":
        index = published.year * 12 + published.month - 1 - count
        return f"{index // 12:04d}-{index % 12 + 1:02d}", "month"
    return f"{published.year - count:04d}", "year"


def _day(year: int, month: int, day: int) -> tuple[str, str] | None:
    try:
        return date(year, month, day).isoformat(), "day"
    except ValueError:
        return None


def _near(published: date, month: int, day: int, forward: bool,
          future: bool) -> tuple[str, str] | None:
    """A month and day without a year: the occurrence nearest `published` in the right direction."""
    try:
        value = date(published.year, month, day)
    except ValueError:
        return None
    if forward and value < published - timedelta(days=14 if future else 120):
        value = value.replace(year=value.year + 1)
    elif not forward and value > published + timedelta(days=14):
        value = value.replace(year=value.year - 1)
    return value.isoformat(), "day"
