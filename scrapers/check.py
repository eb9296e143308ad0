"""A source check: one real poll of a source, nothing stored, and what an operator needs to see.

For each source: the HTTP status, the items found, the parse warnings, what robots.txt says
about the source's address and its item pages, and (for listing pages) how many items each
CSS selector matched. No article page is fetched.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any

from scrapers.collect import Collector
from scrapers.http import FetchError, HttpClient
from scrapers.records import PollResult
from scrapers.search import search_url
from scrapers.sources import Source
from scrapers.urls import host_key

ROBOTS_HOSTS = 5  # item hosts whose robots.txt one check asks (search hits span many hosts)
CHECK_THREADS = 16


@dataclass
class RobotsVerdict:
    """robots.txt on a source: its own address, and the item pages the poll found."""

    refusal: str | None = None  # why the source's address is refused (None: allowed)
    asked: bool = False  # False when the source's host never answered
    pages_checked: int = 0
    pages_allowed: int = 0
    pages_unchecked: int = 0  # items on hosts beyond the first ROBOTS_HOSTS
    refused_example: str | None = None

    def line(self, kind: str) -> str | None:
        """`robots.txt: ...` for the report (None when there is nothing to say)."""
        parts = []
        if kind == "html" and self.asked:
            parts.append("allowed" if self.refusal is None else f"refused: {self.refusal}")
        elif self.refusal is not None and self.asked:
            parts.append(f"address refused ({self.refusal}; not applied to a {kind})")
        if self.pages_checked:
            pages = f"pages {self.pages_allowed} of {self.pages_checked} allowed"
            if self.refused_example:
                pages += f" (refused e.g. {self.refused_example})"
            if self.pages_unchecked:
                pages += f"; {self.pages_unchecked} on other hosts not asked"
            parts.append(pages)
        return "robots.txt: " + "; ".join(parts) if parts else None


@dataclass
class SourceCheck:
    """The outcome of checking one source."""

    source: Source
    result: PollResult
    robots: RobotsVerdict
    may_matter: int  # items whose page the prefilter would fetch

    @property
    def ok(self) -> bool:
        return self.result.ok

    @property
    def items(self) -> int:
        return self.result.items_seen

    def lines(self) -> list[str]:
        """The report: a headline, then indented details."""
        result, source = self.result, self.source
        status = f"HTTP {result.http_status}" if result.http_status else "no response"
        head = f"{'ok' if self.ok else 'FAILED':<6} {source.id}  {source.kind}  {status}"
        if self.ok:
            head += f"  {self.items} items, {self.may_matter} may matter"
        lines = [head, f"    {check_url(source)}"]
        if result.error:
            lines.append(f"    error: {result.error}")
        if result.selector_matches:
            counts = ", ".join(f"{key} {source.selectors.get(key, '')!r} {n}"
                               for key, n in result.selector_matches.items())
            lines.append(f"    selectors: {counts}")
        robots = self.robots.line(source.kind)
        if robots and not (result.error and self.robots.refusal == result.error):  # said once
            lines.append(f"    {robots}")
        lines += [f"    warning: {warning}" for warning in result.warnings]
        return lines

    def as_dict(self) -> dict[str, Any]:
        result, robots = self.result, self.robots
        return {
            "id": self.source.id, "kind": self.source.kind, "url": check_url(self.source),
            "ok": self.ok, "http_status": result.http_status, "items": self.items,
            "may_matter": self.may_matter, "error": result.error, "warnings": result.warnings,
            "selectors": result.selector_matches or None,
            "robots": {"refusal": robots.refusal, "asked": robots.asked,
                       "pages_checked": robots.pages_checked,
                       "pages_allowed": robots.pages_allowed,
                       "pages_unchecked": robots.pages_unchecked},
        }


def check_url(source: Source) -> str:
    """The address a poll of the source asks."""
    return search_url(source) if source.kind == "search" else source.url or ""


def check_sources(sources: Iterable[Source], collector: Collector,
                  threads: int = CHECK_THREADS) -> Iterator[SourceCheck]:
    """Check sources concurrently; yield the checks in the order given."""
    chosen = list(sources)
    with ThreadPoolExecutor(max(1, min(threads, len(chosen))), "check") as pool:
        yield from pool.map(lambda source: check_source(source, collector), chosen)


def check_source(source: Source, collector: Collector) -> SourceCheck:
    """Poll the source once without fetching its pages, then ask robots.txt about it."""
    result = collector.poll(replace(source, fetch_pages=False))
    may_matter = sum(1 for article in result.articles if article.may_matter is not False)
    return SourceCheck(source, result, robots_verdict(source, result, collector.http), may_matter)


def robots_verdict(source: Source, result: PollResult, http: HttpClient) -> RobotsVerdict:
    """What robots.txt says; hosts that never answered the poll are not asked again."""
    verdict = RobotsVerdict()
    if result.http_status is not None or source.kind == "html":  # html: asked by the poll
        verdict.asked = True
        verdict.refusal = _refusal(http, check_url(source), source.allow_private)
    hosts: list[str] = []
    for article in result.articles:
        try:
            host = host_key(article.seen_url)
        except ValueError:
            continue
        if host not in hosts:
            if len(hosts) >= ROBOTS_HOSTS:
                verdict.pages_unchecked += 1
                continue
            hosts.append(host)
        verdict.pages_checked += 1
        refusal = _refusal(http, article.seen_url, source.allow_private)
        if refusal is None:
            verdict.pages_allowed += 1
        elif verdict.refused_example is None:
            verdict.refused_example = article.seen_url
    return verdict


def _refusal(http: HttpClient, url: str, allow_private: bool) -> str | None:
    try:
        return http.robots_refusal(url, allow_private)
    except FetchError as exc:  # the address itself is off limits (SSRF guard, bad URL)
        return str(exc)


def summary_line(checks: list[SourceCheck]) -> str:
    """`checked N sources: X ok, Y failed (ids); Z items`."""
    failed = [check.source.id for check in checks if not check.ok]
    line = f"checked {len(checks)} sources: {len(checks) - len(failed)} ok, {len(failed)} failed"
    if failed:
        line += f" ({', '.join(failed)})"
    return line + f"; {sum(check.items for check in checks)} items"
