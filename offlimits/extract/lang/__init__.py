"""Per-language restriction vocabulary (one YAML file per language), checked when loaded."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from offlimits.extract.model import ACTIONS

LANG_DIR = Path(__file__).parent


class LexiconError(ValueError):
    """A language file that breaks the schema; the message names the file and the key."""


@dataclass(frozen=True)
class LanguageLexicon:
    language: str
    triggers: dict[str, tuple[str, ...]]  # action -> trigger words and phrases
    prefilter_terms: tuple[str, ...]  # flat list for the scrapers' prefilter


def _terms(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise LexiconError(f"{where}: expected a non-empty list of words")
    if not all(isinstance(t, str) and t.strip() for t in value):
        raise LexiconError(f"{where}: every entry must be a non-empty string")
    return tuple(t.strip() for t in value)


def load_lexicon(code: str, lang_dir: Path = LANG_DIR) -> LanguageLexicon:
    """The checked vocabulary of language `code` from `<lang_dir>/<code>.yml`."""
    path = lang_dir / f"{code}.yml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise LexiconError(f"{path}: cannot read ({e})") from None
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: expected a mapping")
    unknown = set(data) - {"language", "triggers", "prefilter_terms"}
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
    return LanguageLexicon(
        language=code,
        triggers={a: _terms(w, f"{path}: triggers.{a}") for a, w in triggers.items()},
        prefilter_terms=_terms(data.get("prefilter_terms"), f"{path}: prefilter_terms"),
    )
