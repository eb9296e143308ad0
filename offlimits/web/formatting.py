"""How dates, months and actions read on the pages (also Jinja filters)."""

from __future__ import annotations

import calendar
import re
from urllib.parse import urlsplit

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")

#: How an action reads between an actor and what it acts on ("Samsung bans ChatGPT").
ACTION_VERBS = {
    "ban": "bans",
    "restrict": "restricts",
    "suspend": "suspends",
    "lift": "lifts restrictions on",
    "investigate": "investigates",
    "warn": "warns about",
}


def month_label(month: str | None) -> str:
    """'2023-03' -> 'March 2023'; anything else is returned as given ('' for None)."""
    if not month:
        return "Undated"
    match = _MONTH.match(month)
    if not match or not 1 <= int(match.group(2)) <= 12:
        return month
    return f"{calendar.month_name[int(match.group(2))]} {match.group(1)}"


def date_label(date: str | None, precision: str | None = None) -> str:
    """A date as precise as it is known: '15 March 2023', 'March 2023' or '2023'."""
    if not date:
        return "Date unknown"
    day = _DAY.match(date)
    if day and precision in (None, "day"):
        month = int(day.group(2))
        if 1 <= month <= 12:
            return f"{int(day.group(3))} {calendar.month_name[month]} {day.group(1)}"
    if precision == "year" or _YEAR.match(date):
        return date[:4]
    if precision == "month" or _MONTH.match(date) or day:
        return month_label(date[:7])
    return date


def action_verb(action: str | None) -> str:
    """The verb for an action code ('ban' -> 'bans'); unknown codes are shown as they are."""
    return ACTION_VERBS.get(action or "", action or "acts on")


def url_host(url: str | None) -> str:
    """The host of a URL without 'www.', for naming an outlet that has no source name."""
    if not url:
        return ""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")
