"""`extract(article)`: an article's relevance, entities and restriction events. Pure, no I/O."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import date

from offlimits.extract.dates import parse_published
from offlimits.extract.event_dates import follow_on_dates
from offlimits.extract.events import (
    GENERIC_OBJECT,
    Found,
    SentenceContext,
    named_org_before,
    owns,
    sentence_events,
)
from offlimits.extract.foreign import foreign_findings, foreign_sentences
from offlimits.extract.gazetteer import Gazetteer, load_gazetteer
from offlimits.extract.lang import cached_lexicon
from offlimits.extract.language import detect_language
from offlimits.extract.lists import MAX_ITEMS, inline_findings, is_intro, list_findings
from offlimits.extract.merge import merge_findings
from offlimits.extract.model import ArticleText, Entity, EntityMention, Extraction
from offlimits.extract.names import name_key
from offlimits.extract.relevance import RELEVANCE_THRESHOLD, relevance
from offlimits.extract.roles import Role, SentenceRoles, read_roles
from offlimits.extract.sentences import Sentence, article_sentences
from offlimits.extract.triggers import load_lexicon

MAX_RECENT = 6
_SPEAKER = re.compile(r"\W*(?P<name>(?:[A-Z][\w&'.-]*\s+){0,3}[A-Z][\w&.-]*) (?:said|says|"
                      r"announced|confirmed|told)\b")
_DATELINE = re.compile(r"\s*(?:date\s+)?((?:19|20)\d\d-[01]\d-[0-3]\d)\b[\s:|-]*")


def extract(article: ArticleText, gazetteer: Gazetteer | None = None) -> Extraction:
    """Read one article: is it about an AI-tool restriction, who did what to which tool, when."""
    gazetteer = gazetteer or load_gazetteer()
    lexicon = load_lexicon()
    text, dateline = strip_dateline(article.text or "")
    published = parse_published(article.published) or dateline
    sentences = article_sentences(article.title, text)
    language = detect_language(f"{article.title or ''}\n{text[:3000]}", article.language)
    if language != "en":
        return _extract_foreign(sentences, language, gazetteer, published)
    places = [gazetteer.places.find(s.text) for s in sentences]
    triggers = [lexicon.find(s.text) for s in sentences]
    country = _article_country(sentences, places)
    views: list[SentenceRoles] = []
    recent: list[Role] = []
    subject_counts: Counter[str] = Counter()
    by_id: dict[str, Entity] = {}
    counts: Counter[str] = Counter()
    surfaces: dict[str, dict[str, str]] = {}
    for i, sentence in enumerate(sentences):
        roles = read_roles(sentence.text, gazetteer, country, recent, places[i],
                           detailed=bool(triggers[i]))
        if triggers[i]:
            _add_named_actors(roles, triggers[i])
        views.append(roles)
        for a in roles.actors:  # "Italy's Data Protection Authority" for the Garante
            if not a.anaphor:
                surfaces.setdefault(a.entity.id, {}).setdefault(name_key(a.surface), a.surface)
        for m in roles.mentions:
            by_id.setdefault(m.entity.id, m.entity)
            counts[m.entity.id] += 1
            surfaces.setdefault(m.entity.id, {}).setdefault(name_key(m.surface), m.surface)
            if m.entity.type in ("vendor", "product"):
                weight = 2 if m.entity.type == "product" else 1
                subject_counts[m.entity.id] += weight * (2 if sentence.index == 0 else 1)
        recent[:0] = _in_subject_order(roles.actors)
        del recent[MAX_RECENT:]
    focus = _focus(subject_counts, by_id)
    if focus is not None and focus.type == "vendor" and _about_its_app(focus, sentences, lexicon):
        focus = None  # "the app" of a TikTok story is TikTok, not its maker's AI
    findings: list[Found] = []
    recent = []
    for i, (sentence, roles) in enumerate(zip(sentences, views, strict=True)):
        if focus is not None or roles.subjects:
            nearby = [a for v in (views[i - 1:i] if i >= 1 else []) + (
                views[i - 2:i - 1] if i >= 2 else []) for a in reversed(v.actors)
                if not a.anaphor]
            ctx = SentenceContext(sentence.index, focus, list(recent), nearby, published)
            findings.extend(sentence_events(roles, lexicon, ctx, triggers[i]))
            if triggers[i] and not any(f.sentence_index == sentence.index for f in findings):
                findings.extend(inline_findings(roles, triggers[i], lexicon, ctx, GENERIC_OBJECT))
            if is_intro(sentence, triggers[i]):  # "Companies that have banned it include:"
                items = list(zip(sentences[i + 1:i + 1 + MAX_ITEMS], views[i + 1:i + 1 + MAX_ITEMS],
                                 strict=True))
                findings.extend(list_findings(roles, triggers[i], items, lexicon, ctx,
                                              GENERIC_OBJECT))
        follow_on_dates(sentence.text, sentence.index, findings, published)
        recent[:0] = _in_subject_order(roles.actors)
        del recent[MAX_RECENT:]
    findings = _same_cut_off(findings)
    merged = merge_findings(findings, gazetteer, published)
    score, reasons, events = _relevant_events(merged, by_id, counts)
    for roles in views:
        for a in roles.actors:
            if not a.generic and not a.anaphor and a.entity.id not in by_id:
                by_id[a.entity.id] = a.entity
            if not a.anaphor and a.entity.id in by_id:
                counts[a.entity.id] += 0 if a.entity.known else 1
    return _extraction(score, reasons, events, by_id, counts, surfaces)


def _relevant_events(merged, by_id: dict[str, Entity], counts: Counter[str]):
    """Relevance of the merged events, the events if relevant, and their entities counted."""
    score, reasons = relevance(merged, by_id)
    events = tuple(e for e, _, _ in merged) if score >= RELEVANCE_THRESHOLD else ()
    for event in events:
        for entity in (event.actor, event.affected, event.replacement):
            if entity is not None and entity.id not in by_id:
                by_id[entity.id] = entity
                counts[entity.id] += 1
    return score, reasons, events


def _extraction(score: float, reasons: list[str], events: tuple, by_id: dict[str, Entity],
                counts: Counter[str], surfaces: dict[str, dict[str, str]]) -> Extraction:
    mentions = tuple(
        EntityMention(by_id[i], max(counts[i], 1), _other_names(by_id[i], surfaces.get(i, {})))
        for i in by_id)
    return Extraction(relevant=score >= RELEVANCE_THRESHOLD, score=round(score, 3),
                      reasons=tuple(reasons), entities=mentions, events=events)

def _extract_foreign(sentences: list[Sentence], language: str, gazetteer: Gazetteer,
                     published: date | None) -> Extraction:
    """An article in one of the other languages, read by `foreign.py`."""
    lexicon = cached_lexicon(language)
    findings, roles = foreign_findings(foreign_sentences(sentences), lexicon, gazetteer,
                                       published)
    merged = merge_findings(findings, gazetteer, published)
    by_id: dict[str, Entity] = {}
    counts: Counter[str] = Counter()
    surfaces: dict[str, dict[str, str]] = {}
    for sentence_roles in roles:
        for r in sentence_roles:
            if r.generic and r.entity.type == "government":
                continue  # a country named is a place, not an entity of the article
            by_id.setdefault(r.entity.id, r.entity)
            counts[r.entity.id] += 1
            surfaces.setdefault(r.entity.id, {}).setdefault(name_key(r.surface), r.surface)
    score, reasons, events = _relevant_events(merged, by_id, counts)
    return _extraction(score, reasons, events, by_id, counts, surfaces)


def _about_its_app(vendor: Entity, sentences: list[Sentence], lexicon) -> bool:
    """Does the article name one of the vendor's non-AI apps (TikTok for ByteDance)?"""
    apps = lexicon.vendor_apps.get(vendor.id)
    return apps is not None and any(apps.search(s.text) for s in sentences)


def _same_cut_off(findings: list[Found]) -> list[Found]:
    """Once the article says a vendor cut a rival off ("OpenAI suspends ByteDance after it used
    GPT"), its other sentences about that vendor acting on that rival tell the same cut-off."""
    cut = {(f.actor.entity.id, f.affected.id): f.subject for f in findings
           if f.affected is not None and owns(f.actor.entity, f.subject)}
    out = []
    for f in findings:
        own = cut.get((f.actor.entity.id, f.subject.id))
        if own is not None and f.affected is None:
            f = replace(f, subject=own, affected=f.subject, self_restriction=True, regions=(),
                        reasons=[*f.reasons, "rival cut off"])
        out.append(f)
    return out


def _in_subject_order(actors: list[Role]) -> list[Role]:
    """A sentence's actors for later anaphora ("the firm"), most likely referent first: the
    last-named organisation, then AI vendors (usually named as objects: "banned DeepSeek")."""
    plain = [a for a in actors if not a.anaphor]
    return sorted(plain, key=lambda a: (a.entity.type in ("vendor", "product"), -a.start))


def _add_named_actors(roles: SentenceRoles, triggers) -> None:
    """Organisations the gazetteer lacks, named right before a trigger ("Orbis Logistics
    banned ..."), become actors of the sentence, so later sentences can refer back to them."""
    speaker = _SPEAKER.match(roles.text)  # "Zeta Bank said on Tuesday it would block ..."
    for trig in triggers:
        if any(a.end <= trig.start for a in roles.actors):
            continue  # the builder reads a named actor first
        role = named_org_before(roles.text, trig.start, roles)
        if role is None and speaker is not None and speaker.end() <= trig.start:
            role = named_org_before(roles.text, speaker.end("name") + 1, roles)
        if role is not None and not any(a.start < role.end and role.start < a.end
                                        or a.entity.id == role.entity.id for a in roles.actors):
            roles.actors.append(role)
            roles.actors.sort(key=lambda a: a.start)


def _other_names(entity: Entity, seen: dict[str, str]) -> tuple[str, ...]:
    """The names the text used for `entity` that its canonical name does not contain."""
    canonical = f" {name_key(entity.name)} "
    return tuple(surface for key, surface in seen.items() if f" {key} " not in canonical)


def strip_dateline(text: str) -> tuple[str, date | None]:
    """A body that opens with its own date (`date 2025-01-31 ...`): that date, and the rest."""
    m = _DATELINE.match(text)
    if not m:
        return text, None
    return text[m.end():], parse_published(m.group(1))


def _focus(counts: Counter[str], by_id: dict[str, Entity]) -> Entity | None:
    """The AI product (else vendor) the article is most about."""
    if not counts:
        return None
    vendor_totals: Counter[str] = Counter()
    for eid, n in counts.items():
        e = by_id[eid]
        vendor_totals[e.vendor_id or e.id] += n
    vendor_id, _ = vendor_totals.most_common(1)[0]
    products = [(n, eid) for eid, n in counts.items() if by_id[eid].vendor_id == vendor_id]
    if products:
        return by_id[max(products)[1]]
    return by_id.get(vendor_id)


def _article_country(sentences, places) -> str | None:
    """The country the article mentions most (for "the trade ministry")."""
    counts: Counter[str] = Counter()
    for s, found in zip(sentences, places, strict=True):
        for p in found:
            counts[p.code] += 2 if s.index == 0 else 1
    return counts.most_common(1)[0][0] if counts else None
