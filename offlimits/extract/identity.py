"""What makes two reports "the same event": one definition for the extractor and the store.

An event is who acted (actor), on what (subject: product, else vendor), what kind of act
(action family), where (regions) and when (dates). The extractor's merge groups one article's
findings by `group_key`; the store joins a report to a stored event with `same_event`.
Pure functions, no I/O.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

WINDOW = timedelta(days=45)  # two dates this close can be the same act
RECENT = timedelta(days=7)  # a day-dated secondary finding this close to publication is news
# ban, restrict and suspend are often told of the same act in different words
ACTION_FAMILY = {"ban": "restriction", "restrict": "restriction", "suspend": "restriction"}
GOVERNMENT_BODIES = {"government", "regulator", "legislature", "military", "court"}


def action_family(action: str) -> str:
    """The family an action belongs to: ban/restrict/suspend are one, the others themselves."""
    return ACTION_FAMILY.get(action, action)


def group_key(actor_id: str, subject_id: str | None, action: str) -> tuple[str, str, bool]:
    """How the extractor's merge groups one article's findings: actor, subject, and whether
    the act is a lift (an article tells a restriction in several verbs, a lift apart)."""
    return actor_id, subject_id or "", action == "lift"


@dataclass(frozen=True)
class Party:
    """An actor as identity needs it: its id, type and country."""

    id: str
    type: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class Identity:
    """The fields that say which event a report or a stored event is."""

    actor: Party | None
    action: str
    vendor_id: str | None = None
    product_id: str | None = None
    regions: frozenset[str] = field(default_factory=frozenset)
    date: str | None = None
    date_precision: str | None = None


def date_span(value: str | None, precision: str | None) -> tuple[date, date] | None:
    """The first and last day a date of this precision could mean (None when unknown)."""
    if not value:
        return None
    try:
        if precision == "year" or len(value) == 4:
            year = int(value[:4])
            return date(year, 1, 1), date(year, 12, 31)
        if precision == "month" or len(value) == 7:
            year, month = int(value[:4]), int(value[5:7])
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        day = date.fromisoformat(value[:10])
        return day, day
    except ValueError:
        return None


def dates_agree(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> bool:
    """Two (date, precision) pairs can be one event: both known and their spans within WINDOW."""
    span_a, span_b = date_span(*a), date_span(*b)
    if span_a is None or span_b is None:
        return False
    return max(span_a[0], span_b[0]) - min(span_a[1], span_b[1]) <= WINDOW


def date_distance(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> int:
    """Days between the starts of two dates (0 when either is unknown), to rank candidates."""
    span_a, span_b = date_span(*a), date_span(*b)
    return abs((span_a[0] - span_b[0]).days) if span_a and span_b else 0


def subjects_agree(a: Identity, b: Identity) -> bool:
    """Same product when both name one, else same vendor; a product and its vendor agree."""
    if a.product_id and b.product_id:
        return a.product_id == b.product_id
    if a.vendor_id and b.vendor_id:
        return a.vendor_id == b.vendor_id
    return bool({a.product_id, a.vendor_id} - {None} & {b.product_id, b.vendor_id})


def actors_agree(a: Identity, b: Identity) -> bool:
    """The same actor; a country's government and a public body of that country ("Taiwan"
    bans, the Ministry of Digital Affairs bans); for a lift, the vendor restoring its own
    product and whoever lifted the restriction ("ChatGPT is back, OpenAI said")."""
    if a.actor is None or b.actor is None:
        return False
    if a.actor.id == b.actor.id:
        return True
    if a.action == "lift" and b.action == "lift":
        vendors = {a.vendor_id, b.vendor_id} - {None}
        if a.actor.id in vendors or b.actor.id in vendors:
            return True
    return _country_and_body(a.actor, b.actor) or _country_and_body(b.actor, a.actor)


def _country_and_body(country: Party, body: Party) -> bool:
    return country.type == "government" and country.country is not None \
        and country.id == f"government-{country.country.lower()}" \
        and body.type in GOVERNMENT_BODIES and body.country == country.country


def regions_agree(a: Identity, b: Identity, *, strict: bool = False) -> bool:
    """Regions overlap, or one side names none (company-wide or unknown). `strict`: both
    name none, or they overlap."""
    if not a.regions or not b.regions:
        return not strict or a.regions == b.regions
    return bool(a.regions & b.regions)


def same_event(report: Identity, event: Identity) -> bool:
    """Can this report be of this event? Actor, subject, action family, regions and dates
    agree. An undated report agrees on dates only where regions agree strictly."""
    if action_family(report.action) != action_family(event.action):
        return False
    if not (actors_agree(report, event) and subjects_agree(report, event)):
        return False
    if report.date is None:
        return regions_agree(report, event, strict=True)
    return regions_agree(report, event) and dates_agree(
        (report.date, report.date_precision), (event.date, event.date_precision))


def is_background(*, flagged: bool, index: int, date_value: str | None,
                  precision: str | None, published: str | None,
                  named_in_title: bool) -> bool:
    """Is a finding only a mention in passing of an earlier event, not news of its own?

    Flagged by the extractor; or, for any finding after the article's main one (index > 0)
    that the title does not name: undated, or dated before publication less precisely than
    a day, or a day more than RECENT before it.
    """
    if flagged:
        return True
    if index == 0 or named_in_title:
        return False
    if not date_value:
        return True
    span, day = date_span(date_value, precision), date_span(published, "day")
    if span is None or day is None:
        return False
    if precision == "day":
        return span[0] < day[0] - RECENT
    return span[0] <= day[0]


def names_in(text: str, names: list[str]) -> bool:
    """Does `text` name one of `names` (case-insensitive, whole words)?"""
    lowered = text.lower()
    return any(re.search(rf"(?<!\w){re.escape(n.lower())}(?!\w)", lowered)
               for n in names if n and len(n) > 1)
