"""Actors the gazetteer does not know, recognised by how news names them.

"the Czech government", "Taiwan's Ministry of Digital Affairs", "a Texas state agency",
"South Korea's Personal Information Protection Commission", "Chinese regulators",
"Italy's privacy watchdog" -> an Entity with a type, a country and a deterministic id
(`government-cz`, `ministry-of-digital-affairs-tw`), so the same actor gets the same id in
every article. A country's generic role that the gazetteer assigns to a known actor
("Italy's privacy watchdog" -> the Garante) resolves to that actor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from offlimits.extract.model import Entity
from offlimits.extract.names import slugify
from offlimits.extract.places import Place, Places, government_name, region_name
from offlimits.extract.trie import trie_pattern

if TYPE_CHECKING:
    from offlimits.extract.gazetteer import Gazetteer

# lowercase heads: "the Czech government", "Chinese regulators", "a Texas state agency"
HEADS = {
    "government": "government", "governments": "government", "cabinet": "government",
    "administration": "government", "ministry": "government", "ministries": "government",
    "department": "government", "departments": "government", "agency": "government",
    "agencies": "government", "authorities": "government", "officials": "government",
    "police": "government", "governor": "government", "bodies": "government",
    "attorney general": "government", "attorneys general": "government",
    "council": "government", "province": "government", "public sector": "government",
    "regulator": "regulator", "regulators": "regulator", "watchdog": "regulator",
    "watchdogs": "regulator", "data protection authority": "regulator",
    "data-protection authority": "regulator", "data protection agency": "regulator",
    "privacy authority": "regulator", "data protection commission": "regulator",
    "data protection commissioner": "regulator", "privacy commissioner": "regulator",
    "authority": "regulator", "commission": "regulator",
    "parliament": "legislature", "congress": "legislature", "senate": "legislature",
    "lawmakers": "legislature", "legislature": "legislature", "legislators": "legislature",
    "assembly": "legislature",
    "military": "military", "army": "military", "navy": "military", "air force": "military",
    "armed forces": "military", "defence forces": "military", "defense forces": "military",
    "court": "court", "courts": "court", "judge": "court",
}
# Capitalised organisation names: "Ministry of Digital Affairs", "Office of Cybersecurity"
ORG_HEADS = {
    "Ministry": "government", "Department": "government", "Office": "government",
    "Agency": "government", "Bureau": "government", "Council": "government",
    "Administration": "government", "Government": "government", "Police": "government",
    "Cabinet": "government", "Directorate": "government", "Attorney General": "government",
    "Commission": "regulator", "Authority": "regulator", "Commissioner": "regulator",
    "Regulator": "regulator", "Watchdog": "regulator",
    "Parliament": "legislature", "Senate": "legislature", "Assembly": "legislature",
    "Congress": "legislature", "Legislature": "legislature",
    "Army": "military", "Navy": "military", "Air Force": "military", "Armed Forces": "military",
    "Space Force": "military",
    "Court": "court", "Tribunal": "court",
}
# modifiers that tell which role a generic actor plays ("privacy watchdog" -> privacy);
# a bare "regulator" or "watchdog" means the actor the gazetteer gives the role "regulator"
ROLE_WORDS = {"privacy": "privacy", "data": "privacy", "data-protection": "privacy",
              "protection": "privacy", "cyber": "cybersecurity", "cybersecurity": "cybersecurity",
              "cyber-security": "cybersecurity",
              "internet": "internet", "cyberspace": "internet"}
_MODIFIER = (r"(?:federal|national|state|central|local|provincial|municipal|city|top|"
             r"trade|defence|defense|finance|foreign|interior|justice|health|education|"
             r"industry|science|digital|commerce|economy|unification|security|intelligence|"
             r"privacy|data|data-protection|protection|cyber|cybersecurity|cyber-security|internet|"
             r"cyberspace|information|network|"
             r"competition|consumer|telecoms?|communications|financial|banking|government|"
             r"public|several|some|many|two|three|other|top)")
_LOWER_HEADS = "|".join(sorted((re.escape(h) for h in HEADS), key=len, reverse=True))
_ORG_HEADS = "|".join(sorted((re.escape(h) for h in ORG_HEADS), key=len, reverse=True))
_ANY_HEAD = re.compile(trie_pattern([*HEADS, *ORG_HEADS, "Ministry", "Department"]))
# "several government ministries and agencies": the government's own bodies
_BODIES = re.compile(
    r"\b(?:(?:several|some|many|multiple|various|all|other|a number of|a slew of|a host of)\s+)"
    r"(?P<head>(?:government |state |federal |public )?(?:ministries|agencies|departments)"
    r"(?:\s+and\s+(?:\w+\s+)?(?:agencies|ministries|departments|police|offices|bodies))?)\b",
    re.IGNORECASE,
)
# "the Albanese government", "the Trump administration": a leader's government
_LEADER = re.compile(r"\b(?P<leader>[A-Z][a-z]{2,})\s+(?P<head>government|administration)\b")
_NOT_LEADERS = {"The", "This", "That", "Federal", "State", "Local", "National", "Central",
                "Provincial", "Municipal", "City", "Its", "Their", "Our", "Your", "His", "Her",
                "New", "Previous", "Current", "Former", "Next", "Chinese", "Foreign", "Whole",
                "Every", "Any", "Some", "Each", "Which", "Whose", "Labour", "Coalition"}
# "a federal judge", "the appeals court": a court of the country the article is about
_COURT = re.compile(
    r"\b(?:[Aa]n?|[Tt]he)\s+(?P<mods>(?:(?:federal|U\.S\.|US|district|appeals|appellate|high|"
    r"supreme|top|local|state|administrative|regional|constitutional)\s+)*)(?:judge|court)\b"
)
# "the trade ministry", "the defence ministry": a body of the country the article is about
_BARE = re.compile(
    r"\b(?:the|a|an)\s+(?:(?:country|nation)['\u2019]s\s+)?(?P<mods>(?:(?:trade|defence|defense|finance|foreign|interior|justice|health|"
    r"education|industry|science|digital|commerce|economy|unification|culture|environment|"
    r"labou?r|transport|energy|agriculture)\s+){1,2})(?P<head>ministry|department)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ActorMention:
    """An actor recognised in a sentence."""

    entity: Entity
    surface: str
    start: int
    end: int
    generic: bool  # a country-level actor ("Chinese authorities"), not one body


@lru_cache(maxsize=4)
def _patterns(place_pattern: str) -> tuple[re.Pattern, re.Pattern]:
    place = "(?:" + place_pattern + ")"
    generic = re.compile(
        r"(?:\b(?:the|a|an)\s+)?(?P<place>" + place + r")(?P<poss>['\u2019]s?)?-?\s+"
        r"(?P<mods>(?:" + _MODIFIER + r"\s+){0,3})(?P<head>" + _LOWER_HEADS + r")\b"
    )
    org = re.compile(
        r"(?:(?P<place>" + place + r")(?:['\u2019]s?)?\s+)?"
        r"(?:(?:The|A|An)\s+)?(?P<org>(?:[A-Z][\w&-]*\s+){0,4}(?P<head>" + _ORG_HEADS + r")"
        r"(?:\s+(?:of|for|on)(?:\s+(?:the\s+)?[A-Z][\w&-]*)+(?:\s+and\s+[A-Z][\w&-]*)*)?)\b"
    )
    return generic, org


@lru_cache(maxsize=4)
def _government_of(place_pattern: str) -> re.Pattern:
    return re.compile(r"\b(?:[Tt]he\s+)?(?:[Gg]overnment|[Cc]abinet|[Aa]uthorities)\s+of\s+"
                      r"(?:the\s+)?(?P<place>" + place_pattern + r")\b")


_COUNTRYS = re.compile(
    r"\b(?:[Tt]he\s+)?(?:country|nation)['\u2019]s\s+(?P<mods>(?:" + _MODIFIER + r"\s+){0,3})"
    r"(?P<head>" + _LOWER_HEADS + r")\b")


def find_actors(sentence: str, gazetteer: Gazetteer,
                context_country: str | None = None) -> list[ActorMention]:
    """Unknown (and role-resolved known) actors named in `sentence`, left to right.

    `context_country` is the country the article is about, for "the trade ministry".
    """
    out: list[ActorMention] = []
    if not _ANY_HEAD.search(sentence):
        return out
    generic_re, org_re = _patterns(gazetteer.places.pattern)
    _GOVERNMENT_OF = _government_of(gazetteer.places.pattern)  # noqa: N806
    taken: list[tuple[int, int]] = []
    for m in _GOVERNMENT_OF.finditer(sentence):  # "the government of Taiwan"
        cc = gazetteer.places.code(m.group("place"))
        if cc is None or any(a <= m.start() < b for a, b in taken):
            continue
        hits = gazetteer.places.find(m.group("place"))
        entity = _government(m.group("place"), cc, hits[0].kind if hits else "country",
                             gazetteer.places)
        out.append(ActorMention(entity, m.group().strip(), m.start(), m.end(), True))
        taken.append((m.start(), m.end()))
    for m in org_re.finditer(sentence):
        if any(a <= m.start("head") < b for a, b in taken):
            continue
        org = m.group("org")
        if org.split()[0] in ORG_HEADS and " " not in org and not m.group("place"):
            continue  # a bare "Department" or "Commission" says nothing
        place = m.group("place")
        if not place:  # "The US Supreme Court", "the Chinese Ministry of Commerce"
            lead = gazetteer.places.find(org)
            if lead and lead[0].start == 0 and lead[0].kind != "subdivision" and \
                    len(org[lead[0].end:].split()) >= 2:
                place, org = lead[0].surface, org[lead[0].end:].strip()
        cc = gazetteer.places.code(place) if place else None
        if cc is None:
            inner = gazetteer.places.find(org)
            cc = inner[0].code if inner else context_country
        entity = _org_entity(org, ORG_HEADS[m.group("head")], cc, place, gazetteer)
        out.append(ActorMention(entity, m.group().strip(), m.start(), m.end(), False))
        taken.append((m.start(), m.end()))
    for m in generic_re.finditer(sentence):
        if any(a <= m.start("head") < b for a, b in taken):
            continue
        cc = gazetteer.places.code(m.group("place"))
        if cc is None:
            continue
        head = m.group("head").lower()
        mods = m.group("mods").lower().split()
        entity = _generic_entity(m.group("place"), mods, head, cc, gazetteer)
        surface = sentence[m.start("place"):m.end()]
        is_generic = not [w for w in mods if w not in ("federal", "national", "state", "central",
                                                       "local", "several", "some", "many", "top",
                                                       "other", "two", "three", "government")]
        is_generic = is_generic and head not in ("police", "navy", "army", "air force", "court",
                                                 "parliament", "congress", "senate")
        out.append(ActorMention(entity, surface, m.start("place"), m.end(), is_generic))
        taken.append((m.start("place"), m.end()))
    for m in _COURT.finditer(sentence):
        if any(a <= m.start() < b for a, b in taken):
            continue
        mods = (m.group("mods") or "").lower()
        cc = "US" if re.search(r"federal|u\.?s\.?|district|supreme", mods) else context_country
        if cc is None:
            continue
        entity = Entity(id=f"court-{cc.lower()}", name=f"{region_name(cc)} court",
                        type="court", country=cc, known=False)
        out.append(ActorMention(entity, m.group(), m.start(), m.end(), False))
        taken.append((m.start(), m.end()))
    if context_country:
        for m in _BODIES.finditer(sentence):
            if any(a <= m.start("head") < b for a, b in taken):
                continue
            entity = Entity(id=f"ministries-{context_country.lower()}",
                            name=f"{region_name(context_country)} {m.group('head')}",
                            type="government", country=context_country, known=False)
            out.append(ActorMention(entity, m.group().strip(), m.start(), m.end(), True))
            taken.append((m.start(), m.end()))
        for m in _LEADER.finditer(sentence):
            if any(a <= m.start("head") < b for a, b in taken) or \
                    gazetteer.places.code(m.group("leader")) or m.group("leader") in _NOT_LEADERS:
                continue
            core = f"{m.group('leader')} {m.group('head')}"
            entity = Entity(id=f"{slugify(core)}-{context_country.lower()}", name=core,
                            type="government", country=context_country, known=False)
            out.append(ActorMention(entity, core, m.start("leader"), m.end(), False))
            taken.append((m.start(), m.end()))
        for m in _COUNTRYS.finditer(sentence):  # "the country's data protection authority"
            if any(a <= m.start("head") < b for a, b in taken):
                continue
            mods = m.group("mods").lower().split()
            head = m.group("head").lower()
            if head in ("ministry", "department") and mods:
                continue  # "the country's trade ministry": read below, as before
            entity = _generic_entity(region_name(context_country), mods, head, context_country,
                                     gazetteer)
            out.append(ActorMention(entity, m.group().strip(), m.start(), m.end(), False))
            taken.append((m.start(), m.end()))
        for m in _BARE.finditer(sentence):
            if any(a <= m.start("head") < b for a, b in taken):
                continue
            mods = m.group("mods").lower().split()
            head = m.group("head").lower()
            if mods and mods[0] == "defence":
                mods = ["defense", *mods[1:]]
            core = " ".join([*mods, head])
            entity = Entity(id=f"{slugify(core)}-{context_country.lower()}",
                            name=f"{m.group('mods')}{m.group('head')}".strip(),
                            type=HEADS[head], country=context_country, known=False)
            out.append(ActorMention(entity, m.group().strip(), m.start(), m.end(), False))
    out.sort(key=lambda a: a.start)
    return out


def _generic_entity(place: str, mods: list[str], head: str, cc: str,
                    gazetteer: Gazetteer) -> Entity:
    kind = HEADS[head]
    roles = {ROLE_WORDS[w] for w in mods if w in ROLE_WORDS}
    if head in ("data protection authority", "data-protection authority", "privacy authority",
                "data protection commission", "data protection commissioner",
                "privacy commissioner", "data protection agency"):
        roles.add("privacy")
    if not roles and head in ("regulator", "watchdog", "data protection authority"):
        roles.add("regulator")  # "the Irish regulator": the country's usual one for AI apps
    for role in sorted(roles):
        known = gazetteer.by_role(cc, role)
        if known:
            return known
    if mods and mods[0] == "defence":
        mods = ["defense", *mods[1:]]
    core = " ".join([*mods, _singular(head)]).strip()
    core = re.sub(r"\bcyber[- ]security\b", "cybersecurity", core).replace("data-protection",
                                                                             "data protection")
    if kind == "government" and head in ("authorities", "officials", "governments", "ministries",
                                        "agencies", "departments", "public sector", "cabinet",
                                        "bodies",
                                        "administration", "government"):
        core = "government"
        if not [w for w in mods if w not in ("federal", "national", "central", "government")]:
            place_hits = gazetteer.places.find(place)
            if not place_hits or place_hits[0].kind != "subdivision":
                # "the Czech cabinet" = "the Czech government"
                return country_government(cc, gazetteer.places)
    place_code = gazetteer.places.code(place)
    sub = place if place_code and gazetteer.places.find(place) and \
        gazetteer.places.find(place)[0].kind == "subdivision" else None
    ident = f"{slugify(core)}-{cc.lower()}" if sub is None else \
        f"{slugify(sub)}-{slugify(core)}-{cc.lower()}"
    name = f"{place} {' '.join(mods + [head])}".strip()
    return Entity(id=ident, name=name, type=kind, country=cc, known=False)


def _org_entity(org: str, kind: str, cc: str | None, place: str | None,
                gazetteer: Gazetteer) -> Entity:
    org = " ".join(org.split())
    known = gazetteer.resolve_known(org)
    if known:
        return known
    hits = gazetteer.places.find(place) if place else []
    if hits and hits[0].kind == "subdivision":
        org = f"{place} {org}"
        known = gazetteer.resolve_known(org)
        if known:
            return known
    if cc and kind == "regulator":  # "Italy's Data Protection Authority": the known one
        words = {w.lower() for w in re.split(r"[\s-]+", org)}
        for role in sorted({ROLE_WORDS[w] for w in words if w in ROLE_WORDS}):
            known = gazetteer.by_role(cc, role)
            if known:
                return known
    ident = slugify(org) + (f"-{cc.lower()}" if cc else "")
    name = org
    if cc and not gazetteer.places.find(org):
        name = f"{org} ({region_name(cc)})"
    return Entity(id=ident, name=name, type=kind, country=cc, known=False)


def _singular(head: str) -> str:
    irregular = {"authorities": "government", "ministries": "ministry", "agencies": "agency",
                 "regulators": "regulator", "watchdogs": "watchdog", "officials": "government",
                 "lawmakers": "legislature", "legislators": "legislature", "courts": "court",
                 "governments": "government", "departments": "department"}
    return irregular.get(head, head)


class NameResolver:
    """Names -> entities: the gazetteer's names first, then the actors news names by role
    ("Italy's privacy watchdog", "the Czech cabinet", "Taiwan"). What the store uses to read
    hand-written names (data/events.yml)."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def resolve(self, name: str) -> Entity | None:
        """A name -> its entity (known, or recognised), or None."""
        if not name:
            return None
        return self.gazetteer.resolve(name) or recognise_actor(name, self.gazetteer)


def recognise_actor(name: str, gazetteer: Gazetteer) -> Entity | None:
    """A free-text actor name -> Entity (known by role, or unknown), or None."""
    found = find_actors(name, gazetteer)
    if found:
        return found[0].entity
    cc = gazetteer.places.code(name)
    if cc:
        return place_government(name, cc, gazetteer)
    return None


def place_government(surface: str, cc: str, gazetteer: Gazetteer) -> Entity:
    """A country or state acting as a government: `Italy` -> government-it."""
    hits = gazetteer.places.find(surface)
    kind = hits[0].kind if hits else "country"
    return _government(surface, cc, kind, gazetteer.places)


def place_entity(place: Place, places: Places | None = None) -> Entity:
    """The government of a place found in text."""
    return _government(place.surface, place.code, place.kind, places)


def _government(surface: str, cc: str, kind: str, places: Places | None) -> Entity:
    if kind == "subdivision":
        return Entity(id=f"{slugify(surface)}-government-{cc.lower()}", name=surface,
                      type="government", country=cc, known=False)
    return country_government(cc, places)


def country_government(cc: str, places: Places | None = None) -> Entity:
    """A country's government, however the text names it ("Taiwan", "Taiwan's government",
    "the Taiwanese government", "the Czech cabinet"): one id and one name."""
    return Entity(id=f"government-{cc.lower()}", name=government_name(cc, places),
                  type="government", country=cc, known=False)
