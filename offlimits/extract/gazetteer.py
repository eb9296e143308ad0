"""The gazetteer: vendors, products and known actors from `data/entities.yml`, found in text fast.

All aliases are compiled into one regex, built once per gazetteer; `load_gazetteer()` caches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from offlimits.extract.model import ENTITY_TYPES, Entity
from offlimits.extract.names import name_key, slugify
from offlimits.extract.places import Places, region_name, subdivision_names
from offlimits.extract.trie import trie_pattern
from offlimits.settings import ENTITIES_FILE

ACTOR_TYPES = ("company", "government", "regulator", "legislature", "military", "court",
               "organisation")
# "Gemini 2.5 Pro", "Grok 3", "Qwen3", "Llama 3.1 405B", "Claude Opus 4.1": versions of a product
_VERSION = re.compile(
    r"(?:[ -]?(?:\d+(?:\.\d+)*[a-z]?|[A-Z]\d+(?:\.\d+)?)(?![\w.]\w))"
    r"(?:[ -](?:Pro|Flash|Nano|Ultra|Mini|mini|Max|Opus|Sonnet|Haiku|Turbo|Preview|Instruct|"
    r"Lite|Plus|Omni|Thinking|\d+(?:\.\d+)*[BbMm]?)(?![\w]))*"
)


class GazetteerError(ValueError):
    """The gazetteer file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Mention:
    """One gazetteer name found in text."""

    entity: Entity
    surface: str
    start: int
    end: int


class Gazetteer:
    """Entities by id and by alias, places, and a compiled alias matcher."""

    def __init__(self, entities: list[Entity], places: Places, versioned: set[str],
                 roles: dict[tuple[str, str], Entity], source: str = "<memory>",
                 parents: dict[str, str] | None = None,
                 case_sensitive: frozenset[str] = frozenset()) -> None:
        self.source = source
        self._parents = parents or {}
        self.places = places
        self._entities = list(entities)
        self._by_id = {e.id: e for e in entities}
        self._versioned = versioned
        self._roles = roles
        self._exact: dict[str, Entity] = {}
        self._folded: dict[str, Entity] = {}
        self._keys: dict[str, Entity] = {}
        exact_names: list[str] = []
        folded_names: list[str] = []
        for entity in entities:
            for alias in (entity.name, *entity.aliases):
                self._keys.setdefault(name_key(alias), entity)
                plain_word = re.fullmatch(r"[A-Z][a-z]+", alias) is not None
                # an acronym ("BIS", "AP", "KT") is a word in other languages ("bis", "ap")
                acronym = re.fullmatch(r"[A-Z]{2,5}", alias) is not None
                if plain_word or acronym or entity.id in _CASE_SENSITIVE or \
                        entity.id in case_sensitive:
                    self._exact.setdefault(alias, entity)
                    exact_names.append(alias)
                else:
                    self._folded.setdefault(alias.lower(), entity)
                    folded_names.append(alias.lower())
        # names written in other scripts get a pattern of their own, tried only on text that
        # has such characters: English text pays nothing for the Korean or Hindi names
        self._regex = _alias_pattern([n for n in folded_names if _latin(n)],
                                     [n for n in exact_names if _latin(n)])
        self._regex_other = _alias_pattern([n for n in folded_names if not _latin(n)],
                                           [n for n in exact_names if not _latin(n)])

    def entities(self) -> list[Entity]:
        """Every gazetteer entity: vendors, products (with vendor_id) and actors."""
        return list(self._entities)

    def get(self, entity_id: str) -> Entity | None:
        return self._by_id.get(entity_id)

    def resolve(self, name: str) -> Entity | None:
        """A name or alias (any case, punctuation, `the`) -> its entity, or None.

        Tries the whole name, then without a parenthesis (`Garante (Italy)`). Names the
        gazetteer does not hold ("Italy's privacy watchdog", "the Czech cabinet") are
        recognised by `offlimits.extract.actors.resolve_name`, which builds on this.
        """
        if not name:
            return None
        key = name_key(name)
        if key in self._keys:
            return self._keys[key]
        bare = re.sub(r"\s*\([^)]*\)\s*", " ", name).strip()
        if bare != name and name_key(bare) in self._keys:
            return self._keys[name_key(bare)]
        return None

    def owner(self, entity: Entity) -> str:
        """The id of the vendor that ultimately owns `entity` (GitHub Copilot -> microsoft)."""
        current = entity.vendor_id or entity.id
        for _ in range(5):
            parent = self._parents.get(current)
            if parent is None:
                break
            current = parent
        return current

    def resolve_known(self, name: str) -> Entity | None:
        """Like `resolve`, but only gazetteer entities (no recognition from text)."""
        return self._keys.get(name_key(name))

    def by_role(self, country: str, role: str) -> Entity | None:
        """The known actor that is `country`'s `role` (`IT`, `privacy`) -> the Garante."""
        return self._roles.get((country, role))

    def region_name(self, code: str) -> str:
        """`CN` -> `China`, `EU` -> `European Union`."""
        return region_name(code)

    def find(self, text: str) -> list[Mention]:
        """Every gazetteer name in `text`, longest match first, left to right."""
        out: list[Mention] = []
        last_end = 0
        matches = list(self._regex.finditer(text))
        if _NON_LATIN.search(text):
            matches = sorted([*matches, *self._regex_other.finditer(text)],
                             key=lambda m: (m.start(), -m.end()))
        for m in matches:
            if m.start() < last_end:
                continue
            surface = m.group()
            entity = self._exact.get(surface) or self._folded.get(surface.lower())
            if entity is None:
                continue
            end = m.end()
            if entity.id in self._versioned:
                v = _VERSION.match(text, end)
                if v and v.end() > end:
                    end = v.end()
                    surface = text[m.start():end]
                    entity = self._variant(entity, surface)
            out.append(Mention(entity, surface, m.start(), end))
            last_end = end
        return out

    def _variant(self, base: Entity, surface: str) -> Entity:
        surface = " ".join(surface.split())
        slug = slugify(surface)
        known = self._by_id.get(slug)
        if known:
            return known
        vendor = base.vendor_id if base.type == "product" else base.id
        return Entity(id=slug, name=surface, type="product", country=base.country,
                      vendor_id=vendor, known=False)


_NON_LATIN = re.compile(r"[^\x00-\u024f\u2000-\u206f]")


def _latin(name: str) -> bool:
    return _NON_LATIN.search(name[:1]) is None


def _alias_pattern(folded: list[str], exact: list[str]) -> re.Pattern:
    """One regex of all these names: folded (lowercase) ones case-insensitively, first, so
    that at one position "Apple Intelligence" beats "Apple"."""
    return re.compile(
        # a letter of an alphabet before a name joins it to a word; a CJK character does
        # not (scripts without spaces: "港大禁用ChatGPT", "카카오 딥시크를")
        r"(?<![A-Za-z0-9_\u00c0-\u024f\u0370-\u04ff@/])(?:(?i:" + trie_pattern(folded)
        + r")|" + trie_pattern(exact) + r")(?![A-Za-z_]|-\w*[A-Z0-9])"
    )


# products whose names are ordinary words or short codes: match them only as written
_CASE_SENSITIVE = frozenset({"openai-o1", "deepseek-r1", "glm", "gpt", "trae", "talkie",
                             "hailuo"})


@lru_cache(maxsize=8)
def _load_cached(path: str, mtime: float) -> Gazetteer:
    return parse_gazetteer(Path(path).read_text(encoding="utf-8"), path)


def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """Load `data/entities.yml` (or `path`); cached until the file changes."""
    path = Path(path or ENTITIES_FILE)
    try:
        mtime = path.stat().st_mtime
    except OSError as e:
        raise GazetteerError(f"{path}: cannot read the gazetteer: {e.strerror}") from None
    return _load_cached(str(path), mtime)


def parse_gazetteer(text: str, source: str = "<memory>") -> Gazetteer:
    """Build a Gazetteer from YAML text; errors name `source` and the entry."""
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as e:
        raise GazetteerError(f"{source}: not valid YAML: {e}") from None
    if not isinstance(data, dict):
        raise GazetteerError(f"{source}: expected a mapping with vendors/actors/places")
    entities: list[Entity] = []
    versioned: set[str] = set()
    case_sensitive: set[str] = set()
    roles: dict[tuple[str, str], Entity] = {}
    seen: dict[str, str] = {}
    parents: dict[str, str] = {}

    def add(entity: Entity, where: str) -> None:
        if entity.id in seen:
            raise GazetteerError(f"{source}: {where}: duplicate id {entity.id!r} "
                                 f"(also {seen[entity.id]})")
        seen[entity.id] = where
        entities.append(entity)

    for i, row in enumerate(_list(data, "vendors", source)):
        where = f"vendors[{i}]"
        name = _text(row, "name", source, where)
        where = f"vendors[{i}] ({name})"
        vid = row.get("id") or slugify(name)
        country = _country(row.get("country"), source, where)
        add(Entity(id=vid, name=name, type="vendor", country=country,
                   aliases=_aliases(row, source, where)), where)
        if row.get("parent"):
            parents[vid] = str(row["parent"])
        for j, prod in enumerate(_list(row, "products", source, where)):
            pwhere = f"{where}.products[{j}]"
            pname = _text(prod, "name", source, pwhere)
            pid = prod.get("id") or slugify(pname)
            add(Entity(id=pid, name=pname, type="product", country=country, vendor_id=vid,
                       aliases=_aliases(prod, source, pwhere)), f"{pwhere} ({pname})")
            if prod.get("versioned"):
                versioned.add(pid)
            if prod.get("case_sensitive"):
                case_sensitive.add(pid)
    for i, row in enumerate(_list(data, "actors", source)):
        where = f"actors[{i}]"
        name = _text(row, "name", source, where)
        where = f"actors[{i}] ({name})"
        kind = row.get("type")
        if kind not in ACTOR_TYPES:
            raise GazetteerError(f"{source}: {where}: type must be one of "
                                 f"{', '.join(ACTOR_TYPES)}, not {kind!r}")
        entity = Entity(id=row.get("id") or slugify(name), name=name, type=kind,
                        country=_country(row.get("country"), source, where),
                        aliases=_aliases(row, source, where))
        add(entity, where)
        for role in row.get("roles") or []:
            if entity.country:
                roles[(entity.country, str(role))] = entity
    places_row = data.get("places") or {}
    if not isinstance(places_row, dict):
        raise GazetteerError(f"{source}: places: expected a mapping")
    subs = places_row.get("subdivisions") or {}
    subdivisions = subdivision_names(list(subs.get("countries") or []),
                                     list(subs.get("exclude") or []))
    subdivisions.update(_codes(subs.get("extra"), source, "places.subdivisions.extra"))
    places = Places(_codes(places_row.get("names"), source, "places.names"),
                    _codes(places_row.get("demonyms"), source, "places.demonyms"),
                    subdivisions)
    assert all(e.type in ENTITY_TYPES for e in entities)
    for child, parent in parents.items():
        if parent not in seen:
            raise GazetteerError(f"{source}: {seen[child]}: parent {parent!r} is not a vendor id")
    return Gazetteer(entities, places, versioned, roles, source, parents,
                     frozenset(case_sensitive))


def _list(row: dict, key: str, source: str, where: str = "") -> list[dict]:
    value = row.get(key) or []
    label = f"{where}.{key}" if where else key
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise GazetteerError(f"{source}: {label}: expected a list of mappings")
    return value


def _text(row: dict, key: str, source: str, where: str) -> str:
    value = row.get(key)
    if not isinstance(value, str) or not value.strip():
        raise GazetteerError(f"{source}: {where}: missing or empty {key!r}")
    return value.strip()


def _aliases(row: dict, source: str, where: str) -> tuple[str, ...]:
    value = row.get("aliases") or []
    if not isinstance(value, list) or not all(isinstance(a, str) and a.strip() for a in value):
        raise GazetteerError(f"{source}: {where}: aliases must be a list of names")
    return tuple(a.strip() for a in value)


def _country(value: object, source: str, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not re.fullmatch(r"[A-Z]{2}", value):
        raise GazetteerError(f"{source}: {where}: country must be an ISO 3166-1 alpha-2 code "
                             f"such as 'US' (or 'EU'), not {value!r}")
    return value


def _codes(value: object, source: str, where: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise GazetteerError(f"{source}: {where}: expected a mapping of name: code")
    for name, code in value.items():
        _country(code, source, f"{where}.{name}")
    return {str(k): str(v) for k, v in value.items()}
