"""The extractor's input and output records. Plain data, shared by extract, store and web."""

from __future__ import annotations

from dataclasses import dataclass, field

ACTIONS = ("ban", "restrict", "suspend", "lift", "investigate", "warn")
ENTITY_TYPES = (
    "vendor", "product", "company", "government", "regulator", "legislature",
    "military", "court", "organisation",
)
DATE_PRECISIONS = ("day", "month", "year")


@dataclass(frozen=True)
class ArticleText:
    """What the extractor reads: one article's text and the little it knows about it."""

    id: str
    title: str
    text: str
    url: str | None = None
    published: str | None = None  # YYYY-MM-DD
    language: str | None = None  # the source's declared language (ISO 639-1), when given


@dataclass(frozen=True)
class Entity:
    """A vendor, product, organisation or government, normalised.

    `id` is a stable slug (`anthropic`, `claude-code`, `gov-cz`): the same thing always gets
    the same id, whether it came from the gazetteer or was recognised in text.
    """

    id: str
    name: str
    type: str  # one of ENTITY_TYPES
    country: str | None = None  # ISO 3166-1 alpha-2, or "EU"
    vendor_id: str | None = None  # for products: the vendor's entity id
    aliases: tuple[str, ...] = ()
    known: bool = True  # False when recognised from text and not in the gazetteer


@dataclass(frozen=True)
class EntityMention:
    entity: Entity
    count: int
    surfaces: tuple[str, ...] = ()  # the other names the text used for it ("Privacy Guarantor")


@dataclass(frozen=True)
class Event:
    """One restriction event as one article reports it."""

    action: str  # one of ACTIONS
    evidence: str
    actor: Entity | None = None
    vendor: Entity | None = None
    product: Entity | None = None
    affected: Entity | None = None
    replacement: Entity | None = None
    regions: tuple[str, ...] = ()
    date: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY as date_precision says
    date_precision: str | None = None  # one of DATE_PRECISIONS
    effective_date: str | None = None  # YYYY-MM-DD
    background: bool = False  # cited in passing (an earlier event), not reported as news


@dataclass(frozen=True)
class Extraction:
    relevant: bool
    score: float
    reasons: tuple[str, ...] = ()
    entities: tuple[EntityMention, ...] = ()
    events: tuple[Event, ...] = field(default_factory=tuple)
