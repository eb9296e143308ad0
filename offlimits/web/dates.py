"""Partial dates as ranges: 2025 is the whole year, 2025-02 the month, 2025-02-04 the day.

Stored event dates are ISO text of the same three shapes, so a range test stays a text
comparison: an event overlaps [from, to] when its date is >= `from` cut to the event's
precision and <= upper_bound(to).
"""

from __future__ import annotations

import re
from datetime import date

_SHAPE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
#: Sorts after every digit and '-': "2025-02" + UPPER_END is above every date in February.
UPPER_END = "~"


class DateError(ValueError):
    """A date that is not YYYY, YYYY-MM or YYYY-MM-DD, or not on the calendar."""


def check_partial_date(value: str, name: str) -> str:
    """`value` stripped, if it is a real YYYY, YYYY-MM or YYYY-MM-DD ('' stays '')."""
    value = (value or "").strip()
    if not value:
        return ""
    match = _SHAPE.match(value)
    problem = f"{name} must be a date as YYYY-MM-DD, YYYY-MM or YYYY, not {value!r}"
    if not match:
        raise DateError(problem)
    year, month, day = match.groups()
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise DateError(f"{problem} (no such date)") from None
    return value


def upper_bound(value: str) -> str:
    """The text every date within `value`'s day, month or year sorts at or below."""
    return value + UPPER_END
