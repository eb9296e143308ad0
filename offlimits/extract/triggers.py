"""The restriction-trigger lexicon (`triggers.yml`), compiled once into one regex."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
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
    prefixes: frozenset[str]  # the first three letters (lowercase) a trigger can start with
    participles: frozenset[str]
    off_topic: re.Pattern
    self_off_topic: re.Pattern
    non_ai_apps: re.Pattern
    vendor_apps: dict[str, re.Pattern] = field(default_factory=dict)  # vendor id -> its apps

    def find(self, sentence: str) -> list[Trigger]:
        """Every trigger in `sentence`, left to right, longest first.

        Only words whose first letters start some trigger are tried: one dictionary lookup
        per word instead of the whole alternation at every character.
        """
        out = []
        last_end = 0
        for word in _WORD.finditer(sentence):
            if word.start() < last_end:
                continue
            w = word.group().lower()
            if w[:3] not in self.prefixes and w[:2] not in self.prefixes:
                continue
            m = self.regex.match(sentence, word.start())
            if m is None:
                continue
            last_end = m.end()
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
    prefixes: set[str] = set()
    for _, pattern in parts:
        prefixes.update(first_letters(pattern))
    return Lexicon(
        regex=regex,
        labels=labels,
        prefixes=frozenset(prefixes),
        participles=frozenset(data.get("participles") or ()),
        off_topic=_any(data.get("off_topic") or []),
        self_off_topic=_any(data.get("self_off_topic") or []),
        non_ai_apps=_any(data.get("non_ai_apps") or []),
        vendor_apps={vendor: re.compile(r"\b(?:" + "|".join(re.escape(a) for a in apps) + r")\b")
                     for vendor, apps in (data.get("vendor_apps") or {}).items() if apps},
    )


_WORD = re.compile(r"[A-Za-z]+")


def first_letters(pattern: str) -> set[str]:
    """The lowercase first (two or) three letters of every word `pattern` can start with.

    Understands what the lexicon uses at the start of a pattern: literals, `(?:a|b|c)` groups
    (optional ones too) and `\\w`-free text; anything else raises, so a new construction in
    the lexicon is noticed instead of silently never matching.
    """
    if pattern.startswith("(?:"):
        depth, close = 0, 0
        for close, ch in enumerate(pattern):  # noqa: B007 - `close` is used after the loop
            depth += ch == "("
            depth -= ch == ")"
            if depth == 0:
                break
        inner, rest = pattern[3:close], pattern[close + 1:]
        out: set[str] = set()
        for alternative in _split_top(inner):
            out |= first_letters(alternative + (rest.lstrip("?") if rest[:1] != "?" else ""))
        if rest.startswith("?"):
            out |= first_letters(rest[1:].lstrip())
        return out
    m = re.match(r"[A-Za-z]+", pattern)
    if m is None:
        raise ValueError(f"cannot index the trigger pattern {pattern!r}")
    word = m.group()
    if len(word) < 2:
        raise ValueError(f"trigger pattern {pattern!r} must start with a literal word")
    return {word[:3].lower()}


def _split_top(text: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _any(patterns: list[str]) -> re.Pattern:
    if not patterns:
        return re.compile(r"(?!x)x")
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
