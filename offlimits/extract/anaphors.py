"""The nouns that refer back to an earlier actor, per language (`anaphors.yml`), checked when
loaded. `english_pattern` finds "the company", "its regulator"; `phrases` gives the other
languages' phrases as written, with the actor types each may refer to."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from offlimits.extract.model import ENTITY_TYPES

ANAPHORS_FILE = Path(__file__).with_name("anaphors.yml")


@lru_cache(maxsize=4)
def load_anaphors(path: str | None = None) -> dict[str, dict[str, tuple[str, ...]]]:
    """{language: {noun or phrase (lowercase): actor types}}; errors name the file and entry."""
    source = Path(path or ANAPHORS_FILE)
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "en" not in data:
        raise ValueError(f"{source}: expected a mapping of languages with 'en'")
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for language, nouns in data.items():
        if not isinstance(nouns, dict) or not nouns:
            raise ValueError(f"{source}: {language}: expected a mapping of nouns to types")
        for noun, types in nouns.items():
            if not isinstance(types, list) or not types or \
                    not set(types) <= set(ENTITY_TYPES):
                raise ValueError(f"{source}: {language}.{noun}: types must be a list of "
                                 f"{', '.join(ENTITY_TYPES)}")
        out[str(language)] = {str(n).lower(): tuple(t) for n, t in nouns.items()}
    return out


@lru_cache(maxsize=4)
def english_pattern(path: str | None = None) -> re.Pattern:
    """ "the company", "Its regulator" (not "the company's products"), group `noun`."""
    nouns = load_anaphors(path)["en"]
    return re.compile(
        r"\b(?:the|The|its|Its)\s+(?P<noun>" + "|".join(
            re.escape(n) for n in sorted(nouns, key=len, reverse=True))
        + r")\b(?!['\u2019]s\s+(?:\w+\s+)?(?:products?|services?|devices?))",
        re.IGNORECASE)
