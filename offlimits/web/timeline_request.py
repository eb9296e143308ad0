"""One reading of a timeline request, shared by the page, its JSON, CSV, Atom and iCalendar.

Nothing a person asks for is dropped silently: a bad value is an error (HTTP 400), an
unknown parameter or an entity that matches nothing is named in a notice.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from offlimits.web.entity_lookup import find_entity
from offlimits.web.timeline_filter import KNOWN_PARAMETERS, FilterError, TimelineFilter

if TYPE_CHECKING:  # datasette.app imports this plugin while it loads
    from collections.abc import Iterable, Mapping

    from datasette.database import Database

#: Datasette's own parameters (e.g. _bom for CSV) and the feed options pass without a notice.
_PASSING_PREFIX = "_"


@dataclass
class TimelineRequest:
    """The filter to apply, the error that replaced it (if any) and notices to show."""

    filter: TimelineFilter
    error: str | None = None
    notices: list[str] = field(default_factory=list)


def unknown_parameters(names: Iterable[str], known: frozenset[str]) -> list[str]:
    """The parameter names that are neither known nor Datasette-style `_options`."""
    return sorted({n for n in names if n not in known and not n.startswith(_PASSING_PREFIX)})


async def read_timeline_request(
    db: Database, args: Mapping[str, str], *, known: frozenset[str] = KNOWN_PARAMETERS,
) -> TimelineRequest:
    """Parse and resolve the filter: entity names and aliases become ids."""
    try:
        flt = TimelineFilter.from_args(args)
        error = None
    except FilterError as e:
        flt, error = TimelineFilter(), str(e)
    request = TimelineRequest(filter=flt, error=error)
    unknown = unknown_parameters(args.keys(), known)
    if unknown:
        request.notices.append(
            "Not a filter here, so not applied: "
            + ", ".join(repr(name) for name in unknown)
            + f". Filters are: {', '.join(sorted(known - {'days'}))}."
        )
    changes: dict[str, str] = {}
    for role in ("vendor", "actor", "product"):
        value = getattr(flt, role)
        if not value:
            continue
        entity_id = await find_entity(db, value, role)
        if entity_id is None:
            request.notices.append(
                f"No {role} matches {value!r} (by id, name or alias), so no event matches."
            )
        else:
            changes[role] = entity_id
    if changes:
        request.filter = replace(flt, **changes)
    return request
