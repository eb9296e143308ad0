"""The cheap test on title + summary that decides whether an article page is worth fetching."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field


def _unspaced(char: str) -> bool:
    """Scripts written without spaces between words (CJK, kana, Hangul): no word edges."""
    code = ord(char)
    return 0x3040 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF


def _term_pattern(term: str) -> str:
    """A regex for one term: whole words, flexible spaces, a trailing `*` as a prefix match."""
    prefix = term.endswith("*")
    core = term.rstrip("*")
    body = r"\s+".join(re.escape(word) for word in core.split())
    start = "" if _unspaced(core[0]) else r"(?<!\w)"
    end = r"\w*" if prefix else ("" if _unspaced(core[-1]) else r"(?!\w)")
    return start + body + end


def compile_terms(terms: Iterable[str]) -> re.Pattern[str]:
    """One case-insensitive alternation for a list of terms (longest first)."""
    cleaned = sorted({t.strip() for t in terms if t and t.strip()}, key=len, reverse=True)
    if not cleaned:
        raise ValueError("a term list must not be empty")
    return re.compile("|".join(_term_pattern(t) for t in cleaned), re.IGNORECASE)


_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class TermSet:
    """Terms as word sets, for a fast test on tokens: whole words, `*` for a prefix, and
    several words as a phrase (matched on the text's words with single spaces)."""

    words: frozenset[str]
    prefixes: tuple[str, ...]
    phrases: tuple[str, ...]  # " word word " with the surrounding spaces
    unspaced: tuple[str, ...] = ()  # CJK and Hangul terms: found anywhere in the text

    @classmethod
    def of(cls, terms: Iterable[str]) -> TermSet:
        words, prefixes, phrases, unspaced = set(), [], [], []
        for term in terms:
            core = term.strip().rstrip("*").lower()
            if core and any(_unspaced(char) for char in core):
                unspaced.append(core)
                continue
            parts = _WORD.findall(core)
            if not parts:
                continue
            if len(parts) > 1:
                phrases.append(" " + " ".join(parts) + ("" if term.endswith("*") else " "))
            elif term.endswith("*"):
                prefixes.append(parts[0])
            else:
                words.add(parts[0])
        return cls(frozenset(words), tuple(prefixes), tuple(phrases), tuple(unspaced))

    def found_in(self, tokens: list[str], joined: str, text: str) -> bool:
        if not self.words.isdisjoint(tokens):
            return True
        if self.prefixes and any(t.startswith(self.prefixes) for t in tokens):
            return True
        if any(phrase in joined for phrase in self.phrases):
            return True
        return any(term in text for term in self.unspaced)


@dataclass(frozen=True)
class Prefilter:
    """An item may matter when its title + summary name an AI term AND a restriction term.

    Terms match whole words, case-insensitively; `restrict*` matches restrict, restricts,
    restricted, restriction, ...
    """

    ai_terms: tuple[str, ...]
    restriction_terms: tuple[str, ...]
    _ai: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _restriction: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _ai_set: TermSet = field(init=False, repr=False, compare=False)
    _restriction_set: TermSet = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_ai", compile_terms(self.ai_terms))
        object.__setattr__(self, "_restriction", compile_terms(self.restriction_terms))
        object.__setattr__(self, "_ai_set", TermSet.of(self.ai_terms))
        object.__setattr__(self, "_restriction_set", TermSet.of(self.restriction_terms))

    def matches(self, *texts: str | None) -> bool:
        """True when the joined texts contain an AI term and a restriction term."""
        text = " ".join(t for t in texts if t).lower()
        tokens = _WORD.findall(text)
        joined = " " + " ".join(tokens) + " "
        return (self._ai_set.found_in(tokens, joined, text)
                and self._restriction_set.found_in(tokens, joined, text))

    def reasons(self, *texts: str | None) -> tuple[str | None, str | None]:
        """The first AI term and restriction term found (None where missing), for logs."""
        text = " ".join(t for t in texts if t)
        ai, restriction = self._ai.search(text), self._restriction.search(text)
        return (ai.group(0) if ai else None, restriction.group(0) if restriction else None)
