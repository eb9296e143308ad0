"""The timeline's filters: parsed from the query string, turned into SQL and into links.

The query string is the permalink, and the same query string on /-/timeline.csv, .atom,
.ics and .json exports or follows exactly what the page shows.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from urllib.parse import urlencode

from offlimits.web.dates import DateError, check_partial_date, upper_bound
from offlimits.web.search_query import to_fts5

PAGE_SIZE = 100
#: The last page anyone can ask for (an OFFSET of a million rows is already slow).
MAX_PAGE = 10_000
ENTITY_ROLES = ("actor", "vendor", "product", "affected", "replacement")
_FORM_FIELDS = (
    "vendor", "actor", "product", "region", "action", "status", "language",
    "date_from", "date_to", "q", "entity",
)
#: Query-string parameters the timeline understands (anything else is named in a notice).
KNOWN_PARAMETERS = frozenset((*_FORM_FIELDS, "page", "days"))
ACTIONS = ("ban", "restrict", "suspend", "lift", "investigate", "warn")
STATUSES = ("verified", "extracted")
_REGION = re.compile(r"^[A-Z]{2}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


class FilterError(ValueError):
    """A filter value that cannot be used; the message names the field."""


@dataclass(frozen=True)
class TimelineFilter:
    """What the timeline shows: every field is optional; `entity` matches any role."""

    vendor: str = ""
    actor: str = ""
    product: str = ""
    region: str = ""
    action: str = ""
    status: str = ""
    language: str = ""
    date_from: str = ""
    date_to: str = ""
    q: str = ""
    entity: str = ""
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> TimelineFilter:
        """Read the filter from query-string arguments; raise FilterError on a bad value."""
        values = {name: (args.get(name) or "").strip() for name in _FORM_FIELDS}
        values["region"] = values["region"].upper()
        values["action"] = values["action"].lower()
        values["status"] = values["status"].lower()
        values["language"] = values["language"].lower()
        for name, label in (("date_from", "From date"), ("date_to", "To date")):
            try:
                values[name] = check_partial_date(values[name], f"{label} ({name})")
            except DateError as e:
                raise FilterError(str(e)) from None
        if values["date_from"] and values["date_to"] and (
            values["date_to"] < values["date_from"][: len(values["date_to"])]
        ):
            raise FilterError(
                f"To date ({values['date_to']}) is before From date ({values['date_from']})"
            )
        choices = (("action", ACTIONS), ("status", STATUSES))
        for name, allowed in choices:
            if values[name] and values[name] not in allowed:
                raise FilterError(
                    f"{name} must be one of {', '.join(allowed)}, not {values[name]!r}"
                )
        if values["region"] and not _REGION.match(values["region"]):
            raise FilterError(
                f"region must be a two-letter code such as IT or EU, not {values['region']!r}"
            )
        if values["language"] and not _LANGUAGE.match(values["language"]):
            raise FilterError(
                f"language must be a language code such as en or it, not {values['language']!r}"
            )
        raw_page = (args.get("page") or "1").strip()
        if not raw_page.isdigit() or not 1 <= int(raw_page) <= MAX_PAGE:
            raise FilterError(f"page must be a whole number from 1 to {MAX_PAGE:,}, "
                              f"not {raw_page[:20]!r}")
        return cls(**values, page=int(raw_page))

    @property
    def is_filtered(self) -> bool:
        return any(getattr(self, name) for name in _FORM_FIELDS)

    def where(
        self, alias: str = "e", *, exclude_rejected: bool = True, probe_text: bool = False,
        entity_ids: list[int] | None = None, probe_entity: bool = False,
        probe_roles: frozenset[str] = frozenset(),
    ) -> tuple[str, dict[str, str]]:
        """An SQL condition on `events AS alias` and its parameters.

        Rejected events are left out unless `exclude_rejected` is False (for counts that
        subtract them separately, so that the counting can stay inside an index).
        `entity_ids`, the entity's event ids when the caller has them, replace looking the
        entity up in every role. `probe_text` and `probe_entity` make the text match or the
        entity's ids a check on each row rather than the driving lookup: when a common word
        or a busy entity matches most events, walking an index (by date, by month) and
        checking each row beats a row lookup per match and a sort. `probe_roles` (vendor,
        actor, product) do the same for a busy entity given as that filter.
        """
        conditions = [f"{alias}.status != 'rejected'" if exclude_rejected else "1"]
        params: dict[str, str] = {}
        for name, column in (
            ("vendor", "vendor_id"), ("actor", "actor_id"), ("product", "product_id"),
            ("action", "action"), ("status", "status"),
        ):
            if value := getattr(self, name):
                probe = "+" if name in probe_roles else ""
                conditions.append(f"{probe}{alias}.{column} = :{name}")
                params[name] = value
        if self.language:
            conditions.append(
                f"{alias}.id IN (SELECT ea.event_id FROM event_articles ea "
                "JOIN articles a ON a.id = ea.article_id WHERE a.language = :language)"
            )
            params["language"] = self.language
        if self.region:
            conditions.append(
                f"{alias}.id IN (SELECT event_id FROM event_regions WHERE region = :region)"
            )
            params["region"] = self.region
        if self.date_from:
            # An event dated only to a month or year counts when it overlaps the range.
            conditions.append(f"{alias}.date >= substr(:date_from, 1, length({alias}.date))")
            params["date_from"] = self.date_from
        if self.date_to:
            # 2025-02 as an upper bound includes every day of February.
            conditions.append(f"{alias}.date <= :date_to")
            params["date_to"] = upper_bound(self.date_to)
        if self.q:
            probe = "+" if probe_text else ""
            conditions.append(
                f"{probe}{alias}.id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH :q)"
            )
            params["q"] = to_fts5(self.q)
        if self.entity and entity_ids is not None:
            probe = "+" if probe_entity else ""
            conditions.append(f"{probe}{alias}.id IN (SELECT value FROM json_each(:entity_ids))")
            params["entity_ids"] = json.dumps(entity_ids)
        elif self.entity:
            conditions.append(f"{alias}.id IN ({entity_event_ids_sql()})")
            params["entity"] = self.entity
        return " AND ".join(conditions), params

    def query_string(self, **changes: object) -> str:
        """The permalink query string ('' when unfiltered), with `changes` applied."""
        current = replace(self, **changes) if changes else self
        pairs = []
        for f in fields(current):
            value = getattr(current, f.name)
            if value and (f.name, value) != ("page", 1):
                pairs.append((f.name, str(value)))
        return urlencode(pairs)


def entity_event_ids_sql() -> str:
    """Ids of the events naming :entity in any role: one indexed lookup per role (an OR over
    the columns would scan every event)."""
    return " UNION ALL ".join(
        f"SELECT id FROM events WHERE {role}_id = :entity" for role in ENTITY_ROLES
    )
