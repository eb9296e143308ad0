"""The source list: what to poll and how (`data/sources.yml`), loaded and validated."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from scrapers.lexicon import all_restriction_terms
from scrapers.prefilter import Prefilter

KINDS = ("feed", "html", "search")
ENGINES = ("google_news", "gdelt", "federal_register")
QUERY_OPTIONAL = ("federal_register",)  # lists an agency's documents without a query
SELECTOR_KEYS = ("item", "link", "title", "date", "summary")
REQUIRED_SELECTORS = ("item", "link")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
MAX_INTERVAL = 7 * 24 * 60  # minutes: a source polled less than weekly is not news
DEFAULTABLE = ("interval_minutes", "language", "region", "enabled", "allow_private", "fetch_pages")


class SourceError(ValueError):
    """A source file that cannot be used; the message names file, source and field."""


@dataclass(frozen=True)
class Source:
    """One thing to poll: a feed, an HTML listing page or a news-search query."""

    id: str
    name: str
    kind: str  # feed | html | search
    url: str | None = None  # feed and html; search builds its own from engine + query
    query: str | None = None
    engine: str | None = None  # search only: google_news | gdelt
    params: Mapping[str, Any] = field(default_factory=dict)
    selectors: Mapping[str, str] = field(default_factory=dict)
    interval_minutes: int = 30
    language: str | None = None
    region: str | None = None
    enabled: bool = True
    allow_private: bool = False  # lets this source reach loopback/private addresses
    fetch_pages: bool = True
    why: str | None = None
    disabled_reason: str | None = None  # why a source ships disabled (implies enabled: false)

    def __hash__(self) -> int:
        return hash(self.id)


@dataclass(frozen=True)
class SourceList:
    """Everything in a sources file: the sources, in file order, and the page prefilter."""

    sources: list[Source]
    prefilter: Prefilter
    path: str = ""

    def get(self, source_id: str) -> Source:
        """The source with this id; `KeyError` names the id when there is none."""
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(f"{self.path}: no source with id {source_id!r}")

    @property
    def enabled(self) -> list[Source]:
        return [s for s in self.sources if s.enabled]


PLACEHOLDER = re.compile(r"\{\{[A-Za-z_]+\}\}")


def placeholders(source_list: SourceList) -> dict[str, str]:
    """{source id: placeholder} for sources whose address still holds one (`{{BASE}}`)."""
    found: dict[str, str] = {}
    for source in source_list.sources:
        texts = [source.url or "", *(v for v in source.params.values() if isinstance(v, str))]
        match = next((m for m in map(PLACEHOLDER.search, texts) if m), None)
        if match:
            found[source.id] = match.group(0)
    return found


def load_sources(path: str | Path, substitutions: Mapping[str, str] | None = None) -> SourceList:
    """Read and validate a sources file; `SourceError` describes the first mistake.

    `substitutions` replaces placeholders such as `{{BASE}}` in urls and string params
    before validation (the offline demo points sources at its loopback server this way).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourceError(f"{path}: sources file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"{path}: cannot read sources file: {exc}") from None
    return parse_sources(text, str(path), substitutions)


def parse_sources(
    text: str, label: str = "<sources>", substitutions: Mapping[str, str] | None = None
) -> SourceList:
    """Validate the YAML text of a sources file (see `load_sources`)."""
    try:
        document = yaml.safe_load(text)
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise SourceError(f"{label}{where}: invalid YAML: {problem}") from None
    return _Validator(label, root, substitutions or {}).document(document)


class _Validator:
    def __init__(self, label: str, root: yaml.Node | None, substitutions: Mapping[str, str]):
        self.label = label
        self.root = root
        self.substitutions = substitutions

    # -- errors with locations -------------------------------------------------------------
    def fail(self, message: str, line: int | None = None) -> SourceError:
        where = f":{line}" if line else ""
        return SourceError(f"{self.label}{where}: {message}")

    def _node(self, *keys: str | int) -> yaml.Node | None:
        node = self.root
        for key in keys:
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if k.value == key), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
                node = node.value[key] if key < len(node.value) else None
            else:
                return None
        return node

    def line(self, *keys: str | int) -> int | None:
        node = self._node(*keys)
        return node.start_mark.line + 1 if node is not None else None

    # -- top level ---------------------------------------------------------------------------
    def document(self, data: Any) -> SourceList:
        if not isinstance(data, dict):
            raise self.fail(
                "expected a mapping with 'sources' (and optional 'defaults', 'prefilter')"
            )
        unknown = sorted(set(data) - {"defaults", "prefilter", "sources"})
        if unknown:
            raise self.fail(f"unknown top-level key {unknown[0]!r}", self.line(unknown[0]))
        defaults = self.defaults(data.get("defaults") or {})
        prefilter = self.prefilter(data.get("prefilter"))
        entries = data.get("sources")
        if not isinstance(entries, list) or not entries:
            raise self.fail("'sources' must be a non-empty list", self.line("sources"))
        sources: list[Source] = []
        seen: dict[str, int] = {}
        for index, entry in enumerate(entries):
            source = self.source(index, entry, defaults)
            if source.id in seen:
                raise self.fail(
                    f"source {source.id!r}: id is duplicated (entries #{seen[source.id] + 1} "
                    f"and #{index + 1})",
                    self.line("sources", index),
                )
            seen[source.id] = index
            sources.append(source)
        return SourceList(sources=sources, prefilter=prefilter, path=self.label)

    def defaults(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise self.fail("'defaults' must be a mapping", self.line("defaults"))
        unknown = sorted(set(data) - set(DEFAULTABLE))
        if unknown:
            raise self.fail(
                f"defaults: unknown key {unknown[0]!r} (allowed: {', '.join(DEFAULTABLE)})",
                self.line("defaults", unknown[0]),
            )
        return dict(data)

    def prefilter(self, data: Any) -> Prefilter:
        if not isinstance(data, dict):
            raise self.fail(
                "'prefilter' must be a mapping with ai_terms and restriction_terms",
                self.line("prefilter"),
            )
        unknown = sorted(set(data) - {"ai_terms", "restriction_terms"})
        if unknown:
            raise self.fail(
                f"prefilter: unknown key {unknown[0]!r}", self.line("prefilter", unknown[0])
            )
        terms = {}
        for key in ("ai_terms", "restriction_terms"):
            value = data.get(key)
            if (
                not isinstance(value, list)
                or not value
                or not all(isinstance(t, str) and t.strip() for t in value)
            ):
                raise self.fail(
                    f"prefilter: {key} must be a non-empty list of strings",
                    self.line("prefilter", key),
                )
            wordless = [t for t in value if not re.search(r"\w", t)]
            if wordless:
                raise self.fail(
                    f"prefilter: {key}: {wordless[0]!r} has no letter or digit to match "
                    "(a trailing * makes a word a prefix: 'restrict*')",
                    self.line("prefilter", key),
                )
            terms[key] = tuple(value)
        # Every language the extractor reads adds its restriction words (generated file).
        merged = dict.fromkeys((*terms["restriction_terms"], *all_restriction_terms()))
        terms["restriction_terms"] = tuple(merged)
        return Prefilter(**terms)

    # -- one source --------------------------------------------------------------------------
    def source(self, index: int, entry: Any, defaults: Mapping[str, Any]) -> Source:
        line = self.line("sources", index)
        if not isinstance(entry, dict):
            raise self.fail(f"source #{index + 1}: expected a mapping, got {entry!r}", line)
        raw_id = entry.get("id")
        if not isinstance(raw_id, str) or not ID_PATTERN.match(raw_id):
            raise self.fail(
                f"source #{index + 1}: id must be lowercase letters, digits, '.', '_' or '-', "
                f"got {raw_id!r}",
                self.line("sources", index, "id") or line,
            )
        check = _SourceCheck(self, index, raw_id)
        known = {f.name for f in fields(Source)}
        for key in entry:
            if key not in known:
                raise check.fail(key, f"unknown field (allowed: {', '.join(sorted(known))})")
        merged = {**defaults, **entry}
        kind = check.choice("kind", merged.get("kind"), KINDS)
        values: dict[str, Any] = {
            "id": raw_id,
            "name": check.text("name", merged.get("name", raw_id)),
            "kind": kind,
            "interval_minutes": check.positive_int(
                "interval_minutes", merged.get("interval_minutes", 30), maximum=MAX_INTERVAL
            ),
            "language": check.optional_code("language", merged.get("language")),
            "region": check.optional_code("region", merged.get("region")),
            "enabled": check.boolean("enabled", merged.get("enabled", True)),
            "allow_private": check.boolean("allow_private", merged.get("allow_private", False)),
            "fetch_pages": check.boolean("fetch_pages", merged.get("fetch_pages", True)),
            "why": check.optional_text("why", merged.get("why")),
            "disabled_reason": check.optional_text("disabled_reason",
                                                   entry.get("disabled_reason")),
            "params": self.substitute_params(check.mapping("params", merged.get("params", {}))),
        }
        for key, value in values["params"].items():
            if not isinstance(key, str) or not isinstance(value, str | int | float | bool):
                raise check.fail(
                    "params", f"values must be strings or numbers, got {key!r}: {value!r}"
                )
        if values["disabled_reason"]:
            if entry.get("enabled") is True:
                raise check.fail("enabled", "must not be true: the source has a "
                                 "disabled_reason (remove it to enable the source)")
            values["enabled"] = False
        if kind == "search":
            values["engine"] = check.choice("engine", merged.get("engine"), ENGINES)
            if values["engine"] in QUERY_OPTIONAL:
                values["query"] = check.optional_text("query", merged.get("query"))
            else:
                values["query"] = check.text("query", merged.get("query"))
            check.absent(
                merged,
                "url",
                "search sources build their url from engine and query; "
                "set params.endpoint to change the base URL",
            )
            check.absent(merged, "selectors", "only html sources have selectors")
            endpoint = values["params"].get("endpoint")
            if endpoint is not None:
                check.url("params", str(endpoint))
        else:
            check.absent(merged, "engine", f"only search sources have an engine, not {kind}")
            check.absent(merged, "query", f"only search sources have a query, not {kind}")
            values["url"] = check.url("url", self.substitute(check.text("url", merged.get("url"))))
            if kind == "html":
                values["selectors"] = check.selectors(merged.get("selectors"))
            else:
                check.absent(merged, "selectors", "only html sources have selectors")
        return Source(**values)

    def substitute(self, text: str) -> str:
        for placeholder, replacement in self.substitutions.items():
            text = text.replace(placeholder, replacement)
        return text

    def substitute_params(self, params: dict[str, Any]) -> dict[str, Any]:
        return {k: self.substitute(v) if isinstance(v, str) else v for k, v in params.items()}


class _SourceCheck:
    """Field checks for one source; every failure names the source id and the field."""

    def __init__(self, validator: _Validator, index: int, source_id: str):
        self.validator = validator
        self.index = index
        self.source_id = source_id

    def fail(self, key: str, message: str) -> SourceError:
        line = self.validator.line("sources", self.index, key) or self.validator.line(
            "sources", self.index
        )
        return self.validator.fail(f"source {self.source_id!r}: {key} {message}", line)

    def text(self, key: str, value: Any) -> str:
        if value is None:
            raise self.fail(key, "is required")
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"must be a non-empty string, got {value!r}")
        return value.strip()

    def optional_text(self, key: str, value: Any) -> str | None:
        return None if value is None else self.text(key, value)

    def choice(self, key: str, value: Any, allowed: tuple[str, ...]) -> str:
        if value is None:
            raise self.fail(key, f"is required (one of: {', '.join(allowed)})")
        if value not in allowed:
            raise self.fail(key, f"must be one of: {', '.join(allowed)}; got {value!r}")
        return value

    def positive_int(self, key: str, value: Any, maximum: int | None = None) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise self.fail(key, f"must be a positive integer, got {value!r}")
        if maximum is not None and value > maximum:
            raise self.fail(key, f"must be at most {maximum}, got {value!r}")
        return value

    def boolean(self, key: str, value: Any) -> bool:
        if not isinstance(value, bool):
            raise self.fail(key, f"must be true or false, got {value!r}")
        return value

    def optional_code(self, key: str, value: Any) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str) or not re.fullmatch(
            r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*", value
        ):
            raise self.fail(key, f"must be a short code such as 'en' or 'US', got {value!r}")
        return value

    def mapping(self, key: str, value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(key, f"must be a mapping, got {value!r}")
        return dict(value)

    def absent(self, entry: Mapping[str, Any], key: str, reason: str) -> None:
        if entry.get(key) is not None:
            raise self.fail(key, f"is not allowed here: {reason}")

    def url(self, key: str, value: str) -> str:
        if "{{" in value:  # an unsubstituted placeholder: left for the caller to fill in
            return value
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise self.fail(key, f"must be an absolute http(s) URL, got {value!r}")
        return value

    def selectors(self, value: Any) -> dict[str, str]:
        if not isinstance(value, dict):
            raise self.fail("selectors", "is required for html sources (item, link, title, date)")
        for key in value:
            if key not in SELECTOR_KEYS:
                raise self.fail(
                    "selectors", f"has unknown key {key!r} (allowed: {', '.join(SELECTOR_KEYS)})"
                )
        for key in REQUIRED_SELECTORS:
            if key not in value:
                raise self.fail("selectors", f"needs {key!r}")
        for key, selector in value.items():
            if not isinstance(selector, str) or not selector.strip():
                raise self.fail(
                    "selectors", f"{key} must be a CSS selector string, got {selector!r}"
                )
            try:
                _compile_css(selector)
            except Exception as exc:  # soupsieve raises its own SelectorSyntaxError
                raise self.fail("selectors", f"{key} is not a valid CSS selector: {exc}") from None
        return dict(value)


def _compile_css(selector: str) -> None:
    import soupsieve

    soupsieve.compile(selector)
