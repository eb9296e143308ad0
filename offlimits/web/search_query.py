"""A small search language turned into safe FTS5 syntax: words, "phrases", -exclusions.

Whatever a person types is safe: every term is quoted for FTS5, so quotes, operators,
brackets, NUL and control characters can never be an FTS5 syntax error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
#: What FTS5 MATCH gets when nothing searchable was typed: a term no row holds.
MATCH_NOTHING = '"qqzxoffl1mitsnomatchqqzx"'


@dataclass(frozen=True)
class SearchQuery:
    """Terms that must all appear (words or phrases) and terms that must not."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.include


def parse_search(text: str) -> SearchQuery:
    """Split `text` into included and excluded words and phrases."""
    include: list[str] = []
    exclude: list[str] = []
    for match in _TOKEN.finditer(_CONTROL.sub(" ", text or "")):
        minus, phrase, word_minus, word = match.groups()
        negated = bool(minus or word_minus)
        term = " ".join((phrase if phrase is not None else word).split())
        term = term.strip("\"")
        if not term or term == "-":
            continue
        (exclude if negated else include).append(term)
    return SearchQuery(tuple(include), tuple(exclude))


def _quoted(term: str) -> str:
    """One FTS5 string; a trailing * (word*) stays a prefix search."""
    if term.endswith("*") and term.strip("*"):
        return _quoted(term.rstrip("*")) + " *"
    return '"' + term.replace('"', '""') + '"'


def to_fts5(text: str) -> str:
    """FTS5 MATCH syntax for `text`; MATCH_NOTHING when it has no term to look for.

    Exclusions alone match nothing (FTS5 NOT needs something to subtract from).
    """
    query = parse_search(text)
    if query.is_empty:
        return MATCH_NOTHING
    expression = " AND ".join(_quoted(term) for term in query.include)
    for term in query.exclude:
        expression = f"({expression}) NOT {_quoted(term)}"
    return expression
