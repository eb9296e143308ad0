"""The restriction-trigger lexicon (`triggers.yml`), compiled once into one regex."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from offlimits.extract.model import ACTIONS

LEXICON_FILE = Path(__file__).with_name("triggers.yml")
KINDS = ("verb", "noun", "told", "vendor", "negated")


@dataclass(frozen=True)
class Trigger:
    """One restriction word or phrase found in a sentence."""

    action: str
    kind: str
    surface: str
    start: int
    end: int
    participle: bool  # a past participle: passive when after "be" or right after the subject


@dataclass(frozen=True)
class Lexicon:
    regex: re.Pattern
    labels: dict[str, tuple[str, str]]  # group name -> (action, kind)
    participles: frozenset[str]
    off_topic: re.Pattern
    self_off_topic: re.Pattern
    non_ai_apps: re.Pattern

    def find(self, sentence: str) -> list[Trigger]:
        """Every trigger in `sentence`, left to right, longest first."""
        out = []
        for m in self.regex.finditer(sentence):
            action, kind = self.labels[m.lastgroup]
            words = m.group().lower().split()[:2]
            participle = any(w.endswith(("ed", "en")) or w in self.participles for w in words)
            out.append(Trigger(action, kind, m.group(), m.start(), m.end(), participle))
        return out


@lru_cache(maxsize=2)
def load_lexicon(path: str | None = None) -> Lexicon:
    """Compile `triggers.yml`; errors name the file and the entry."""
    source = Path(path or LEXICON_FILE)
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    parts: list[tuple[str, str]] = []
    labels: dict[str, tuple[str, str]] = {}
    for action, kinds in (data.get("triggers") or {}).items():
        if action not in ACTIONS:
            raise ValueError(f"{source}: triggers.{action}: not one of {', '.join(ACTIONS)}")
        for kind, patterns in kinds.items():
            if kind not in KINDS:
                raise ValueError(f"{source}: triggers.{action}.{kind}: kind must be one of "
                                 f"{', '.join(KINDS)}")
            for i, pattern in enumerate(patterns):
                try:
                    re.compile(pattern)
                except re.error as e:
                    raise ValueError(f"{source}: triggers.{action}.{kind}[{i}]: {e}") from None
                name = f"t{len(labels)}"
                labels[name] = (action, kind)
                parts.append((name, pattern))
    # longer phrases first so "temporarily blocked" wins over "blocked"
    parts.sort(key=lambda p: len(p[1]), reverse=True)
    regex = re.compile(
        r"(?<![\w-])(?:" + "|".join(f"(?P<{n}>{p})" for n, p in parts) + r")(?![\w-])",
        re.IGNORECASE,
    )
    return Lexicon(
        regex=regex,
        labels=labels,
        participles=frozenset(data.get("participles") or ()),
        off_topic=_any(data.get("off_topic") or []),
        self_off_topic=_any(data.get("self_off_topic") or []),
        non_ai_apps=_any(data.get("non_ai_apps") or []),
    )


def _any(patterns: list[str]) -> re.Pattern:
    if not patterns:
        return re.compile(r"(?!x)x")
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
