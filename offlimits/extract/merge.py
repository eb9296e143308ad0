"""Join the sentence-level findings of one article into its events, main event first."""

from __future__ import annotations

from datetime import date

from offlimits.extract.event_dates import event_dates
from offlimits.extract.events import Found
from offlimits.extract.gazetteer import Gazetteer
from offlimits.extract.identity import group_key
from offlimits.extract.model import Entity, Event
from offlimits.extract.names import name_key

LEAD_SENTENCES = 3  # title + first body sentences: where the article's own news is told


def merge_findings(findings: list[Found], gazetteer: Gazetteer,
                   published: date | None) -> list[tuple[Event, float, list[str]]]:
    """Group findings by (actor, subject vendor, lift or not) and build one Event per group.

    Country-level actors ("South Korea", "Chinese authorities") give way to a named body of
    the same country and type reporting the same thing. Events come out in order of first
    mention, so the article's main event (title, lead) is first.
    """
    groups: dict[tuple[str, str, bool], list[Found]] = {}
    for f in sorted(findings, key=lambda f: (f.sentence_index, f.position)):
        key = group_key(f.actor.entity.id, gazetteer.owner(f.subject), f.action)
        groups.setdefault(key, []).append(f)
    keys = list(groups)
    generic = {k: all(f.actor.generic for f in groups[k]) for k in keys}
    actors = {k: groups[k][0].actor.entity for k in keys}
    firsts = {k: groups[k][0] for k in keys}  # as named in the text, before any merging
    for key in keys:
        if not generic[key] or key not in groups:
            continue
        first = firsts[key]
        words = set(name_key(first.actor.surface).split())
        matches = []
        for other in keys:
            if other == key or other not in groups:
                continue
            o = actors[other]
            if other[1:] == key[1:] and (not generic[other] or _is_place(first.actor, gazetteer)) \
                    and o.country == first.actor.entity.country \
                    and _same_kind(o, first.actor.entity) \
                    and _same_act(groups[key], groups[other]):
                overlap = len(words & set(name_key(o.name).split()))
                matches.append((-overlap, keys.index(other), other))
        if matches:
            other = min(matches)[2]
            groups[other].extend(groups.pop(key))
            groups[other].sort(key=lambda f: (f.sentence_index, f.position))
    events = []
    # in one sentence the news comes before a background mention, and a restriction before
    # its lift ("X, though now reversed, barred Y")
    for items in sorted(groups.values(), key=lambda g: (g[0].sentence_index, g[0].background,
                                                        g[0].action == "lift", g[0].position)):
        events.append(_build(items, gazetteer, published))
    return events


def _same_act(a: list[Found], b: list[Found]) -> bool:
    """Do two groups report the same kind of act? ("Czech government bans" and "the agency
    warns" are two events; "South Korea suspends" and "the regulator suspended" one.)"""
    strong = {"ban", "restrict", "suspend"}
    acts_a, acts_b = {f.action for f in a}, {f.action for f in b}
    return bool(acts_a & acts_b) or bool(acts_a & strong and acts_b & strong)


def _is_place(role, gazetteer: Gazetteer) -> bool:
    """A bare country or state standing for its government ("Italy blocks ...")."""
    return role.entity.id.startswith("government-") and \
        gazetteer.places.code(role.surface) is not None


def _same_kind(a: Entity, b: Entity) -> bool:
    gov = ("government", "regulator", "legislature", "military", "court")
    if a.type == b.type:
        return True
    return b.type == "government" and a.type in gov and b.id.startswith("government-")


def _build(items: list[Found], gazetteer: Gazetteer,
           published: date | None) -> tuple[Event, float, list[str]]:
    first = items[0]
    subject = next((f.subject for f in items if f.subject.type == "product"), first.subject)
    if subject.type == "product":
        vendor = gazetteer.get(subject.vendor_id) if subject.vendor_id else None
        product: Entity | None = subject
    else:
        vendor, product = subject, None
    actor = max((f.actor for f in items), key=lambda r: (not r.generic, not r.anaphor))
    lead = first.sentence_index < LEAD_SENTENCES and not first.background
    date_value, precision, effective_value = event_dates(items, published, lead)
    regions: list[str] = []
    for f in items:
        for r in f.regions:
            if r not in regions:
                regions.append(r)
    action = next((f.action for f in items if not f.vague), first.action)
    event = Event(
        action=action,
        evidence=first.evidence,
        actor=actor.entity,
        vendor=vendor,
        product=product,
        affected=next((f.affected for f in items if f.affected), None),
        replacement=next((f.replacement for f in items if f.replacement), None),
        regions=tuple(regions),
        date=date_value,
        date_precision=precision,
        effective_date=effective_value,
    )
    confidence = 0.5
    confidence += 0.15 if actor.entity.known else 0.05
    confidence += 0.15 if any(f.explicit_subject for f in items) else 0.0
    confidence += 0.1 if first.sentence_index < LEAD_SENTENCES else 0.0
    confidence += 0.05 * min(len(items) - 1, 2)
    reasons = sorted({r for f in items for r in f.reasons})
    return event, min(confidence, 1.0), reasons
