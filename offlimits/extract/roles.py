"""Who and what a sentence names, by position: AI subjects, possible actors, places, anaphors.

The event builder (`events.py`) reads roles from positions: the actor of an active verb is the
nearest actor before it, the subject the first AI vendor/product after it, and so on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from offlimits.extract.actors import find_actors, place_government
from offlimits.extract.anaphors import english_pattern, load_anaphors
from offlimits.extract.gazetteer import Gazetteer, Mention
from offlimits.extract.model import Entity
from offlimits.extract.places import Place, Places
from offlimits.extract.products import find_new_products

SUBJECT_TYPES = ("vendor", "product")
ACTOR_TYPES = ("vendor", "company", "government", "regulator", "legislature", "military",
               "court", "organisation")
_PRONOUN = re.compile(r"\b(?:it|they|we|It|They|We|he|she|He|She)\b")
_ORIGIN_HYPHEN = re.compile(r"[-\u2010](?:owned|backed|based|made|funded|affiliated|linked)\b")
_ORIGIN = re.compile(r"(?:['\u2019]s)?\s*[-\u2010]?(?:based|owned|made|linked|backed|born)\b")
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:in|from|to|of|across|into|with|at|for|than|outside|within|including|like|over|"
    r"throughout|on|by|about|toward|towards|against|between|via|beyond|under|among)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# "banned by Italy", "was blocked by the US": a place after a participle's "by" is its agent
_AGENT_BY = re.compile(r"\b\w+(?:ed|en|wn)\s+by\s+(?:the\s+)?$", re.IGNORECASE)
# "Italy's ban on DeepSeek": words with a preposition between a possessive place and the AI name
# make the place the owner of the act, not the origin of the product
_LINKING_PREPOSITION = re.compile(r"\b(?:on|of|against|over|for|to|from|by)\b", re.IGNORECASE)


# "regulators in Spain and France", "provincial authorities in Alberta, British Columbia and
# Quebec": public bodies of those places, each one acting
_BODIES_IN = re.compile(
    r"\b(?:authorities|officials|regulators|watchdogs|agencies|governments|ministries|"
    r"lawmakers|legislators|legislatures|prosecutors|courts|districts|school districts|schools|"
    r"universities|states|provinces|counterparts|data protection authorities|"
    r"privacy (?:authorities|regulators|watchdogs|commissioners))\s+(?:in|of|from)\s+"
    r"(?:the\s+)?$", re.IGNORECASE)
_LIST_GAP = re.compile(r"\s*(?:,|,?\s+and|,?\s+or|&)\s+(?:the\s+)?")


def _listed_after_bodies(text: str, place: Place, places: list[Place]) -> bool:
    """`regulators in Spain, Italy and France`: a place listed after one that follows a body."""
    current = place
    for other in sorted((p for p in places if p.end <= place.start), key=lambda p: -p.start):
        if not _LIST_GAP.fullmatch(text[other.end:current.start]):
            return False
        if _BODIES_IN.search(text, max(0, other.start - 40), other.start):
            return True
        current = other
    return False


@dataclass(frozen=True)
class Role:
    """An entity at a position in a sentence."""

    entity: Entity
    start: int
    end: int
    surface: str
    generic: bool = False  # a country-level actor, not one body
    anaphor: bool = False  # "the company", "it": resolved from earlier sentences


@dataclass
class SentenceRoles:
    text: str
    subjects: list[Role] = field(default_factory=list)
    actors: list[Role] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    pronouns: list[tuple[int, int]] = field(default_factory=list)
    gazetteer_places: Places | None = None  # the gazetteer's places: how governments are named


def read_roles(text: str, gazetteer: Gazetteer, context_country: str | None,
               recent: list[Role], places: list[Place] | None = None,
               detailed: bool = True) -> SentenceRoles:
    """Find subjects, actor candidates (resolving anaphors against `recent`) and places.

    `detailed=False` (a sentence with no trigger) skips anaphors and pronouns."""
    roles = SentenceRoles(text, gazetteer_places=gazetteer.places)
    roles.mentions = gazetteer.find(text)
    spans: list[tuple[int, int]] = []
    for m in roles.mentions:
        role = Role(m.entity, m.start, m.end, m.surface)
        spans.append((m.start, m.end))
        if m.entity.type in SUBJECT_TYPES and not _ORIGIN_HYPHEN.match(text, m.end):
            roles.subjects.append(role)  # not "Microsoft-owned", "OpenAI-backed"
        if m.entity.type in ACTOR_TYPES:
            roles.actors.append(role)
    # "the OpenClaw agent": read where it can be restricted (a trigger's sentence); elsewhere
    # it would only count towards the article's focus, at a fifth of the reading time
    for m in find_new_products(text, gazetteer, spans) if detailed else ():
        roles.mentions.append(m)
        roles.subjects.append(Role(m.entity, m.start, m.end, m.surface))
        spans.append((m.start, m.end))
    for a in find_actors(text, gazetteer, context_country):
        if any(s < a.end and a.start < e for s, e in spans):
            continue
        roles.actors.append(Role(a.entity, a.start, a.end, a.surface, generic=a.generic))
        spans.append((a.start, a.end))
    roles.places = places if places is not None else gazetteer.places.find(text)
    for p in roles.places:
        if p.kind == "demonym" or any(s < p.end and p.start < e for s, e in spans):
            continue
        if (_PREPOSITION_BEFORE.search(text, max(0, p.start - 30), p.start)
                and not _AGENT_BY.search(text, max(0, p.start - 30), p.start)
                and not _BODIES_IN.search(text, max(0, p.start - 40), p.start)
                and not _listed_after_bodies(text, p, roles.places)):
            continue
        after = text[p.end:p.end + 40]
        if _ORIGIN.match(after):
            continue
        if re.match(r"['\u2019]s\s+(?:own\s+)?(?:\w+\s+){0,2}$", after[:3]) and any(
                p.end < s.start <= p.end + 25
                and not _LINKING_PREPOSITION.search(text, p.end, s.start)
                for s in roles.subjects):
            continue  # "China's DeepSeek": origin, not actor
        entity = place_government(p.surface, p.code, gazetteer)
        roles.actors.append(Role(entity, p.start, p.end, p.surface, generic=True))
    if not detailed:
        roles.actors.sort(key=lambda r: r.start)
        return roles
    anaphors = load_anaphors()["en"]
    for m in english_pattern().finditer(text):
        if any(s < m.end() and m.start() < e for s, e in spans):
            continue
        wanted = anaphors[m.group("noun").lower()]
        target = _resolve(wanted, roles.actors, m.start(), recent)
        if target is not None:
            roles.actors.append(Role(target.entity, m.start(), m.end(), m.group(),
                                     generic=target.generic, anaphor=True))
    roles.pronouns = [(m.start(), m.end()) for m in _PRONOUN.finditer(text)]
    roles.actors.sort(key=lambda r: r.start)
    return roles


def _resolve(types: tuple[str, ...], here: list[Role], before: int,
             recent: list[Role]) -> Role | None:
    for role in sorted((r for r in here if r.end <= before), key=lambda r: -r.start):
        if role.entity.type in types:
            return role
    for role in recent:
        if role.entity.type in types:
            return role
    return None


def resolve_pronoun(recent: list[Role], here: list[Role], before: int) -> Role | None:
    """`it`/`they`/`we` as a clause subject -> the nearest actor before, or the last one."""
    for role in sorted((r for r in here if r.end <= before), key=lambda r: -r.start):
        return role
    return recent[0] if recent else None
