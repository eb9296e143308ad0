"""When an event happened and when it takes effect: the one place that decides both.

`dates.py` and `foreign_dates.py` find the dates a sentence names. This module decides what
each of them means for an event:
- in the trigger's sentence (`attach_sentence_dates`): a start date ("from July 9") is the
  effective date; a date on the act itself ("suspended Saturday") is when it happened and took
  effect; a date on a reporting verb ("said Monday") is only when it was announced; the date of
  a cause ("after staff leaked code in April") or of another clause is not the event's;
- in a following sentence about the restriction (`follow_on_dates`): "The ban takes effect on
  March 1", "the circular, dated Jan. 29";
- over the article (`event_dates`): the first non-background date, the publication date for
  news told in the lead, a day after publication taken as the start of an announced
  restriction, and "with immediate effect" resolved to the event's day.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from offlimits.extract.dates import DateMention, find_dates

if TYPE_CHECKING:
    from offlimits.extract.events import Found

# the sentence's cause clause: a date after it dates the cause, not the event
CAUSE = re.compile(r"\b(?:after|because|following|amid|due to|citing|over concerns|as a result)\b",
                   re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"\b(?:after|before|since|because|although|though|"
                           r"whereas)\b", re.IGNORECASE)
_REPORTED = re.compile(r"\b(?:said|says|announced|announces|confirmed|told|reported|stated|"
                       r"revealed|disclosed|wrote|noted)\s+(?:on\s+)?$", re.IGNORECASE)
# a sentence whose subject is the restriction itself: "The ban takes effect on March 1"
_FOLLOW_ON = re.compile(
    r"\W*(?:(?:The|This|That|Its|Their|These|Those|Such a|Such)\s+(?:(?:new|\w+['\u2019]s)\s+)?"
    r"(?:ban|bans|restrictions?|block|blocking|prohibition|suspension|rules?|polic(?:y|ies)|"
    r"order|measures?|changes?|decision|directive|cut-?off|limits?|guidance|move|cut|"
    r"circular|memo|memorandum|notice|letter|decree|advisory|instruction)\b|"
    r"(?:It|They)\s+(?:will\s+)?(?:takes?|took|comes?|came|goes|go|went|applies|apply)\s+"
    r"(?:into\s+)?(?:effect|force|from)\b)")
# "The company said the ban takes effect immediately": the restriction named inside a clause
_FOLLOW_ON_INSIDE = re.compile(
    r"\b(?:the|this|that|its|their|these|those)\s+(?:new\s+)?(?:ban|bans|restrictions?|"
    r"block|prohibition|suspension|order|measures?|rules?|polic(?:y|ies)|decision|directive|"
    r"cut-?off|limits?|guidance)\b[^.;]{0,40}?\b(?:takes?|took|will take|comes?|came|"
    r"will come|goes|went|will go|applies|apply|will apply|starts?|started|begins?|began)\s+"
    r"(?:into\s+)?(?:effect|force|from|on|immediately|with)\b", re.IGNORECASE)
_ISSUED = re.compile(r"\b(?:dated|signed|issued|announced|imposed|introduced|published|sent|"
                     r"circulated|approved|adopted)\s+(?:on\s+)?$")
FOLLOW_ON_REACH = 2  # sentences after the event's own that may still say when it starts


def _distance(d: DateMention, start: int, end: int) -> int:
    return min(abs(d.begin - end), abs(start - d.end))


def attach_sentence_dates(found: Found, dates: list[DateMention], start: int, end: int,
                          text: str) -> None:
    """Set `found.date` and `found.effective` from the dates of the trigger's sentence
    (`start`, `end`: the trigger's span in `text`)."""
    near = sorted((d for d in dates if _distance(d, start, end) <= 120),
                  key=lambda d: _distance(d, start, end))
    cause = CAUSE.search(text, end)
    for d in near:
        if d.start_phrase or d.immediate:
            if found.effective is None:
                found.effective = d
            continue
        if cause is not None and d.begin >= cause.end():
            continue  # "banned it after staff leaked code in April": the cause's date
        if d.end <= start and _CLAUSE_BREAK.search(text, d.end, start):
            continue  # "X said on Friday, four weeks after Y blocked it": not Y's date
        reported = _REPORTED.search(text, max(0, d.begin - 25), d.begin) is not None
        if found.date is None:
            found.date = d
        if not reported and d.precision == "day" and found.effective is None and \
                d.begin >= end and d.begin - end <= 90:
            found.effective = d


def attach_nearest_dates(found: Found, dates: list[DateMention], start: int, end: int,
                         reach: int = 80) -> None:
    """The same for languages without the English clause cues: the nearest start-phrase day
    is the effective date, the nearest other date within `reach` the event's date."""
    near = sorted((d for d in dates if _distance(d, start, end) <= reach),
                  key=lambda d: _distance(d, start, end))
    found.effective = next((d for d in near if d.start_phrase and d.precision == "day"), None)
    found.date = next((d for d in near if not d.start_phrase), None)


def follow_on_dates(text: str, index: int, findings: list[Found],
                    published: date | None) -> None:
    """`The ban takes effect on March 1`: a sentence (number `index`) about "the ban" that only
    says when it starts gives its start date to the latest event of the sentences before."""
    if not findings or not 0 <= index - findings[-1].sentence_index <= FOLLOW_ON_REACH:
        return
    latest = findings[-1]
    if not (_FOLLOW_ON.match(text) or _FOLLOW_ON_INSIDE.search(text)):
        return
    dates = find_dates(text, published)
    start = next((d for d in dates if d.start_phrase or d.immediate), None)
    if start is not None and latest.effective is None:
        latest.effective = start
    issued = next((d for d in dates if not d.start_phrase and d.precision == "day" and
                   _ISSUED.search(text, max(0, d.begin - 30), d.begin)), None)
    if issued is not None and latest.date is None:
        latest.date = issued  # "The circular, dated Jan. 29, ..."


def event_dates(items: list[Found], published: date | None,
                lead: bool) -> tuple[str | None, str | None, str | None]:
    """(date, date_precision, effective_date) of one event from its findings in text order;
    `lead`: the event is the article's own news, told in its first sentences."""
    first = items[0]
    # a date from a background mention ("last month it also cracked down") dates this event
    # only when every mention of it is background
    primary = [f for f in items if not f.background] or items
    date_mention = next((f.date for f in primary if f.date is not None), None)
    effective = next((f.effective for f in items if f.effective is not None), None)
    date_value = precision = None
    if date_mention is not None and published is not None and \
            date_mention.value > published.isoformat() and date_mention.precision == "day":
        # "will block it on July 9": a date after publication is when it takes effect; the
        # news is the announcement
        effective = effective or date_mention
        date_mention = None
    if date_mention is not None:
        date_value, precision = date_mention.value, date_mention.precision
    elif lead and published is not None:
        date_value, precision = published.isoformat(), "day"
    effective_value = None
    if effective is not None:
        effective_value = effective.value if effective.precision == "day" else None
        if effective.immediate:
            effective_value = date_value if precision == "day" else (
                published.isoformat() if published else None)
    elif date_mention is not None and precision == "day" and not first.background:
        effective_value = date_value
    return date_value, precision, effective_value
