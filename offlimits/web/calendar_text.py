"""iCalendar (RFC 5545) text: escaped values, folded lines, all-day date ranges."""

from __future__ import annotations

from datetime import date, timedelta

#: Lines longer than this many octets are folded (RFC 5545 section 3.1).
FOLD_OCTETS = 75


def escape_text(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma and newlines escaped (section 3.3.11)."""
    return (
        value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """`line` folded into CRLF + space continuations of at most 75 octets, never
    splitting a UTF-8 character."""
    pieces, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = FOLD_OCTETS if not pieces else FOLD_OCTETS - 1  # continuation starts with " "
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def all_day_span(value: str) -> tuple[date, date] | None:
    """(first day, day after the last) of a YYYY, YYYY-MM or YYYY-MM-DD date; else None."""
    try:
        parts = [int(p) for p in value.split("-")]
        if len(parts) == 3:
            start = date(*parts)
            return start, start + timedelta(days=1)
        if len(parts) == 2:
            start = date(parts[0], parts[1], 1)
            end = date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
            return start, end
        if len(parts) == 1:
            return date(parts[0], 1, 1), date(parts[0] + 1, 1, 1)
    except (ValueError, TypeError):
        return None
    return None


def calendar(name: str, events: list[list[tuple[str, str]]]) -> str:
    """A VCALENDAR of VEVENTs, each given as (property with parameters, value) pairs whose
    values are already escaped."""
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//offlimits//timeline//EN",
        "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for properties in events:
        lines.append("BEGIN:VEVENT")
        lines.extend(f"{key}:{value}" for key, value in properties)
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
