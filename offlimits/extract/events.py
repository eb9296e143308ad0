"""Restriction events in one sentence: a trigger, its actor and subject, by voice and position.

Active ("Italy blocks DeepSeek"): actor = nearest actor before the trigger, subject = first AI
vendor/product after it. Passive ("DeepSeek was banned by Italy's regulator", "ChatGPT banned in
Italy"): subject before, actor after "by" (or the place it is banned in). Noun ("Italy's ban on
DeepSeek", "the Copilot ban"). "told X not to use Y" (X is affected). A vendor restricting its own
product by place ("OpenAI will block API traffic from China") has actor = vendor and region =
the places named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from offlimits.extract.actors import place_entity
from offlimits.extract.dates import DateMention, find_dates
from offlimits.extract.event_dates import CAUSE, attach_sentence_dates
from offlimits.extract.model import Entity
from offlimits.extract.names import slugify
from offlimits.extract.places import Place, Places
from offlimits.extract.roles import Role, SentenceRoles, resolve_pronoun
from offlimits.extract.triggers import Lexicon, Trigger

GOVERNMENT_TYPES = ("government", "regulator", "legislature", "military", "court")
_PASSIVE_AUX = re.compile(
    r"\b(?:is|are|was|were|been|being|be|get|gets|got|getting|remains?|remained)\s+"
    r"(?:(?:\w+ly|now|also|still|already|not|officially|effectively|reportedly|since|then|"
    r"just|being)\s+)*$",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:not|never|n't|no plans to|refused to|declined to|rather than|instead of|"
    r"could|might|may|considering|considers|considered|weighing|mulling|calls? for|"
    r"called for|urged? (?:\w+ ){0,3}to|whether to|threat(?:ened|ens)? to|proposed|"
    r"would face|could face|avert(?:s|ed|ing)?|avoid(?:s|ed|ing)?|fac(?:e|es|ed|ing)|"
    r"escap(?:e|es|ed|ing)|threat of|prospect of|risk of|fears? of|possible|potential|"
    r"proposed|looming|pending|planned|seeking|seeks|sought|wants? to|want(?:ed|ing)? to)"
    r"\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_BY_AGENT = re.compile(r"^\W*(?:\w+\W+){0,6}?by\s+(?:the\s+)?$", re.IGNORECASE)
_IN_PLACE = re.compile(r"\b(?:in|across|throughout|from|on)\s+(?:the\s+)?$", re.IGNORECASE)
GENERIC_OBJECT = re.compile(
    r"\b(?:access|use|usage|downloads?|the (?:app|application|chatbot|service|platform|tool|"
    r"model|website|site|software|bot|assistant|technology)|its (?:app|use|services?|chatbot)|"
    r"it|them|(?:generative |gen)?AI (?:tools?|apps?|applications|services?|chatbots?|models?|"
    r"systems?|platforms?|assistants?|software|products?|technology)|chatbots?|"
    r"(?:such|these|those|the) (?:tools|apps|services|platforms))\b",
    re.IGNORECASE,
)
_TARGET_WORDS = re.compile(
    r"\bunsupported\b|\bnot (?:officially )?supported\b|"
    r"\b(?:certain|some|other|several) (?:regions|countries|nations|territories|markets)\b|"
    r"\b\w+-(?:owned|controlled|based) (?:companies|firms|entities|groups|organi[sz]ations|"
    r"customers)\b|\b(?:majority|more than 50%)[- ]owned\b",
    re.IGNORECASE,
)
_COORDINATION = re.compile(r"\s*(?:,|,?\s+and|&|,?\s+as well as|,?\s+or)\s*(?:the\s+)?"
                           r"(?:[A-Z][a-z]+['\u2019]s?\s+)?$")
_BACKGROUND = re.compile(
    r"\b(?:in (?:19|20)\d\d|last (?:year|month)|earlier (?:this|last) (?:year|month)|"
    r"previously|had (?:been |also |already )?\w+ed|former|original|in the past|"
    r"(?:a|one|two|three|several) (?:years?|months?) (?:ago|earlier)|years? ago|months? ago|"
    r"back in|since then|followed|follows|mirrors|similar to|like other|joins|joined)\b",
    re.IGNORECASE,
)
_AFFECTED = re.compile(r"['\u2019]s?\s+(?:\S+\s+)?(?:access|users|customers|developers|"
                       r"employees|staff|ability|use|accounts?|API keys?|subscriptions?)\b")
_TOLD_PIVOT = re.compile(
    r"\b(?:not to|to not|against|to (?:\w+ly )?(?:avoid|stop|cease|phase out|remove|uninstall|"
    r"refrain from|delete|drop|block|ban|end|halt|suspend)|"
    r"(?:may|can|could|must|should|will|would) (?:no longer|not) (?:use|access|install|run)|"
    r"to (?:use|switch to) (?:\S+ ){1,6}?(?:instead of|rather than))\b")
_DEFINITE = re.compile(r"\b(?:the|this|that|its|their|his|her)\s+(?:\w+\s+){0,2}$",
                       re.IGNORECASE)
_FORCED = re.compile(r"\b(?:forced|ordered|required|told|asked|compelled|directed|instructed|"
                     r"obliged|made)\s+to\s+(?:\w+\s+)?$")
_CAUSATIVE = re.compile(r"\b(?:makes?|made|making|lets?|letting|has|had|gets?|got)\s+$",
                        re.IGNORECASE)
_NAME_BEFORE = re.compile(
    r"(?<![\w.])(?P<name>(?:[A-Z][\w&'.-]*\s+){0,3}[A-Z][\w&.-]*)\s+"
    r"(?:(?:has|have|had|will|would|can|may|is|are|was|were|also|now|then|quietly|reportedly|"
    r"recently|officially|formally|effectively|temporarily|\w+ly)\s+)*$")
_COMPANY_SUFFIX = re.compile(r"(?:Inc|Corp|Ltd|LLC|PLC|plc|AG|SA|GmbH|Group|Holdings|Bank|"
                             r"Technologies|Robotics|Labs|Systems|Motors|Airlines|Energy)\.?$")
_NOT_NAMES = {"The", "This", "That", "These", "Those", "It", "Its", "In", "On", "At", "A", "An",
              "We", "They", "He", "She", "But", "And", "Or", "So", "Now", "Then", "Also", "If",
              "When", "While", "After", "Before", "Since", "As", "Last", "Next", "Some", "Many",
              "Most", "All", "Other", "Several", "Both", "Each", "Every", "Earlier", "Later",
              "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
              "January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December", "Why", "How", "What", "Who",
              "Officials", "Employees", "Staff", "Users", "Companies", "Banks", "Firms",
              "Governments", "Schools", "Universities", "Agencies", "Regulators", "Lawmakers",
              "Report", "Reports", "Update", "Exclusive", "Breaking", "Analysis", "Opinion",
              "Watch", "Read", "More", "AI", "Generative", "Chinese", "American", "European",
              # a person is not an organisation: "Mr Edwards said ...", "Judge Starr ordered"
              "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.", "Sir", "Dame", "Lord",
              "Senator", "Sen.", "Rep.", "President", "Minister", "Governor", "Gov.",
              "Chancellor", "Secretary", "Commissioner", "Chairman", "Chairwoman", "CEO"}
_OWNER = re.compile(r"\b(?:parent|owner|owned by|made by|maker|developer|developed by)\b",
                    re.IGNORECASE)
_VP_AND = re.compile(r"\b(?:and|but|then)\s+(?:(?:\w+ly|also|later|then|subsequently)\s+)?$")
_ACCESS = re.compile(r"\s+(?:\S+\s+){0,2}?access\b|(?<=access)", re.IGNORECASE)
_INCLUDING = re.compile(r",\s*(?:including|among them|among which|such as|notably)\s")
_CONDITIONAL = re.compile(r"\s+(?:\S+\s+){0,4}?(?:once|if|unless|provided|as soon as)\b",
                          re.IGNORECASE)
_MODAL_BEFORE = re.compile(r"\b(?:will|would|could|can|may|might)\s+(?:\w+\s+){0,2}$",
                           re.IGNORECASE)
_THAT = re.compile(r"\s+that\b")
_FROM_USING = re.compile(r"\s+from\s+(?:using|accessing|calling|buying|reaching)\b")
_RISK = re.compile(r"\b(?:risks?|threats?|\w*danger\w*|unsafe|insecure|security|privacy|"
                   r"should not|must not|not be used|vulnerab\w+|leak\w*)\b", re.IGNORECASE)
_VAGUE = re.compile(r"\b(?:moved?|moves|acted|acts?|action) against$", re.IGNORECASE)
_ADVICE = re.compile(r"(?:told|tells|tell|asked|asks|ask|advised|advises|advise)", re.IGNORECASE)
_AVOID = re.compile(r"\b(?:avoid|refrain from)\b")
_TIME_CLAUSE = re.compile(r"\b(?:after|before|since)\b", re.IGNORECASE)
_ORDER_OBJECT = re.compile(
    r"\b(?:ordered|orders|order|ordering|had|has|have|got|gets|get|wants?|wanted|declared|"
    r"declares)\s+(?!(?:been|be|being|also|already|now|not|just|since|recently|temporarily|"
    r"\w+ly)\b)(?P<obj>(?:the\s+|its\s+|their\s+)?(?:[\w'\u2019.-]+\s+){1,5}?)$",
    re.IGNORECASE)
_WARN_THAT = re.compile(r"(?:warn|advis|urg|caution)\w* that", re.IGNORECASE)
_IN_ONLY = re.compile(r"\bin\s+(?:the\s+)?$")
_ORDERED = re.compile(r"\b(?:ordered|orders|order|directed|directs|instructed|instructs|told|"
                      r"tells|asked|asks|required|requires|forced|forces|compelled|compels|"
                      r"urged|urges|called on|calls on)\s+(?:that\s+)?(?:all\s+)?$", re.IGNORECASE)
_JOINS = re.compile(r"\b(?:joins?|joined|joining|follows?|followed|following)\b[^.;]*\bin\s+$",
                    re.IGNORECASE)
_AFTER_NOUN = re.compile(r"\b(?:after|before|following|since|amid)\s+(?:\S+\s+){0,4}$",
                         re.IGNORECASE)
_REPLACEMENT = re.compile(
    r"\b(?:switch\w*|mov\w*|migrat\w*|turn\w*|steer\w*|direct\w*|shift\w*)\s+(?:\w+\s+){0,3}to\s+"
    r"(?:its own |their own |the )?$|\bin favou?r of\s+(?:its own\s+)?$|\buse\s+(?:its own\s+)?$",
    re.IGNORECASE,
)


_STAFF = (r"(?:staff|staffers|employees|workers|bankers|traders|engineers|developers|"
          r"programmers|analysts|lawyers|consultants|personnel|civil servants|teachers|students|"
          r"researchers|contractors|agents|officials|executives|managers)")
_STAFF_OF = re.compile(
    r"\b(?i:" + _STAFF + r")\s+(?:at|of|from|with)\s+(?:the\s+)?"
    r"(?P<a>(?:[A-Z][\w&'.-]*\s+){0,3}[A-Z][\w&.-]*)"
    r"|(?P<b>(?:[A-Z][\w&'.-]*\s+){0,3}[A-Z][\w&.-]*?)(?:['\u2019]s?)?\s+(?:[A-Z]\w+\s+){0,2}"
    + _STAFF + r"\b")
_PLACE_STAFF = re.compile(r"(?:['\u2019]s?)?\s+(?:\w+\s+){0,1}(?:" + _STAFF[3:-1] +
                          r"|offices|operations|branches|units|subsidiaries)\b")
_STAFF_IN = re.compile(r"\b(?:" + _STAFF[3:-1] + r"|offices|operations|branches|units|"
                       r"subsidiaries)\s+(?:\w+\s+)?(?:in|based in|located in)\s+(?:the\s+)?$")


@dataclass
class Found:
    """An event as one sentence reports it, before merging across the article."""

    action: str
    actor: Role
    subject: Entity
    explicit_subject: bool
    self_restriction: bool
    regions: tuple[str, ...]
    sentence_index: int
    position: int
    evidence: str
    date: DateMention | None = None
    effective: DateMention | None = None
    background: bool = False
    affected: Entity | None = None
    replacement: Entity | None = None
    confidence: float = 0.0
    reasons: list[str] = field(default_factory=list)
    vague: bool = False  # "moved against": a restriction, its kind said elsewhere if at all


@dataclass
class SentenceContext:
    """What the builder knows beyond the sentence."""

    index: int
    focus: Entity | None  # the AI subject the article is about
    recent: list[Role]  # actors of earlier sentences, latest first
    nearby: list[Role]  # actors of the previous two sentences, latest first
    published: date | None


def sentence_events(roles: SentenceRoles, lexicon: Lexicon, ctx: SentenceContext,
                    triggers: list[Trigger] | None = None) -> list[Found]:
    """Every restriction event `roles.text` states (`triggers`: found already, if given)."""
    text = roles.text
    triggers = lexicon.find(text) if triggers is None else triggers
    if not triggers or lexicon.off_topic.search(text):
        return []
    out: list[Found] = []
    consumed: list[tuple[int, int]] = []
    dates = find_dates(text, ctx.published) if triggers else []
    previous: Found | None = None
    for trig in triggers:
        if any(a <= trig.start < b for a, b in consumed):
            continue
        if negated(text, trig):
            continue
        found = _read(trig, roles, lexicon, ctx, dates, previous)
        if found is None:
            continue
        found = rival_cut_off(found, roles, trig)
        out.append(found)
        previous = found
        if not found.actor.anaphor and found.actor.start < trig.start:
            for other in coordinated(found.actor, roles.actors, text)[:-1]:
                regions = found.regions
                if other.entity.type in GOVERNMENT_TYPES:  # each government its own country
                    regions = (other.entity.country,) if other.entity.country else ()
                out.append(replace(found, actor=other, position=other.start, regions=regions,
                                   reasons=list(found.reasons)))
    return out


_CUT_OFF_PARTY = re.compile(
    r"(?:['\u2019]s?)?\s+(?:\w+\s+)?(?:employees|staff|workers|engineers|researchers|"
    r"accounts?|users|developers|access)\b", re.IGNORECASE)


def rival_cut_off(found: Found, roles: SentenceRoles, trig: Trigger) -> Found:
    """`Midjourney bans Stability AI employees`, `OpenAI suspends ByteDance after it used
    GPT`: an AI vendor acting on another firm restricts its own service, and the other firm
    is the one cut off (not the product restricted)."""
    actor, subject = found.actor.entity, found.subject
    if actor.type != "vendor" or subject.type != "vendor" or same_thing(actor, subject):
        return found
    mention = next((r for r in roles.subjects if r.entity.id == subject.id
                    and r.start >= trig.end), None)
    if mention is None:
        return found
    people = _CUT_OFF_PARTY.match(roles.text, mention.end) is not None
    own = [r.entity for r in roles.subjects if r.start > mention.end and owns(actor, r.entity)]
    if not people and not own:
        return found
    product = next((e for e in own if e.type == "product"), actor)
    return replace(found, subject=product, affected=subject, self_restriction=True,
                   regions=(), reasons=[*found.reasons, "rival cut off"])


_BILL = re.compile(r"\b(?:bills?|legislation|draft (?:law|rules?|regulation)|proposals?|"
                   r"proposed (?:law|rule|ban|act))\b", re.IGNORECASE)
_QUESTION = re.compile(r"\b(?:asked|asks|ask|asking|wondered|wonders|questioned)\b[^.;:]{0,50}?"
                       r"\b(?:if|whether)\b[^.;:]{0,60}$", re.IGNORECASE)
_LAWMAKERS = re.compile(r"\b(?:lawmakers|legislators|senators?|congress(?:men|man|women)?|"
                        r"MPs|parliamentarians|representatives|Congress|Senate|House)\b")
_INTENT = re.compile(r"\b(?:moves?|moving|push(?:es|ing)?|seeks?|seeking|aims?|wants?)\s+to\s+$",
                     re.IGNORECASE)
_WOULD = re.compile(r"\b(?:would|could|seeks? to|aims? to|intended to)\s+(?:\w+\s+){0,2}$",
                    re.IGNORECASE)


def negated(text: str, trig: Trigger) -> bool:
    """Is the trigger denied or hedged ("did not ban", "considering a ban", "could face"), or
    a condition for the future ("will be allowed back once it complies")?"""
    if trig.kind not in ("negated", "vendor") and _ends(_NEGATION, text, trig.start):
        return True
    if (" if " in text or "whether" in text) and _ends(_QUESTION, text, trig.start, 120):
        return True  # "I asked Microsoft if it will follow and suspend ...": a question
    if _ends(_WOULD, text, trig.start, 40) and _BILL.search(text):
        return True  # "a bill that would ban it": proposed, not done
    if _ends(_INTENT, text, trig.start, 30) and _LAWMAKERS.search(text):
        return True  # "lawmakers move to ban it": a legislature's intention is a bill
    return _ends(_MODAL_BEFORE, text, trig.start, 40) and \
        _CONDITIONAL.match(text, trig.end) is not None


def _read(trig: Trigger, roles: SentenceRoles, lexicon: Lexicon, ctx: SentenceContext,
          dates: list[DateMention], previous: Found | None) -> Found | None:
    text = roles.text
    actor: Role | None = None
    subject: Role | None = None
    affected: Entity | None = None
    passive = False
    generic_object = False
    advice = False
    if trig.kind == "told" and trig.action == "warn" and _THAT.match(text, trig.end):
        trig = replace(trig, kind="verb", surface=trig.surface + " that")  # "warned that X ..."
    if trig.kind == "told":
        tail = text[trig.end:trig.end + 160]
        m = _TOLD_PIVOT.search(tail)
        if not m:
            return None
        pivot = trig.end + m.end()
        advice = _ADVICE.fullmatch(trig.surface) is not None and _AVOID.search(m.group())
        between = [a for a in roles.actors if trig.end <= a.start < trig.end + m.start()]
        affected = between[0].entity if between else None
        if _ends(_PASSIVE_AUX, text, trig.start):  # "Tencent has been told not to ..."
            staff_of = staff_org(text, trig.start, roles)
            told = _before(roles.actors, trig.start)
            if staff_of is not None and (told is None or told.end <= staff_of.end):
                # "Staff at Goldman Sachs were told to stop ...": the firm told its staff
                actor = _by_agent(roles.actors, trig.end, text) or staff_of
            else:
                affected = told.entity if told is not None else affected
                actor = _by_agent(roles.actors, trig.end, text) or next(
                    (a for a in ctx.recent if a.entity.type in GOVERNMENT_TYPES), None) or told
            if actor is not None and affected is not None and actor.entity.id == affected.id:
                affected = None
        else:
            actor = _before(roles.actors, trig.start)
        subject = _after(roles.subjects, pivot, exclude=actor, text=text)
    elif trig.kind == "negated":
        subject = _before(roles.subjects, trig.start)
        actor = _before([a for a in roles.actors if subject is None or a.end <= subject.start],
                        trig.start)
        if actor is None and ctx.recent:
            actor = ctx.recent[0]
    elif trig.kind == "vendor":
        actor = _before([a for a in roles.actors if a.entity.type == "vendor"], trig.start)
        if actor is None:
            return None
        subject = _after(roles.subjects, trig.end, exclude=None, text=text) or _before(
            [s for s in roles.subjects if s.start > actor.end], trig.start)
        if subject is not None and not owns(actor.entity, subject.entity):
            return None
        if not _places_after(roles.places, actor, trig.end - 200) and \
                "unsupported" not in trig.surface.lower():
            return None
    elif trig.kind == "verb" and trig.participle and (
            ordered := _ordered_object(text, trig, roles)) is not None:
        # "the regulator ordered DeepSeek blocked", "had the chatbot suspended"
        verb_start, obj_start = ordered
        actor = _before([a for a in roles.actors if a.end <= verb_start], verb_start)
        subject = next((r for r in sorted(roles.subjects, key=lambda r: r.start)
                        if obj_start <= r.start < trig.start), None)
        generic_object = subject is None and GENERIC_OBJECT.search(
            text, obj_start, trig.start) is not None
    elif trig.kind == "noun":
        # a warning's addressees come first: "a warning to organisations that ... about X"
        subject = _after(roles.subjects, trig.end, limit=140 if trig.action == "warn" else 70,
                         text=text)
        if subject is None:
            prev = _before(roles.subjects, trig.start)
            if prev is not None and trig.start - prev.end <= 12:
                subject = prev
        actor = _by_agent(roles.actors, trig.end, text)
        if actor is None:
            limit = subject.start if subject is not None and subject.end <= trig.start \
                else trig.start
            actor = _before([a for a in roles.actors if a.end <= limit], limit)
        if actor is not None and actor.entity.type == "vendor" and any(
                same_thing(actor.entity, s.entity) for s in roles.subjects
                if s.start <= actor.start < s.end or s.start == actor.start):
            # "X ordered DeepSeek blocked and opened an investigation": DeepSeek is the object
            actor = _before([a for a in roles.actors if a.end <= actor.start
                             and a.entity.type not in ("vendor", "product")], actor.start)
    else:
        passive = trig.participle and (
            _ends(_PASSIVE_AUX, text, trig.start)
            or _right_after_subject(roles.subjects, trig, text))
        if passive:
            subject = _before(roles.subjects, trig.start)
            candidates = [a for a in roles.actors if subject is None or not same_thing(
                a.entity, subject.entity)]
            # an explicit agent acts, even on its own product ("ChatGPT was disabled for users
            # in Italy by OpenAI")
            actor = _by_agent([a for a in roles.actors if subject is None
                               or a.entity.id != subject.entity.id], trig.end, text)
            if actor is None:
                actor = _place_after(candidates, trig.end, text) or _place_role(
                    roles.places, trig.end, text, roles.gazetteer_places)
            if actor is None:
                actor = _before(candidates, trig.start)
            if actor is None:
                actor = staff_org(text, trig.start, roles)  # "Bankers at Acme were barred"
            if actor is None:
                actor = _speaker_after(candidates, trig.end, text)
            if actor is None:
                actor = _nearby_actor(ctx, subject)  # "was restored": whoever acted before
            if subject is None:
                subject = _after(roles.subjects, trig.end, exclude=actor, text=text)
        else:
            actor = _before(roles.actors, trig.start)
            if actor is not None and _ends(_VP_AND, text, trig.start, 30):
                # "X labelled Y a risk and barred Z": the clause's subject acts
                actor = min(roles.actors, key=lambda a: a.start)
            actor = _head_of_list(actor, roles.actors, text, trig.start)
            actor = _commander(actor, roles.actors, text, trig)
            if actor is not None and actor.generic and actor.entity.type == "government":
                # "Taiwan has barred ..., the Ministry of Digital Affairs said": that body
                speaker = _speaker_after(roles.actors, trig.end, text)
                if speaker is not None and not speaker.generic and not speaker.anaphor and \
                        speaker.entity.type in GOVERNMENT_TYPES and \
                        speaker.entity.country == actor.entity.country:
                    actor = speaker
            if actor is not None and previous is not None and actor.start > previous.position \
                    and same_thing(actor.entity, previous.subject):
                actor = previous.actor  # "Italy opened a probe into DeepSeek and blocked it"
            if actor is None:
                actor = named_org_before(text, trig.start, roles)  # "Acme Robotics bans ..."
            if actor is None:
                actor = staff_org(text, trig.start, roles)  # "Staff at Acme can no longer use"
            pronoun = _pronoun_before(roles, trig.start)
            if pronoun is not None and (actor is None or actor.end <= pronoun[0]):
                resolved = resolve_pronoun(ctx.recent, roles.actors, pronoun[0])
                if resolved is not None:
                    actor = Role(resolved.entity, pronoun[0], pronoun[1], text[pronoun[0]:
                                 pronoun[1]], resolved.generic, anaphor=True)
            if actor is None or actor.entity.type in ("vendor", "product") and any(
                    s.entity.id == actor.entity.id for s in roles.subjects):
                speaker = _speaker_after(roles.actors, trig.end, text)
                if speaker is not None and not (speaker.anaphor and actor is not None):
                    actor = speaker  # not "..., the company confirmed": that is the actor again
            verb_end = trig.start + len(trig.surface.split()[0])
            subject = _after(roles.subjects, verb_end, exclude=actor, text=text)
            if subject is not None and _AFFECTED.match(text, subject.end):
                affected = subject.entity  # "cutting off Windsurf's access to Claude"
                subject = _after(roles.subjects, subject.end, exclude=actor, text=text)
            elif subject is not None and actor is not None and actor.entity.type == "vendor" \
                    and subject.entity.type == "vendor" and _FROM_USING.match(text, subject.end):
                own = _after(roles.subjects, subject.end, exclude=None, text=text)
                if own is not None and owns(actor.entity, own.entity):
                    # "Anthropic blocked OpenAI from using Claude Code": OpenAI is cut off
                    affected, subject = subject.entity, own
            if subject is None:
                subject = _before([s for s in roles.subjects
                                   if actor is None or s.entity.id != actor.entity.id],
                                  trig.start)
    if actor is None and not roles.actors and (
            trig.surface.lower().startswith("access")
            or trig.kind == "noun" and _ends(_DEFINITE, text, trig.start, 30)):
        actor = _nearby_actor(ctx, subject)  # "access was restored", "the original ban"
    if actor is None or actor.entity.type == "product":
        return None
    if trig.action == "warn" and (trig.kind == "noun" or _WARN_THAT.match(trig.surface)) and (
            actor.entity.type not in GOVERNMENT_TYPES or _WARN_THAT.match(trig.surface)
            and not _RISK.search(text, trig.end, trig.end + 160)):
        return None  # "analysts warned that ...": only an authority's warning of a risk counts
    explicit = subject is not None
    subject_entity = subject.entity if subject is not None else None
    if subject_entity is None and actor.entity.type == "vendor" and (
            _target_places(roles.places, actor) or trig.kind == "vendor") and \
            not lexicon.non_ai_apps.search(text):
        subject_entity, explicit = actor.entity, True
    if subject_entity is None and affected is not None and actor.entity.type == "vendor" and \
            affected.id != actor.entity.id:
        subject_entity, explicit = actor.entity, True  # "OpenAI revoked Anthropic's access"
    if subject_entity is None and ctx.focus is not None and \
            (generic_object or GENERIC_OBJECT.search(text, 0 if passive else trig.start)) and \
            not lexicon.non_ai_apps.search(text):
        subject_entity = ctx.focus
    if subject_entity is None:
        return None
    # an AI product named in the sentence ("after it used GPT") says the act is about AI
    ai_named = any(r.entity.type == "product" for r in roles.subjects)
    if subject_entity.type == "vendor" and lexicon.non_ai_apps.search(text) and \
            _OWNER.search(text) and not ai_named:
        return None  # "TikTok's parent ByteDance": the app is not an AI tool
    own_apps = lexicon.vendor_apps.get(subject_entity.id) if subject_entity.type == "vendor" \
        else None
    if own_apps is not None and own_apps.search(text) and not ai_named:
        return None  # "requiring ByteDance to sell TikTok": about the vendor's non-AI app
    if actor.entity.type == "vendor" and subject_entity.type == "vendor" and explicit and \
            trig.surface.lower().startswith("cut") and subject_entity.id != actor.entity.id:
        affected, subject_entity = subject_entity, actor.entity  # "Anthropic cuts off Windsurf"
    if affected is not None and same_thing(affected, subject_entity):
        affected = None  # "suspended Meta's use of data": Meta is what is restricted
    self_restriction = owns(actor.entity, subject_entity)
    if subject_entity.id == actor.entity.id and not self_restriction:
        return None
    if self_restriction and affected is None and not (
            _target_places(roles.places, actor) or _TARGET_WORDS.search(text)
            or explicit and trig.action in ("suspend", "lift") and _ACCESS.match(text, trig.end)):
        return None  # a vendor's own product rules are news only with a target or a pause
    action = trig.action
    if trig.kind == "told" and advice:
        action = "warn"  # "told staff to avoid ChatGPT": advice, not a prohibition
    if self_restriction and lexicon.self_off_topic.search(text):
        return None  # usage caps, age checks: a vendor's product rules, not restrictions
    if self_restriction and action == "ban":
        action = "restrict"
    regions = _regions(actor, self_restriction, roles.places, text, trig)
    if action == "ban" and regions and actor.entity.type in ("company", "organisation"):
        action = "restrict"  # a firm's ban for its staff in one place limits, not prohibits
    replacement = _replacement(roles.subjects, text, trig.end, subject_entity)
    found = Found(
        action=action, actor=actor, subject=subject_entity, explicit_subject=explicit,
        self_restriction=self_restriction, regions=regions, sentence_index=ctx.index,
        position=trig.start, evidence=text, affected=affected, replacement=replacement,
    )
    attach_sentence_dates(found, dates, trig.start, trig.end, text)
    found.background = _background(text, trig) or _in_time_clause(text, trig, roles)
    found.vague = _VAGUE.search(trig.surface) is not None
    if found.vague and subject_entity.type != "product":
        return None  # "Brussels moves against Apple": too often not about an AI tool
    found.reasons.append(f"trigger:{trig.surface.lower()}")
    return found


def lexicon_app(name: str) -> bool:
    from offlimits.extract.triggers import load_lexicon

    return load_lexicon().non_ai_apps.search(name) is not None


def named_org_before(text: str, pos: int, roles: SentenceRoles) -> Role | None:
    """A name the gazetteer lacks, right before the verb: `Acme Robotics bans ChatGPT`."""
    m = _NAME_BEFORE.search(text, max(0, pos - 80), pos)
    if m is None:
        return None
    if m.group("name").split()[0] in ("The", "A", "An", "Its", "Their"):
        return None  # "the TikTok ban": a modifier, not a subject
    return unknown_org(text, m.start("name"), m.end("name"), roles)


def staff_org(text: str, pos: int, roles: SentenceRoles) -> Role | None:
    """The organisation whose people are named before `pos`: "bankers at Northwind Capital",
    "Northwind Capital bankers", "Goldman Sachs staff in Hong Kong" (known or not)."""
    found = None
    for m in _STAFF_OF.finditer(text, max(0, pos - 120), pos):
        found = m
    if found is None:
        return None
    group = "a" if found.group("a") else "b"
    start, end = found.start(group), found.end(group)
    for a in roles.actors:
        if a.start < end and start < a.end and not a.generic and not a.anaphor:
            return a
    return unknown_org(text, start, end, roles)


def unknown_org(text: str, start: int, end: int, roles: SentenceRoles) -> Role | None:
    """The one test of a name the gazetteer lacks (`text[start:end]`, capitalised words):
    leading function words and titles dropped; two to four words, or one with a company
    suffix, an inner capital or all capitals; not an AI name, an app or a place. Typed by
    its head: `Judge X` a court, `... Health Service` or `... Ministry` public, `...
    University` an organisation, else a company."""
    words = text[start:end].split()
    while words and words[0] in _NOT_NAMES:
        start = text.index(words[1], start + len(words[0])) if len(words) > 1 else end
        words = words[1:]
    name = " ".join(words)
    if not words or any(w in _NOT_NAMES for w in words) or lexicon_app(name):
        return None
    if len(words) == 1 and not (re.search(r"[a-z][A-Z]", name) or name.isupper() and
                                len(name) > 2 or _COMPANY_SUFFIX.search(name)):
        return None
    stop = start + len(name)
    if any(s.start < stop and start < s.end for s in roles.subjects) or any(
            p.start < stop and start < p.end for p in roles.places):
        return None
    entity = Entity(id=slugify(name), name=name, type=_unknown_type(words), known=False)
    return Role(entity, start, stop, name)


_PUBLIC_HEADS = {"Ministry", "Department", "Agency", "Council", "Service", "Services",
                 "Authority", "Commission", "Office", "Government", "Administration", "Police",
                 "Parliament", "Assembly", "Senate", "Directorate", "Bureau", "Board"}
_ORGANISATION_HEADS = {"University", "College", "School", "Schools", "Institute", "Hospital",
                       "Association", "Foundation", "Academy", "District", "Library"}


def _unknown_type(words: list[str]) -> str:
    if words[0] in ("Judge", "Justice", "Court") or words[-1] == "Court":
        return "court"
    if _PUBLIC_HEADS & set(words):
        return "government"
    if _ORGANISATION_HEADS & set(words):
        return "organisation"
    return "company"


def _nearby_actor(ctx: SentenceContext, subject: Role | None) -> Role | None:
    """The actor of the previous sentences, unless it is the subject's own vendor."""
    for role in ctx.nearby:
        if subject is None or not same_thing(role.entity, subject.entity):
            if subject is None and ctx.focus is not None and same_thing(role.entity, ctx.focus):
                continue
            return role
    return None


def _ordered_object(text: str, trig: Trigger, roles: SentenceRoles) -> tuple[int, int] | None:
    """`ordered DeepSeek blocked`, `had the chatbot suspended`: where the ordering verb and
    its object start, when a participle trigger follows its object."""
    m = _ORDER_OBJECT.search(text, max(0, trig.start - 80), trig.start)
    if m is None:
        return None
    obj_start = m.start("obj")
    has_object = any(obj_start <= r.start < trig.start for r in roles.subjects) or \
        GENERIC_OBJECT.search(text, obj_start, trig.start) is not None
    return (m.start(), obj_start) if has_object else None


def _head_of_list(actor: Role | None, actors: list[Role], text: str, pos: int) -> Role | None:
    """`Several South Korean bodies, including the industry ministry and the police, blocked
    it`: the head named before the parenthetical list acts, not its last member."""
    if actor is None:
        return None
    found = list(_INCLUDING.finditer(text, 0, actor.start))
    m = found[-1] if found else None
    if m is None or "," not in text[actor.end:pos] or re.search(r"[;:]", text[m.end():pos]):
        return actor
    head = _before([a for a in actors if a.end <= m.start()], m.start())
    if head is None or not re.fullmatch(r"[\s\w'\u2019-]*", text[head.end:m.start()]):
        return actor
    return head


def _commander(actor: Role | None, actors: list[Role], text: str, trig: Trigger) -> Role | None:
    """`Abbott ordered state agencies to ban ...`: the one who ordered, not the one ordered.
    `Australia joins Italy in banning ...`: the one who joins."""
    if actor is None:
        return None
    gap = text[actor.end:trig.start]
    if _FORCED.search(gap):  # "the company will be forced to block": not its own decision
        return None
    if not gap.strip() and _ends(_CAUSATIVE, text, actor.start, 30):
        return _before([a for a in actors if a.end <= actor.start], actor.start)  # "makes X pause"
    if re.fullmatch(r"\s+(?:\S+\s+){0,3}?to\s+(?:\w+\s+)?", gap):
        head = actor
        while True:
            if _ends(_ORDERED, text, head.start, 40):
                boss = _before([a for a in actors if a.end <= head.start], head.start)
                return boss  # None when the one who ordered is not named
            prev = _before([a for a in actors if a.end <= head.start], head.start)
            if prev is None or not _COORDINATION.fullmatch(text[prev.end:head.start]):
                break
            head = prev
    m = _JOINS.search(text, max(0, trig.start - 120), trig.start)
    if m is not None and actor.start > m.start():
        joiner = _before([a for a in actors if a.end <= m.start()], m.start())
        if joiner is not None:
            return joiner
    return actor


def _ends(pattern: re.Pattern, text: str, pos: int, window: int = 80) -> bool:
    """Does `pattern` (anchored with `$`) match the text just before `pos`?"""
    return pattern.search(text, max(0, pos - window), pos) is not None


def _before(roles: list[Role], pos: int) -> Role | None:
    best = None
    for r in roles:
        if r.end <= pos and (best is None or r.start > best.start):
            best = r
    return best


def _after(roles: list[Role], pos: int, exclude: Role | None = None,
           limit: int | None = None, text: str = "") -> Role | None:
    ordered = sorted(roles, key=lambda r: r.start)
    for i, r in enumerate(ordered):
        if r.start >= pos and (limit is None or r.start - pos <= limit):
            if exclude is not None and r.entity.id == exclude.entity.id:
                continue
            nxt = ordered[i + 1] if i + 1 < len(ordered) else None
            if nxt is not None and nxt.entity.type == "product" and \
                    re.fullmatch(r"(?:['\u2019]s?)?\s*", text[r.end:nxt.start]):
                return nxt  # "Microsoft's Copilot": the product, not the vendor
            return r
    return None


def _speaker_after(actors: list[Role], pos: int, text: str) -> Role | None:
    """`"... blocked," a defence ministry official said`: the actor who said it."""
    for a in sorted(actors, key=lambda r: r.start):
        if a.start >= pos and re.match(
                r"\s*(?:\w+\s+){0,2}?(?:said|says|announced|confirmed|stated|told|added|"
                r"spokes(?:person|man|woman) said)\b", text[a.end:]):
            return a
    return None


def _by_agent(actors: list[Role], pos: int, text: str) -> Role | None:
    for a in sorted(actors, key=lambda r: r.start):
        if a.start >= pos and _BY_AGENT.search(text[pos:a.start]):
            return a
    return None


def _place_after(actors: list[Role], pos: int, text: str) -> Role | None:
    for a in sorted(actors, key=lambda r: r.start):
        if a.start >= pos and a.start - pos < 60 and a.entity.type in GOVERNMENT_TYPES \
                and _ends(_IN_PLACE, text, a.start):
            return a
    return None


def _place_role(places: list[Place], pos: int, text: str,
                places_table: Places | None = None) -> Role | None:
    """`banned in Italy`, `prohibited on Virginia state devices`: that place's government."""
    for p in places:
        if p.start >= pos and p.start - pos < 40 and p.kind != "demonym" \
                and _ends(_IN_PLACE, text, p.start):
            return Role(place_entity(p, places_table), p.start, p.end, p.surface, generic=True)
    return None


def _right_after_subject(subjects: list[Role], trig: Trigger, text: str) -> bool:
    """Headline passive: "DeepSeek prohibited in New York", "ChatGPT banned by Italy"."""
    prev = _before(subjects, trig.start)
    if prev is None or re.fullmatch(r"[\s,]*(?:\w+ly\s+)?", text[prev.end:trig.start]) is None:
        return False
    verb_end = trig.start + len(trig.surface.split()[0])
    return re.match(r"\s*(?:$|[,.;:!?)\u2013\u2014-]|(?:in|by|from|for|on|at|across|over|"
                    r"amid|after|as|until|throughout|nationwide|again)\b)",
                    text[verb_end:], re.IGNORECASE) is not None


def _pronoun_before(roles: SentenceRoles, pos: int) -> tuple[int, int] | None:
    for start, end in reversed(roles.pronouns):
        if end <= pos:
            gap = roles.text[end:pos]
            if re.fullmatch(r"\s+(?:(?:has|have|had|will|would|is|are|was|were|also|now|"
                            r"already|then|had|since|been|be|to|\w+ly)\s+)*", gap):
                return start, end
            return None
    return None


def _target_places(places: list[Place], actor: Role) -> list[Place]:
    """Places a vendor's restriction can target: not its own name, not its home demonym."""
    home = actor.entity.country
    return [p for p in places if not (actor.start <= p.start < actor.end)
            and not (p.kind == "demonym" and p.code == home)]


def coordinated(actor: Role, actors: list[Role], text: str) -> list[Role]:
    """`JPMorgan, Citi and Verizon banned it`: the actors listed with `actor`, in order."""
    group = [actor]
    current = actor
    for other in sorted((a for a in actors if a.end <= actor.start), key=lambda a: -a.start):
        if other.entity.id == current.entity.id:
            continue
        gap = text[other.end:current.start]
        if current is actor and not re.search(r"\b(?:and|or)\b|&|as well as", gap):
            break  # "X, Y banned it" is apposition, not a list
        if not _COORDINATION.fullmatch(gap) and not re.fullmatch(
                r"\s*(?:Inc|Corp|Co|Ltd|AG|plc|Group)?\.?\s*(?:&\s*Co\.?)?\s*(?:,|,?\s+and|,?\s+or)"
                r"\s*(?:the\s+)?", gap):
            break
        if _actor_class(other.entity) != _actor_class(actor.entity):
            break
        group.insert(0, other)
        current = other
    return group


def _actor_class(entity: Entity) -> str:
    return "org" if entity.type in ("company", "vendor", "organisation") else "public"


def same_thing(a: Entity, b: Entity) -> bool:
    """The same AI thing: one entity, or a product and its vendor."""
    return a.id == b.id or a.id == b.vendor_id or a.vendor_id == b.id


def owns(actor: Entity, subject: Entity) -> bool:
    """Is `subject` the vendor `actor` itself or one of its products?"""
    if actor.type != "vendor":
        return False
    return subject.id == actor.id or subject.vendor_id == actor.id


def _places_after(places: list[Place], actor: Role, pos: int) -> list[Place]:
    return [p for p in places
            if p.start >= max(pos, 0) and not (actor.start <= p.start < actor.end)]


def _regions(actor: Role, self_restriction: bool, places: list[Place], text: str,
             trig: Trigger) -> tuple[str, ...]:
    entity = actor.entity
    if entity.type in GOVERNMENT_TYPES:
        return (entity.country,) if entity.country else ()
    codes: list[str] = []
    if self_restriction:
        cause = CAUSE.search(text, trig.end)
        if any(p.start >= trig.start for p in places):
            places = [p for p in places if p.start >= trig.start]  # targets follow the verb
        for p in places:
            if actor.start <= p.start < actor.end or p.code == entity.country:
                continue
            if cause is not None and p.start >= cause.start():
                continue  # "... in the EU after Ireland's regulator objected"
            if p.code not in codes:
                codes.append(p.code)
        return tuple(codes)
    for p in places:
        if p.code in codes or p.kind == "demonym" and p.code == entity.country:
            continue
        if p.start > trig.end and _ends(_IN_ONLY, text, p.start, 12) or \
                _PLACE_STAFF.match(text, p.end) or _ends(_STAFF_IN, text, p.start, 50):
            codes.append(p.code)  # "banned it in Hong Kong", "its Hong Kong staff"
    return tuple(codes)


def _replacement(subjects: list[Role], text: str, pos: int, subject: Entity) -> Entity | None:
    for s in subjects:
        if s.start >= pos and s.entity.id != subject.id and _ends(_REPLACEMENT, text, s.start):
            return s.entity
    return None


def _in_time_clause(text: str, trig: Trigger, roles: SentenceRoles) -> bool:
    """`X said on Friday, four weeks after the regulator blocked it`: the trigger is in a
    clause of its own with its own subject, dated relative to the main news."""
    found = list(_TIME_CLAUSE.finditer(text, max(0, trig.start - 100), trig.start))
    if not found:
        return False
    m = found[-1]
    if not text[:m.start()].strip(" \"'\u201c") or re.search(r"[,;:]", text[m.end():trig.start]):
        return False
    return any(m.end() <= a.start < trig.start for a in roles.actors)


def _background(text: str, trig: Trigger) -> bool:
    if _BACKGROUND.search(text):
        return True
    return trig.kind == "noun" and _ends(_AFTER_NOUN, text, trig.start)
