"""Restriction events in the other eight languages: one clause frame, its cues as data.

English has a grammar of its own (`events.py`). For zh, ja, ko, de, fr, it, es and pt the
reader uses what holds across them: in a clause with a restriction trigger (`lang/<code>.yml`)
and an AI vendor or product of the gazetteer, the subject is the AI name nearest the trigger;
the actor is the body marked as the passive's agent ("von", "par", "da", "por", "によって"),
else the nearest body named before the trigger (Korean and Japanese put the actor first, as
SVO languages do in the active), else after it, else the actor of the sentences before. Bodies
are gazetteer actors, a country's authority named by a noun and a demonym or place
("italienische Datenschutzbehörde", "le gendarme italien", "이탈리아 정부"), and countries
standing for their governments (not those after a locative such as "in", "en", "在", "で").
Actors joined by a list separator ("·", "、", "und", "et") act together. Negation and
hedges are read in the trigger's clause. Dates come from `foreign_dates`. Pure: every table
is built from the immutable lexicon and gazetteer passed in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from babel import Locale

from offlimits.extract.actors import country_government
from offlimits.extract.anaphors import load_anaphors
from offlimits.extract.dates import DateMention
from offlimits.extract.event_dates import attach_nearest_dates
from offlimits.extract.events import GOVERNMENT_TYPES, Found, same_thing
from offlimits.extract.foreign_dates import find_foreign_dates
from offlimits.extract.gazetteer import Gazetteer
from offlimits.extract.lang import LanguageLexicon
from offlimits.extract.model import Entity
from offlimits.extract.places import region_name
from offlimits.extract.roles import ACTOR_TYPES, SUBJECT_TYPES, Role
from offlimits.extract.sentences import Sentence
from offlimits.extract.trie import trie_pattern

_CJK_STOP = re.compile(r"(?<=[。！？!?।])\s*")
_CLAUSE = {"latin": re.compile(r"[;:]\s|\s[–—]\s"), "cjk": re.compile(r"[；;:：。]")}
# how far (characters) the subject and a named actor may be from the trigger
_REACH = {"latin": 140, "cjk": 45}
_AFTER_REACH = {"latin": 80, "cjk": 25}


@dataclass(frozen=True)
class _Trigger:
    action: str
    start: int
    end: int
    surface: str


@dataclass(frozen=True)
class _Tables:
    triggers: re.Pattern
    actions: dict[str, str]  # lowercased trigger word -> action
    places: re.Pattern
    place_codes: dict[str, str]  # lowercased place name -> code
    demonyms: re.Pattern | None
    demonym_codes: dict[str, str]
    authorities: re.Pattern | None
    authority_roles: dict[str, str]
    locatives: re.Pattern | None


def foreign_sentences(sentences: list[Sentence]) -> list[Sentence]:
    """Sentences cut again at the full stops of CJK scripts (。！？) and Devanagari (।)."""
    out: list[Sentence] = []
    for s in sentences:
        pieces = [p for p in _CJK_STOP.split(s.text) if p.strip()]
        offset = s.start
        for piece in pieces or [s.text]:
            out.append(Sentence(piece.strip(), len(out), offset))
            offset += len(piece)
    return out


def foreign_findings(sentences: list[Sentence], lexicon: LanguageLexicon, gazetteer: Gazetteer,
                     published: date | None) -> tuple[list[Found], list[list[Role]]]:
    """Every restriction event the sentences state, and each sentence's AI mentions and actors
    (for the entity list)."""
    tables = _tables(lexicon)
    analysed = [_analyse(s.text, lexicon, tables, gazetteer) for s in sentences]
    focus = _focus_owner(analysed, gazetteer)
    # the AI's home country is where it comes from, not who acts: it is no default country
    # for "the regulator", and naming it alone makes no government an actor
    home = gazetteer.get(focus).country if focus and gazetteer.get(focus) else None
    country = _article_country(analysed, exclude=home)
    findings: list[Found] = []
    seen_roles: list[list[Role]] = []
    previous_actors: list[Role] = []
    title_actors: list[Role] = []
    recent: list[Role] = []  # actors named so far, latest first (for "das Unternehmen")
    for sentence, (subjects, actors, places, triggers) in zip(sentences, analysed, strict=True):
        actors = [a for a in actors if not (a.generic and a.entity.country == home)]
        actors = actors + _authorities(sentence.text, tables, gazetteer, places, country,
                                       actors, home)
        actors = actors + _anaphors(sentence.text, lexicon.language, actors, recent)
        actors.sort(key=lambda r: r.start)
        seen_roles.append(subjects + actors)
        if sentence.index == 0:
            title_actors = [a for a in actors
                            if not a.generic and a.entity.type not in SUBJECT_TYPES]
        if subjects and triggers:
            dates = find_foreign_dates(sentence.text, lexicon, published)
            for trig in triggers:
                if _denied(sentence.text, trig, lexicon):
                    continue
                found = _frame(sentence, trig, subjects, actors, places, dates, lexicon,
                               previous_actors or title_actors, focus, gazetteer)
                findings.extend(found)
        named = [a for a in actors if not a.generic and a.entity.type not in SUBJECT_TYPES]
        if named:
            previous_actors = named[-1:]
        recent[:0] = [a for a in reversed(actors) if not a.anaphor and not a.generic]
        del recent[8:]
    return findings, seen_roles


def _frame(sentence: Sentence, trig: _Trigger, subjects: list[Role], actors: list[Role],
           places: list[tuple[int, int, str, bool]], dates: list[DateMention],
           lexicon: LanguageLexicon, earlier: list[Role], focus: str | None,
           gazetteer: Gazetteer) -> list[Found]:
    text = sentence.text
    clause = _clause_span(text, trig, lexicon.script)
    reach = _REACH[lexicon.script]
    in_clause = [s for s in subjects if clause[0] <= s.start < clause[1]
                 and _distance(s, trig) <= reach]
    on_focus = [s for s in in_clause if gazetteer.owner(s.entity) == focus]
    # "Samsung bans ChatGPT": the AI the article is about; another firm that has AI products
    # of its own is a subject only right beside the trigger
    in_clause = on_focus or [s for s in in_clause if s.entity.type == "product"
                             or _distance(s, trig) <= reach // 4]
    if not in_clause:
        return []
    subject = min(in_clause, key=lambda s: (_distance(s, trig), s.entity.type != "product"))
    subject = _product_of(subject, subjects, text)
    candidates = [a for a in actors if clause[0] <= a.start < clause[1]
                  and not same_thing(a.entity, subject.entity)
                  and not (a.start < subject.end and subject.start < a.end)
                  and not _listed_with_ai(a, subjects, text, lexicon)]
    actor = _agent(text, trig, candidates, lexicon)
    self_restriction = False
    if actor is None:
        before = [a for a in candidates if a.end <= trig.start and trig.start - a.end <= reach]
        after = [a for a in candidates if a.start >= trig.end
                 and a.start - trig.end <= _AFTER_REACH[lexicon.script]]
        named_before = [a for a in before if not a.generic]
        if named_before:
            actor = named_before[-1]
        elif before:
            actor = before[-1]
        elif after:
            actor = min(after, key=lambda a: (a.generic, a.start))
    if actor is None:
        owner = [a for a in actors if a.entity.type == "vendor"
                 and same_thing(a.entity, subject.entity) and a.end <= trig.start]
        targets = [p for p in places if trig.end <= p[0] < clause[1]]
        if owner and targets and trig.action in ("ban", "restrict", "suspend"):
            actor, self_restriction = owner[-1], True  # a vendor cutting off its own product
        elif earlier and not same_thing(earlier[-1].entity, subject.entity):
            actor = earlier[-1]
    if actor is None:
        return []
    group = _coordinated(actor, candidates, text, lexicon)
    background = any(_has_word(text[clause[0]:clause[1]], w, lexicon.script)
                     for w in lexicon.background)
    out = []
    for member in group:
        regions = _regions(member, self_restriction, places, trig)
        out.append(Found(
            action=trig.action, actor=member, subject=subject.entity, explicit_subject=True,
            self_restriction=self_restriction, regions=regions,
            sentence_index=sentence.index, position=member.start, evidence=text,
            background=background, confidence=0.0,
            reasons=[f"trigger:{trig.surface}", f"lang:{lexicon.language}"]))
        attach_nearest_dates(out[-1], dates, trig.start, trig.end)
    return out


def _regions(actor: Role, self_restriction: bool, places: list[tuple[int, int, str, bool]],
             trig: _Trigger) -> tuple[str, ...]:
    entity = actor.entity
    if entity.type in (*GOVERNMENT_TYPES, "organisation") and entity.country:
        return (entity.country,)  # a government's, or a university's, own country
    if self_restriction:
        return tuple(dict.fromkeys(code for start, _, code, _ in places
                                   if start >= trig.start and code != entity.country))
    return ()


def _agent(text: str, trig: _Trigger, candidates: list[Role],
           lexicon: LanguageLexicon) -> Role | None:
    """The passive's agent: "von der Datenschutzbehörde", "par la CNIL", "dal Garante"."""
    for a in candidates:
        if a.start < trig.end or a.start - trig.end > 60:
            continue
        gap = text[trig.end:a.start]
        for marker in lexicon.agent_markers:
            if lexicon.script == "cjk":
                continue  # CJK agents precede the verb ("被X禁止"): the nearest-before rule
            if re.search(r"(?<!\w)" + re.escape(marker) + r"(?:\s+\w+){0,3}\s*$", gap,
                         re.IGNORECASE):
                return a
    return None


def _coordinated(actor: Role, candidates: list[Role], text: str,
                 lexicon: LanguageLexicon) -> list[Role]:
    """`LG유플러스·카카오·네이버`, `CNIL et AEPD`: the actors listed with `actor`, in order."""
    group = [actor]
    current = actor
    for other in sorted((a for a in candidates if a.end <= actor.start), key=lambda a: -a.start):
        gap = text[other.end:current.start]
        if not _separated(gap, lexicon):
            break
        if other.generic != actor.generic or other.entity.id == current.entity.id:
            break
        group.insert(0, other)
        current = other
    current = actor
    for other in sorted((a for a in candidates if a.start >= actor.end), key=lambda a: a.start):
        gap = text[current.end:other.start]
        if not _separated(gap, lexicon) or other.generic != actor.generic or \
                other.entity.id == current.entity.id:
            break
        group.append(other)
        current = other
    return group


def _denied(text: str, trig: _Trigger, lexicon: LanguageLexicon) -> bool:
    """A negation or hedge in the trigger's reach: "n'interdit pas", "nicht verboten",
    "禁止しない", "금지하지 않", "könnte sperren", "検討"."""
    if lexicon.script == "cjk":
        before, after = text[max(0, trig.start - 3):trig.start], text[trig.end:trig.end + 7]
        if any(n in before or n in after for n in lexicon.negation):
            return True
        window = text[max(0, trig.start - 10):trig.end + 10]
        return any(h in window for h in lexicon.hedges)
    words_before = re.findall(r"[\w'’]+", text[max(0, trig.start - 60):trig.start])[-4:]
    words_after = re.findall(r"[\w'’]+", text[trig.end:trig.end + 25])[:2]
    negation = {n.lower() for n in lexicon.negation}
    elided = tuple(n.lower() for n in lexicon.negation if n.endswith(("'", "’")))
    for w in [*words_before, *words_after]:
        lw = w.lower()
        if lw in negation or (elided and lw.startswith(elided)):
            return True
    hedge_zone = text[max(0, trig.start - 50):trig.start].lower()
    return any(_has_word(hedge_zone, h.lower(), "latin") for h in lexicon.hedges)


def _has_word(text: str, word: str, script: str) -> bool:
    if script == "cjk":
        return word in text
    return re.search(r"(?<!\w)" + re.escape(word) + r"(?!\w)", text, re.IGNORECASE) is not None


def _clause_span(text: str, trig: _Trigger, script: str) -> tuple[int, int]:
    start, end = 0, len(text)
    for m in _CLAUSE[script].finditer(text):
        if m.end() <= trig.start:
            start = m.end()
        elif m.start() >= trig.end:
            end = m.start()
            break
    return start, end


def _distance(role: Role, trig: _Trigger) -> int:
    if role.end <= trig.start:
        return trig.start - role.end
    if role.start >= trig.end:
        return role.start - trig.end
    return 0


def _product_of(subject: Role, subjects: list[Role], text: str) -> Role:
    """`OpenAIのChatGPT`, `l'app ChatGPT di OpenAI`: the product next to its vendor."""
    if subject.entity.type == "product":
        return subject
    for other in subjects:
        if other.entity.type == "product" and other.entity.vendor_id == subject.entity.id and \
                min(abs(other.start - subject.end), abs(subject.start - other.end)) <= 12:
            return other
    return subject


def _analyse(text: str, lexicon: LanguageLexicon, tables: _Tables, gazetteer: Gazetteer):
    subjects: list[Role] = []
    actors: list[Role] = []
    taken: list[tuple[int, int]] = []
    for m in gazetteer.find(text):
        role = Role(m.entity, m.start, m.end, m.surface)
        taken.append((m.start, m.end))
        if m.entity.type in SUBJECT_TYPES:
            subjects.append(role)
        if m.entity.type in ACTOR_TYPES:
            actors.append(role)
    places: list[tuple[int, int, str, bool]] = []
    for m in tables.places.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        code = tables.place_codes.get(m.group().lower())
        if code is None:
            continue
        locative = _locative(text, m.start(), m.end(), lexicon, tables)
        places.append((m.start(), m.end(), code, locative))
        if not locative and not _origin(text, m.end(), subjects, lexicon):
            actors.append(Role(country_government(code, gazetteer.places), m.start(), m.end(),
                               m.group(), generic=True))
    subjects = _drop_listed_vendors(text, subjects, actors, lexicon)
    triggers = [_Trigger(tables.actions.get(m.group("t").lower(), "ban"), m.start("t"),
                         m.end(), m.group()) for m in tables.triggers.finditer(text)]
    triggers = [t for t in triggers if not any(s <= t.start < e for s, e in taken)]
    return subjects, actors, places, triggers


def _drop_listed_vendors(text: str, subjects: list[Role], actors: list[Role],
                         lexicon: LanguageLexicon) -> list[Role]:
    """`카카오·네이버`, `Kakao und Naver`: a vendor listed beside a firm that is no vendor
    acts with it; it is not the AI restricted."""
    firms = [a for a in actors if a.entity.type not in SUBJECT_TYPES and not a.generic]
    out = []
    for s in subjects:
        listed = s.entity.type == "vendor" and any(
            _separated(text[a.end:s.start] if a.end <= s.start else text[s.end:a.start], lexicon)
            for a in firms)
        if not listed:
            out.append(s)
    return out


def _listed_with_ai(actor: Role, subjects: list[Role], text: str,
                    lexicon: LanguageLexicon) -> bool:
    """`ChatGPT और DeepSeek`, `ChatGPT und DeepSeek`: a vendor listed beside an AI product is
    one of the things restricted, not who restricts."""
    if actor.entity.type != "vendor":
        return False
    return any(s.entity.id != actor.entity.id and s.entity.type == "product" and _separated(
        text[s.end:actor.start] if s.end <= actor.start else text[actor.end:s.start], lexicon)
        for s in subjects)


def _separated(gap: str, lexicon: LanguageLexicon) -> bool:
    return any(gap == sep or gap.strip() == sep.strip() for sep in lexicon.list_separators)


def _origin(text: str, end: int, subjects: list[Role], lexicon: LanguageLexicon) -> bool:
    """`中国のDeepSeek`, `중국 딥시크`, `中国的DeepSeek`: a place naming where an AI comes from."""
    if lexicon.script != "cjk":
        return False
    gap = re.match(r"\s*(?:の|의|的|企業の|기업)?\s*", text[end:end + 6])
    after = end + (gap.end() if gap else 0)
    return any(s.start == after for s in subjects)


def _locative(text: str, start: int, end: int, lexicon: LanguageLexicon,
              tables: _Tables) -> bool:
    if lexicon.script == "cjk":
        after = text[end:end + 3]
        return text[max(0, start - 1):start] == "在" or \
            after.startswith(("で", "에서", "에 ", "内"))
    return tables.locatives is not None and \
        tables.locatives.search(text, max(0, start - 12), start) is not None


def _anaphors(text: str, language: str, actors: list[Role], recent: list[Role]) -> list[Role]:
    """`das Unternehmen`, `同社`, `la empresa`: the nearest earlier actor of a type the phrase
    can mean (anaphors.yml), in this sentence before it or in the sentences before."""
    phrases = load_anaphors().get(language, {})
    out: list[Role] = []
    lowered = text.lower()
    for phrase, types in phrases.items():
        start = lowered.find(phrase)
        while start >= 0:
            end = start + len(phrase)
            if not any(a.start < end and start < a.end for a in actors):
                here = [a for a in actors if a.end <= start and not a.anaphor]
                target = next((a for a in [*reversed(here), *recent]
                               if a.entity.type in types), None)
                if target is not None:
                    out.append(Role(target.entity, start, end, text[start:end],
                                    generic=target.generic, anaphor=True))
            start = lowered.find(phrase, end)
    return out


def _authorities(text: str, tables: _Tables, gazetteer: Gazetteer,
                 places: list[tuple[int, int, str, bool]], country: str | None,
                 actors: list[Role], home: str | None = None) -> list[Role]:
    """`die italienische Datenschutzbehörde`, `il Garante`, `이탈리아 정부`: a country's body
    of a role -> the gazetteer's body for that role (else the country's government)."""
    if tables.authorities is None:
        return []
    out: list[Role] = []
    for m in tables.authorities.finditer(text):
        if any(a.start < m.end() and m.start() < a.end for a in actors):
            continue
        role = tables.authority_roles.get(m.lastgroup or "") or \
            tables.authority_roles.get(m.group().lower())
        if role is None:
            continue
        near = _country_near(text, m.start(), m.end(), tables, places)
        cc = (near if near != home else None) or country
        if cc is None:
            continue
        entity = gazetteer.by_role(cc, role) if role != "government" else None
        if entity is None and role in ("government", "regulator"):
            entity = country_government(cc, gazetteer.places)
        if entity is None and role == "privacy":
            entity = Entity(id=f"privacy-regulator-{cc.lower()}",
                            name=f"{region_name(cc)} data protection authority",
                            type="regulator", country=cc, known=False)
        if entity is None:
            continue
        out.append(Role(entity, m.start(), m.end(), m.group(), generic=role == "government"))
    return out


def _country_near(text: str, start: int, end: int, tables: _Tables,
                  places: list[tuple[int, int, str, bool]]) -> str | None:
    best: tuple[int, str] | None = None
    if tables.demonyms is not None:
        for m in tables.demonyms.finditer(text, max(0, start - 30), min(len(text), end + 30)):
            d = min(abs(m.start() - end), abs(start - m.end()))
            code = tables.demonym_codes.get(_demonym_key(m.group(), tables))
            if code and (best is None or d < best[0]):
                best = (d, code)
    for p_start, p_end, code, _ in places:
        d = min(abs(p_start - end), abs(start - p_end))
        if d <= 20 and (best is None or d < best[0]):
            best = (d, code)
    return best[1] if best else None


def _demonym_key(surface: str, tables: _Tables) -> str:
    s = surface.lower()
    for stem in sorted(tables.demonym_codes, key=len, reverse=True):
        if s.startswith(stem):
            return stem
    return s


def _focus_owner(analysed, gazetteer: Gazetteer) -> str | None:
    """The vendor whose AI the article names most (products count double)."""
    counts: dict[str, int] = {}
    for subjects, _, _, _ in analysed:
        for s in subjects:
            owner = gazetteer.owner(s.entity)
            counts[owner] = counts.get(owner, 0) + (2 if s.entity.type == "product" else 1)
    return max(counts, key=lambda c: counts[c]) if counts else None


def _article_country(analysed, exclude: str | None = None) -> str | None:
    counts: dict[str, int] = {}
    for _, _, places, _ in analysed:
        for _, _, code, _ in places:
            if code == exclude:
                continue
            counts[code] = counts.get(code, 0) + 1
    return max(counts, key=lambda c: counts[c]) if counts else None


@lru_cache(maxsize=16)
def _tables(lexicon: LanguageLexicon) -> _Tables:
    """The compiled patterns of one language (cached: the lexicon is immutable)."""
    cjk = lexicon.script == "cjk"
    actions: dict[str, str] = {}
    for action, words in lexicon.triggers.items():
        for w in words:
            actions.setdefault(w.lower(), action)
    words = sorted(actions, key=len, reverse=True)
    body = trie_pattern(words)
    if cjk:
        triggers = re.compile(r"(?P<t>" + body + r")", re.IGNORECASE)
    else:  # a word start; stems inflect ("verbietet" -> "verbieten" is its own entry)
        triggers = re.compile(r"(?<!\w)(?P<t>" + body + r")\w*", re.IGNORECASE)
    place_codes = _place_names(lexicon)
    place_body = trie_pattern(sorted(place_codes, key=len, reverse=True))
    places = re.compile(("(?:" if cjk else r"(?<!\w)(?:") + place_body + (
        ")" if cjk else r")(?!\w)"), re.IGNORECASE)
    demonym_codes = {stem.lower(): code for code, stems in lexicon.demonyms.items()
                     for stem in stems}
    demonyms = re.compile(r"(?<!\w)(?:" + trie_pattern(list(demonym_codes)) + r")\w*",
                          re.IGNORECASE) if demonym_codes else None
    authority_roles = {noun.lower(): role for role, nouns in lexicon.authorities.items()
                       for noun in nouns if "*" not in noun}
    # "agência * de proteção de dados": `*` is one word (a demonym: "agência italiana de ...")
    wild = [(role, noun) for role, nouns in lexicon.authorities.items() for noun in nouns
            if "*" in noun]
    authorities = None
    if authority_roles or wild:
        parts = [trie_pattern(list(authority_roles))] if authority_roles else []
        for role, noun in wild:
            name = f"w{len(parts)}"
            pieces = [re.escape(p.strip()) for p in noun.lower().split("*")]
            parts.append(f"(?P<{name}>" + r"\s+[\w-]+\s+".join(pieces) + ")")
            authority_roles[name] = role
        a_body = "|".join(parts)
        authorities = re.compile(a_body if cjk else r"(?<!\w)(?:" + a_body + r")(?!\w)",
                                 re.IGNORECASE)
    locatives = None
    if not cjk and lexicon.locatives:
        locatives = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in lexicon.locatives)
                               + r")\s+(?:(?:der|dem|den|la|le|l'|el|il|lo|o|a)\s+)?$",
                               re.IGNORECASE)
    return _Tables(triggers, actions, places, place_codes, demonyms, demonym_codes,
                   authorities, authority_roles, locatives)


def _place_names(lexicon: LanguageLexicon) -> dict[str, str]:
    """Country names in the language (CLDR via babel; Chinese in both scripts) and the
    lexicon's own additions, lowercased -> ISO code."""
    names: dict[str, str] = {}
    locales = [lexicon.language] + (["zh_Hant"] if lexicon.language == "zh" else [])
    for loc in locales:
        for code, name in Locale.parse(loc).territories.items():
            if len(code) == 2 and code.isalpha() and len(name) >= 2:
                names.setdefault(name.lower(), code)
    for name, code in lexicon.places.items():
        names[name.lower()] = code
    return names
