"""Lists of actors after an introducing sentence: each line one more event.

    Companies that have restricted ChatGPT include:
    - Apple
    - Samsung Electronics
    - Northwind Traders

The introducing sentence ends with a colon and says what was done to which AI tool; every
following line that is only a name (bulleted or not, with an optional short note after a dash,
colon or parenthesis) is an actor of that same restriction.
"""

from __future__ import annotations

import re

from offlimits.extract.events import (
    GOVERNMENT_TYPES,
    Found,
    SentenceContext,
    lexicon_app,
    negated,
)
from offlimits.extract.model import Entity
from offlimits.extract.names import slugify
from offlimits.extract.roles import Role, SentenceRoles
from offlimits.extract.sentences import Sentence
from offlimits.extract.triggers import Lexicon, Trigger

MAX_ITEMS = 40
_INTRO_END = re.compile(r":\s*$")
_BULLET = re.compile(r"\s*(?:[-*\u2022\u2013\u2014\u25aa\u25cf]|\d{1,2}[.)])?\s*")
_ITEM = re.compile(
    r"(?P<name>[A-Z0-9][\w&'\u2019.-]*(?:\s+(?:of|and|&|de|la|the|[A-Z0-9&][\w&'\u2019.-]*)){0,6})"
    r"\s*(?:[,;.]?\s*$|\s*[:(\u2013\u2014-].{0,120}$)"
)
_SUFFIX = re.compile(r"(?:,?\s+(?:Inc|Corp|Corporation|Co|Ltd|LLC|PLC|plc|AG|SA|SE|NV|GmbH|"
                     r"Group|Holdings)\.?|\s*&\s*Co\.?)+$")
_NOT_ITEMS = {"The", "This", "That", "These", "Those", "It", "They", "We", "But", "And", "Read",
              "More", "Related", "See", "Also", "Source", "Sources", "Photo", "Image", "Update",
              "Advertisement", "Note", "Why", "How", "What", "Who", "Here"}


def is_intro(sentence: Sentence, triggers: list[Trigger]) -> bool:
    return bool(triggers) and _INTRO_END.search(sentence.text) is not None


def list_findings(intro: SentenceRoles, triggers: list[Trigger], items: list[tuple[Sentence,
                  SentenceRoles]], lexicon: Lexicon, ctx: SentenceContext,
                  generic_object: re.Pattern) -> list[Found]:
    """One Found per list line after `intro` (which ends with a colon), until a line that is not
    a bare name."""
    text = intro.text
    if lexicon.off_topic.search(text) or lexicon.non_ai_apps.search(text):
        return []
    trig = next((t for t in triggers if not negated(text, t)), None)
    if trig is None:
        return []
    subject = _subject(intro, trig)
    if subject is None and ctx.focus is not None and generic_object.search(text):
        subject = ctx.focus
    if subject is None:
        return []
    out: list[Found] = []
    for sentence, roles in items[:MAX_ITEMS]:
        actor = _item_actor(sentence.text, roles)
        if actor is None:
            break
        if actor.entity.id == subject.id or actor.entity.id == subject.vendor_id:
            continue
        action = trig.action
        regions: tuple[str, ...] = ()
        if actor.entity.type in GOVERNMENT_TYPES and actor.entity.country:
            regions = (actor.entity.country,)
        found = Found(action=action, actor=actor, subject=subject, explicit_subject=True,
                      self_restriction=False, regions=regions,
                      sentence_index=sentence.index, position=0,
                      evidence=f"{text} {sentence.text.strip()}")
        found.reasons.append(f"trigger:{trig.surface.lower()}")
        found.reasons.append("list")
        out.append(found)
    return out


def _subject(intro: SentenceRoles, trig: Trigger) -> Entity | None:
    after = [s for s in intro.subjects if s.start >= trig.start]
    chosen = after or intro.subjects
    if not chosen:
        return None
    products = [s for s in chosen if s.entity.type == "product"]
    return (products or chosen)[0].entity


def _item_actor(line: str, roles: SentenceRoles) -> Role | None:
    """The actor a list line names, or None when the line is not a list item."""
    if len(line) > 160:
        return None
    lead = _BULLET.match(line)
    start = lead.end() if lead else 0
    m = _ITEM.fullmatch(line, start)
    if m is None:
        return None
    name_start, name_end = m.start("name"), m.end("name")
    for a in roles.actors:
        if a.start <= name_start + 1 and a.end >= name_end - 12 and not a.anaphor:
            return a  # a known actor, a recognised body or a country
    name = _SUFFIX.sub("", m.group("name").rstrip(" .,;")).strip()
    words = name.split()
    if not words or words[0] in _NOT_ITEMS or lexicon_app(name) or any(
            s.start <= name_start + 1 for s in roles.subjects) or len(words) > 6:
        return None
    if not any(c.isalpha() for c in name) or not all(w[:1].isupper() or w in ("of", "and", "&",
                                                                         "de", "la", "the")
                                                      for w in words):
        return None
    if len(words) == 1 and not (re.search(r"[a-z][A-Z]", name) or name.isupper() and
                                len(name) > 2 or _SUFFIX.search(m.group("name"))):
        return None  # one plain word ("Privacy") is more likely a heading than a company
    entity = Entity(id=slugify(name), name=name, type="company", known=False)
    return Role(entity, name_start, name_start + len(name), name)


# "Companies that have banned ChatGPT include Apple, Samsung and Verizon."
_INLINE = re.compile(
    r"\b(?:companies|firms|organi[sz]ations|banks|lenders|employers|businesses|governments|"
    r"countries|states|agencies|institutions|universities|schools|insurers|retailers)\s+"
    r"(?:that|which|who)\b[^.;:]*?\b(?:include|includes|included|including|are|were)\s+"
    r"(?P<list>[^.;:]+)", re.IGNORECASE)
_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|as well as)\s+")


def inline_findings(roles: SentenceRoles, triggers: list[Trigger], lexicon: Lexicon,
                    ctx: SentenceContext, generic_object: re.Pattern) -> list[Found]:
    """The actors listed after "include"/"are" in a sentence about who restricted a tool."""
    text = roles.text
    m = _INLINE.search(text)
    if m is None or lexicon.off_topic.search(text) or lexicon.non_ai_apps.search(text):
        return []
    trig = next((t for t in triggers if m.start() < t.start < m.start("list")
                 and not negated(text, t)), None)
    if trig is None:
        return []
    subject = _subject(SentenceRoles(text, subjects=[s for s in roles.subjects
                                                     if s.start < m.start("list")]), trig)
    if subject is None and ctx.focus is not None and generic_object.search(text):
        subject = ctx.focus
    if subject is None:
        return []
    out: list[Found] = []
    start = m.start("list")
    pieces = []
    for sep in _SEPARATOR.finditer(text, start, m.end("list")):
        pieces.append((start, sep.start()))
        start = sep.end()
    pieces.append((start, m.end("list")))
    for a, b in pieces:
        actor = _span_actor(text, a, b, roles)
        if actor is None or actor.entity.id in (subject.id, subject.vendor_id):
            continue
        regions: tuple[str, ...] = ()
        if actor.entity.type in GOVERNMENT_TYPES and actor.entity.country:
            regions = (actor.entity.country,)
        found = Found(action=trig.action, actor=actor, subject=subject, explicit_subject=True,
                      self_restriction=False, regions=regions, sentence_index=ctx.index,
                      position=actor.start, evidence=text)
        found.reasons.extend([f"trigger:{trig.surface.lower()}", "list"])
        out.append(found)
    return out


def _span_actor(text: str, start: int, end: int, roles: SentenceRoles) -> Role | None:
    for a in roles.actors:
        if start <= a.start < end and not a.anaphor:
            return a
    piece = text[start:end].strip()
    piece = re.sub(r"^(?:the|The)\s+", "", piece)
    m = _ITEM.fullmatch(piece)
    if m is None or any(start <= s.start < end for s in roles.subjects):
        return None
    name = _SUFFIX.sub("", m.group("name").rstrip(" .,;")).strip()
    words = name.split()
    if not words or words[0] in _NOT_ITEMS or lexicon_app(name) or len(words) > 6 or not all(
            w[:1].isupper() or w in ("of", "and", "&", "de", "la", "the") for w in words):
        return None
    if len(words) == 1 and not (re.search(r"[a-z][A-Z]", name) or name.isupper() and
                                len(name) > 2 or _SUFFIX.search(m.group("name"))):
        return None
    offset = text.index(name, start)
    entity = Entity(id=slugify(name), name=name, type="company", known=False)
    return Role(entity, offset, offset + len(name), name)
