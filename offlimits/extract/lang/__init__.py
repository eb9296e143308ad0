"""Per-language restriction vocabulary and clause cues (one YAML file per language), checked
when loaded.

A file gives, for one language: `triggers` (action -> words), the `prefilter_terms` the scrapers
match, and the cues the multilingual reader (`offlimits.extract.foreign`) scopes to a clause:
`negation` and `hedges` (words that deny or hedge a trigger near it), `agent_markers` (the
"by" of a passive), `authorities` (role -> nouns such as "Datenschutzbehörde", resolved to a
country's known body through the gazetteer's roles), `demonyms` (country code -> adjective
stems), `places` (names the CLDR list lacks), `start_cues` (words that make a date the start of
a restriction), `locatives` ("in", "en": a place after one is where, not who) and
`list_separators`. Words match at a word start and may inflect (a
stem), except in scripts written without spaces, where they match anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from offlimits.extract.model import ACTIONS

LANG_DIR = Path(__file__).parent
SCRIPTS = ("latin", "cjk")
ROLES = ("privacy", "regulator", "government", "competition", "consumer", "education")
_OPTIONAL_LISTS = ("negation", "hedges", "agent_markers", "start_cues", "list_separators",
                   "background", "locatives")


class LexiconError(ValueError):
    """A language file that breaks the schema; the message names the file and the key."""


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: compiled tables cache on it
class LanguageLexicon:
    language: str
    triggers: dict[str, tuple[str, ...]]  # action -> trigger words and phrases
    prefilter_terms: tuple[str, ...]  # flat list for the scrapers' prefilter
    script: str = "latin"  # latin: words at word starts; cjk: substrings
    negation: tuple[str, ...] = ()
    hedges: tuple[str, ...] = ()
    agent_markers: tuple[str, ...] = ()
    start_cues: tuple[str, ...] = ()
    list_separators: tuple[str, ...] = ()
    background: tuple[str, ...] = ()
    locatives: tuple[str, ...] = ()  # prepositions that make a place a location, not an actor
    authorities: dict[str, tuple[str, ...]] = field(default_factory=dict)  # role -> nouns
    demonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # code -> stems
    places: dict[str, str] = field(default_factory=dict)  # extra place name -> code


def _terms(value: object, where: str, strip: bool = True) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise LexiconError(f"{where}: expected a non-empty list of words")
    if not all(isinstance(t, str) and t.strip() for t in value):
        raise LexiconError(f"{where}: every entry must be a non-empty string")
    return tuple(t.strip() if strip else t for t in value)


def _mapping(value: object, where: str, keys: tuple[str, ...] | None = None
             ) -> dict[str, tuple[str, ...]]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise LexiconError(f"{where}: expected a mapping")
    if keys is not None:
        bad = set(value) - set(keys)
        if bad:
            raise LexiconError(f"{where}: unknown keys {sorted(bad)} (allowed: {', '.join(keys)})")
    return {str(k): _terms(v, f"{where}.{k}") for k, v in value.items()}


def _codes(value: object, where: str) -> dict[str, tuple[str, ...]]:
    out = _mapping(value, where)
    bad = [k for k in out if not (len(k) == 2 and k.isupper())]
    if bad:
        raise LexiconError(f"{where}: keys must be ISO 3166-1 alpha-2 codes, not {bad}")
    return out


def load_lexicon(code: str, lang_dir: Path = LANG_DIR) -> LanguageLexicon:
    """The checked vocabulary of language `code` from `<lang_dir>/<code>.yml`."""
    path = lang_dir / f"{code}.yml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise LexiconError(f"{path}: cannot read ({e})") from None
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: expected a mapping")
    known = {"language", "triggers", "prefilter_terms", "script", "authorities", "demonyms",
             "places", *_OPTIONAL_LISTS}
    unknown = set(data) - known
    if unknown:
        raise LexiconError(f"{path}: unknown keys {sorted(unknown)}")
    if data.get("language") != code:
        raise LexiconError(f"{path}: 'language' must be {code!r}")
    triggers = data.get("triggers")
    if not isinstance(triggers, dict) or not triggers:
        raise LexiconError(f"{path}: 'triggers' must map actions to word lists")
    bad = set(triggers) - set(ACTIONS)
    if bad:
        raise LexiconError(f"{path}: unknown actions {sorted(bad)} (allowed: {', '.join(ACTIONS)})")
    script = data.get("script", "latin")
    if script not in SCRIPTS:
        raise LexiconError(f"{path}: script must be one of {', '.join(SCRIPTS)}")
    places: dict[str, str] = {}
    for place_code, names in _codes(data.get("places"), f"{path}: places").items():
        for name in names:
            places[name] = place_code
    lists = {key: _terms(data[key], f"{path}: {key}", strip=key != "list_separators")
             if key in data else () for key in _OPTIONAL_LISTS}
    return LanguageLexicon(
        language=code,
        triggers={a: _terms(w, f"{path}: triggers.{a}") for a, w in triggers.items()},
        prefilter_terms=_terms(data.get("prefilter_terms"), f"{path}: prefilter_terms"),
        script=script,
        authorities=_mapping(data.get("authorities"), f"{path}: authorities", ROLES),
        demonyms=_codes(data.get("demonyms"), f"{path}: demonyms"),
        places=places,
        **lists,
    )


@lru_cache(maxsize=16)
def cached_lexicon(code: str) -> LanguageLexicon:
    """`load_lexicon(code)` from the bundled files, loaded once per process (immutable)."""
    return load_lexicon(code)
