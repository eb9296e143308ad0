"""The timeline's filters: parsed from the query string, turned into SQL and into links.

The query string is the permalink; `csv_url()` gives the `timeline` view's CSV export with
the same filter, so what a page shows is what its "Download CSV" link exports.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from urllib.parse import urlencode

from datasette.utils import escape_fts

PAGE_SIZE = 100
ENTITY_ROLES = ("actor", "vendor", "product", "affected", "replacement")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_FORM_FIELDS = ("vendor", "actor", "region", "action", "date_from", "date_to", "q")


class FilterError(ValueError):
    """A filter value that cannot be used; the message names the field."""


@dataclass(frozen=True)
class TimelineFilter:
    """What the timeline shows: every field is optional; `entity` matches any role."""

    vendor: str = ""
    actor: str = ""
    region: str = ""
    action: str = ""
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
        for name, label in (("date_from", "From date"), ("date_to", "To date")):
            if values[name] and not _DATE.match(values[name]):
                raise FilterError(
                    f"{label} ({name}) must be YYYY-MM-DD, YYYY-MM or YYYY, "
                    f"not {values[name]!r}"
                )
        raw_page = (args.get("page") or "1").strip()
        if not raw_page.isdigit() or int(raw_page) < 1:
            raise FilterError(f"page must be a whole number from 1, not {raw_page!r}")
        return cls(**values, page=int(raw_page))

    @property
    def is_filtered(self) -> bool:
        return any(getattr(self, name) for name in (*_FORM_FIELDS, "entity"))

    def where(
        self, alias: str = "e", *, exclude_rejected: bool = True, probe_text: bool = False,
        entity_ids: list[int] | None = None, probe_entity: bool = False,
    ) -> tuple[str, dict[str, str]]:
        """An SQL condition on `events AS alias` and its parameters.

        Rejected events are left out unless `exclude_rejected` is False (for counts that
        subtract them separately, so that the counting can stay inside an index).
        `entity_ids`, the entity's event ids when the caller has them, replace looking the
        entity up in every role. `probe_text` and `probe_entity` make the text match or the
        entity's ids a check on each row rather than the driving lookup: when a common word
        or a busy entity matches most events, walking an index (by date, by month) and
        checking each row beats a row lookup per match and a sort.
        """
        conditions = [f"{alias}.status != 'rejected'" if exclude_rejected else "1"]
        params: dict[str, str] = {}
        for name, column in (("vendor", "vendor_id"), ("actor", "actor_id"), ("action", "action")):
            if value := getattr(self, name):
                conditions.append(f"{alias}.{column} = :{name}")
                params[name] = value
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
            conditions.append(f"{alias}.date <= :date_to")
            params["date_to"] = self.date_to
        if self.q:
            probe = "+" if probe_text else ""
            conditions.append(
                f"{probe}{alias}.id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH :q)"
            )
            params["q"] = escape_fts(self.q)
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
            if f.name != "entity" and value and (f.name, value) != ("page", 1):
                pairs.append((f.name, str(value)))
        return urlencode(pairs)

    def csv_url(self, database: str = "offlimits") -> str:
        """The `timeline` view's streamed CSV with the same filter."""
        pairs = [("_stream", "on"), ("_size", "max")]
        if self.vendor:
            pairs.append(("vendor_id__exact", self.vendor))
        if self.actor:
            pairs.append(("actor_id__exact", self.actor))
        if self.action:
            pairs.append(("action__exact", self.action))
        if self.region:
            # regions is a space-separated list of two-letter codes: no false matches.
            pairs.append(("regions__contains", self.region))
        if self.date_from:
            pairs.append(
                ("_where", f"date >= substr({sql_literal(self.date_from)}, 1, length(date))")
            )
        if self.date_to:
            pairs.append(("date__lte", self.date_to))
        if self.q:
            pairs.append(("_search", self.q))
        if self.entity:
            pairs.append((
                "_where",
                "event_id IN (SELECT id FROM events WHERE "
                f"{sql_literal(self.entity)} IN "
                "(actor_id, vendor_id, product_id, affected_id, replacement_id))",
            ))
        return f"/{database}/timeline.csv?{urlencode(pairs)}"


def entity_event_ids_sql() -> str:
    """Ids of the events naming :entity in any role: one indexed lookup per role (an OR over
    the columns would scan every event)."""
    return " UNION ALL ".join(
        f"SELECT id FROM events WHERE {role}_id = :entity" for role in ENTITY_ROLES
    )


def sql_literal(value: str) -> str:
    """A string as an SQL literal (for `_where`, which takes no parameters)."""
    return "'" + value.replace("'", "''") + "'"
