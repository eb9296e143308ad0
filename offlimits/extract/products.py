"""AI products the gazetteer does not know, recognised from how news names them.

"the OpenClaw agent", "AI browser Comet", "Comet, Perplexity's AI browser", "Perplexity's Comet
browser", "the Cluely AI app": a capitalised name next to a head noun that says what it is
(`products.yml`), typed as a product, with its vendor where the text states one. Pure: the
grammar is compiled once from the data file and never changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from offlimits.extract.gazetteer import Gazetteer, Mention
from offlimits.extract.model import Entity
from offlimits.extract.names import slugify

GRAMMAR_FILE = Path(__file__).with_name("products.yml")
_NAME = r"(?:[A-Z][\w.+-]*[A-Za-z0-9+]|[A-Z])(?:\s+[A-Z][\w.+-]*[A-Za-z0-9+]){0,2}"
_ADJECTIVE = re.compile(r"[A-Za-z]+-[a-z][\w-]*")  # "AI-powered", "Open-source": no names
_MARKED = re.compile(r"[a-z][A-Z]|\d|^[A-Z]{2,}$")  # CamelCase, digits, capitals: a name
_VENDOR = r"(?P<vendor>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?)['\u2019]s\s+(?:new\s+|own\s+)?"


@dataclass(frozen=True)
class ProductGrammar:
    hint: tuple[str, ...]  # head nouns (lowercase): without one no pattern can match
    patterns: tuple[re.Pattern, ...]
    not_names: frozenset[str]


@lru_cache(maxsize=4)
def load_product_grammar(path: str | None = None) -> ProductGrammar:
    """Compile `products.yml`; a broken file raises naming the file and the key."""
    source = Path(path or GRAMMAR_FILE)
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    for key in ("heads", "qualified", "qualifiers", "not_names"):
        value = data.get(key) if isinstance(data, dict) else None
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise ValueError(f"{source}: {key} must be a non-empty list of words")
    alt = lambda words: "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # noqa: E731
    qual = f"(?:{alt(data['qualifiers'])})"
    head = f"(?:(?:{qual}\\s+)?(?:{alt(data['heads'])})|{qual}\\s+(?:{alt(data['qualified'])}))"
    patterns = (
        # "Comet, Perplexity's AI browser"
        re.compile(rf"(?<![\w.])(?P<name>{_NAME}),\s+{_VENDOR}{head}\b"),
        # "Perplexity's Comet browser", "the OpenClaw agent", "the Cluely AI app"
        re.compile(rf"(?<![\w.])(?:{_VENDOR})?(?P<name>{_NAME})\s+{head}\b"),
        # "AI browser Comet", "the coding agent Cline" (a qualifier is needed: "travel agent X")
        re.compile(rf"(?i:{qual}\s+(?:{alt(data['heads'] + data['qualified'])}))\s+"
                   rf"(?P<name>{_NAME})(?![\w'\u2019])"),
    )
    hint = tuple(sorted({w.lower().split()[-1] for w in data["heads"] + data["qualified"]}))
    return ProductGrammar(hint, patterns, frozenset(data["not_names"]))


def find_new_products(text: str, gazetteer: Gazetteer, taken: list[tuple[int, int]],
                      grammar: ProductGrammar | None = None) -> list[Mention]:
    """Unknown AI products named in `text`, outside the `taken` spans (gazetteer names)."""
    grammar = grammar or load_product_grammar()
    lowered = text.lower()
    if not any(word in lowered for word in grammar.hint):
        return []
    found: list[Mention] = []
    spans = list(taken)
    words_cased = re.findall(r"\b[A-Za-z]\w*", text)
    title_case = len(words_cased) >= 4 and \
        sum(w[0].isupper() for w in words_cased) >= 0.6 * len(words_cased)
    # in a Title Case headline any word after "AI Apps" looks like a name
    patterns = grammar.patterns[:2] if title_case else grammar.patterns
    for pattern in patterns:
        for m in pattern.finditer(text):
            start, end = m.span("name")
            words = m.group("name").split()
            while words and words[0] in grammar.not_names:
                start = text.index(words[1], start) if len(words) > 1 else end
                words = words[1:]
            while words and words[-1] in grammar.not_names:
                words = words[:-1]
            if not words or any(w in grammar.not_names or _ADJECTIVE.fullmatch(w) for w in words):
                continue
            name = " ".join(words)
            if len(words) == 1 and not text[:start].strip(" \"'\u201c\u2018") and \
                    not _MARKED.search(name):
                continue  # "Removed ...": a sentence's first word is capitalised anyway
            end = start + len(name) if text.startswith(name, start) else end
            if any(s < end and start < e for s, e in spans) or \
                    gazetteer.places.code(name) is not None or gazetteer.resolve_known(name):
                continue
            vendor = _vendor(m, gazetteer)
            entity = Entity(id=slugify(name) or name.lower(), name=name, type="product",
                            country=vendor.country if vendor else None,
                            vendor_id=vendor.id if vendor else None, known=False)
            found.append(Mention(entity, name, start, end))
            spans.append((start, end))
    return sorted(found, key=lambda x: x.start)


def _vendor(m: re.Match, gazetteer: Gazetteer) -> Entity | None:
    if "vendor" not in m.re.groupindex or not m.group("vendor"):
        return None
    entity = gazetteer.resolve_known(m.group("vendor"))
    return entity if entity is not None and entity.type == "vendor" else None
