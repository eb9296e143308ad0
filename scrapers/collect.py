"""The collector: poll a source (feed, listing or search), fetch pages that may matter.

This is the API the pipeline calls: `Collector.poll` and `Collector.poll_many`.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from urllib.parse import urljoin

from scrapers.feeditems import ParsedFeed, canonical_item_url
from scrapers.googlenews import apply_google_news
from scrapers.http import PAGE_ACCEPT, Fetched, FetchError, HttpClient, HttpConfig
from scrapers.ingest import DEFAULT_LIMITS, IngestLimits, admit
from scrapers.listing import parse_listing
from scrapers.politeness import HostCooldowns
from scrapers.prefilter import Prefilter
from scrapers.records import PollResult, RawArticle
from scrapers.search import parse_search, search_url
from scrapers.sources import Source
from scrapers.stories import StoryIndex, is_google_news, outlet_of, story_key
from scrapers.text import clean_text
from scrapers.urls import UrlError, canonical_url, host_key
from scrapers.workers import Parsers

log = logging.getLogger(__name__)
HTML_TYPES = ("text/html", "application/xhtml+xml", "")
POOL_THRESHOLD = 8  # poll_many with at least this many jobs parses in worker processes
PAGE_THREADS = 4  # article pages fetched at once within one poll (per-host limits still hold)


@dataclass
class SourceState:
    """What the last poll of a source left for the next one (conditional GET)."""

    etag: str | None = None
    last_modified: str | None = None


def utc_now() -> str:
    """The current time as ISO 8601 UTC with milliseconds and a Z."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Collector:
    """Polls sources through one polite `HttpClient`; thread-safe; a context manager.

    `prefilter`: items whose title + summary fail it keep their summary as text and get no
    page fetch (None: every item's page is fetched). `known_url(url) -> bool`: canonical
    URLs already stored, whose pages are not fetched again. `parse_processes`: worker
    processes for parsing in `poll_many` (None: one per CPU when there are 2 or more).
    `limits`: caps on items, pages, time and text per poll (`scrapers.ingest`).
    `cooldowns`: hosts resting after a 429 (a poll of one fails at once, asking for no
    request, with the rest left as its Retry-After).
    `max_workers`: polling threads; most of their time is spent waiting on servers, so many
    threads are cheap (1,000 feeds at 50 ms latency need ~64 to poll in about 1 s).
    """

    def __init__(
        self,
        http_config: HttpConfig | None = None,
        prefilter: Prefilter | None = None,
        max_workers: int = 64,
        *,
        known_url: Callable[[str], bool] | None = None,
        parse_processes: int | None = None,
        limits: IngestLimits = DEFAULT_LIMITS,
        cooldowns: HostCooldowns | None = None,
    ):
        self.http = HttpClient(http_config)
        self.cooldowns = cooldowns or HostCooldowns()
        self.stories = StoryIndex()  # Google News items take the publisher URL of their story
        self.limits = limits
        self.prefilter = prefilter
        self.max_workers = max(1, max_workers)
        self.known_url = known_url
        if parse_processes is None:
            cpus = os.cpu_count() or 1
            parse_processes = cpus if cpus > 1 else 0
        self._inline = Parsers(0)
        self._claimed: set[str] | None = None  # pages claimed in the running poll_many
        self._claim_lock = threading.Lock()
        self._pooled = Parsers(parse_processes)

    # -- public ----------------------------------------------------------------------------
    def poll(self, source: Source, state: SourceState | None = None) -> PollResult:
        """Poll one source now. Never raises for network or parse problems."""
        return self._poll(source, state or SourceState(), self._inline)

    def poll_many(self, jobs: Iterable[tuple[Source, SourceState | None]]) -> Iterator[PollResult]:
        """Poll concurrently (many hosts at once, per-host limits respected); yield as completed.

        Jobs are interleaved by host so that worker threads do not queue behind one host.
        """
        ordered = interleave_by_host(list(jobs))
        parsers = self._pooled if len(ordered) >= POOL_THRESHOLD else self._inline
        with self._claim_lock:  # a page is fetched once per cycle, whichever feed links it
            self._claimed = set()
        done: queue.SimpleQueue[PollResult] = queue.SimpleQueue()

        def run(source: Source, state: SourceState | None) -> None:
            try:
                result = self._poll(source, state or SourceState(), parsers)
            except BaseException as exc:  # never leave the consumer waiting for a result
                now = utc_now()
                done.put(PollResult(source.id, now, now, ok=False, error=f"interrupted: {exc!r}"))
                raise
            done.put(result)

        executor = ThreadPoolExecutor(self.max_workers, thread_name_prefix="poll")
        try:
            for source, state in ordered:
                executor.submit(run, source, state)
            for _ in ordered:
                yield done.get()
        finally:
            executor.shutdown(wait=True, cancel_futures=True)

    def close(self) -> None:
        """Close connections and stop parser processes."""
        self.http.close()
        self._pooled.close()

    def __enter__(self) -> Collector:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- one poll --------------------------------------------------------------------------
    def _poll(self, source: Source, state: SourceState, parsers: Parsers) -> PollResult:
        result = PollResult(source_id=source.id, started_at=utc_now(), finished_at="", ok=False)
        deadline = time.monotonic() + self.limits.poll_seconds
        try:
            self._poll_into(result, source, state, parsers, deadline)
            result.warnings += admit(result.articles, self.limits)
        except Exception as exc:  # a bug must cost one poll, not the whole cycle
            log.exception("unexpected error polling source %r", source.id)
            result.ok = False
            result.error = f"unexpected error: {type(exc).__name__}: {exc}"
        result.error = clean_text(result.error) or None if result.error else None
        result.warnings = [clean_text(w) for w in result.warnings]
        result.finished_at = utc_now()
        return result

    def _poll_into(
        self, result: PollResult, source: Source, state: SourceState, parsers: Parsers,
        deadline: float,
    ) -> None:
        url = search_url(source) if source.kind == "search" else (source.url or "")
        if "{{" in url:
            result.error = f"url has an unsubstituted placeholder: {url}"
            return
        host = source_host(source)
        resting = self.cooldowns.remaining(host) if host else 0.0
        if resting > 0:
            result.error = (f"{host} is cooling down after HTTP 429: {resting:.0f} s left "
                            "(not asked)")
            result.retry_after_seconds = resting
            return
        try:
            fetched = self.http.get(
                url,
                allow_private=source.allow_private,
                etag=state.etag,
                last_modified=state.last_modified,
                check_robots=source.kind == "html",
                deadline=deadline,
                # Search APIs ration requests: a failure waits for the next poll (or the
                # host's cool-down), not for retries within this one.
                **({"retries": 0} if source.kind == "search" else {}),
                **({"accept": PAGE_ACCEPT} if source.kind == "html" else {}),
            )
        except FetchError as exc:
            result.error = str(exc)
            result.retry_after_seconds = exc.retry_after
            return
        result.http_status = fetched.status
        result.etag = fetched.headers.get("etag")
        result.last_modified = fetched.headers.get("last-modified")
        if fetched.status == 304:  # validators not repeated on a 304 still hold
            result.etag = result.etag or state.etag
            result.last_modified = result.last_modified or state.last_modified
            result.ok = result.not_modified = True
            return
        if not fetched.ok:
            result.error = f"HTTP {fetched.status} {_reason(fetched.status)}".rstrip()
            result.retry_after_seconds = fetched.retry_after
            if fetched.status == 429 and host:
                rest = self.cooldowns.start(host, fetched.retry_after)
                result.retry_after_seconds = rest
                result.error += f"; {host} rests {rest / 60:g} min"
            return
        if fetched.redirects:
            result.warnings.append(f"redirected to {fetched.url}")
        if fetched.truncated:
            result.warnings.append(
                f"response cut at {self.http.config.max_body_bytes:,} bytes (size cap); "
                "items past the cut are lost"
            )
        parsed = self._parse(source, fetched, parsers)
        result.selector_matches = dict(parsed.selector_matches)
        if parsed.problem:
            result.warnings.append(parsed.problem)
        if not parsed.looks_like_feed:
            result.error = f"not a feed: {parsed.problem or fetched.content_type or 'unknown'}"
            return
        result.ok = True
        result.items_seen = len(parsed.items)
        cap = self.limits.max_items_per_poll
        if len(parsed.items) > cap:
            result.warnings.append(f"{len(parsed.items):,} items, only the first {cap:,} kept "
                                   "(max_items_per_poll)")
            parsed.items = parsed.items[:cap]
        result.articles = self._articles(source, parsed, fetched.url, result.warnings)
        self._fetch_pages(source, result, parsers, deadline)

    def _parse(self, source: Source, fetched: Fetched, parsers: Parsers) -> ParsedFeed:
        if source.kind == "html":
            return parse_listing(fetched.body, fetched.url, source.selectors)
        if source.kind == "search":
            return parse_search(source, fetched.body, fetched.headers, fetched.url)
        parsed = parsers.feed(fetched.body, fetched.headers, fetched.url)
        if is_google_news(fetched.url):  # a Google News topic feed given as a plain feed
            return apply_google_news(parsed, fetched.body)
        return parsed

    def _articles(
        self, source: Source, parsed: ParsedFeed, base_url: str, warnings: list[str]
    ) -> list[RawArticle]:
        articles: list[RawArticle] = []
        seen: set[str] = set()
        unusable = 0
        for item in parsed.items:
            url = canonical_item_url(item, base_url)
            if not url or not item.link:
                unusable += 1
                continue
            outlet = item.outlet or (None if is_google_news(url) else outlet_of(url))
            key = story_key(item.title, outlet)
            url = self.stories.resolve(key, url)
            if url in seen:
                continue
            seen.add(url)
            articles.append(
                RawArticle(
                    source_id=source.id,
                    url=url,
                    seen_url=absolute(item.link.strip(), base_url),
                    title=item.title,
                    summary=item.summary,
                    text=item.summary,
                    published=item.published,
                    language=item.language or source.language,
                    guid=item.guid,
                    outlet=outlet,
                    outlet_country=item.country,
                    story_key=key,
                )
            )
        if unusable:
            warnings.append(f"{unusable} item(s) without a usable http(s) link skipped")
        return articles

    # -- article pages ---------------------------------------------------------------------
    def _fetch_pages(
        self, source: Source, result: PollResult, parsers: Parsers, deadline: float
    ) -> None:
        if source.kind == "search" and source.query:  # the query is the filter
            for article in result.articles:
                article.may_matter = True
        elif self.prefilter is not None:
            for article in result.articles:
                article.may_matter = self.prefilter.matches(article.title, article.summary)
        if not source.fetch_pages:
            return
        wanted = [
            article
            for article in result.articles
            if article.may_matter is not False
            and (self.known_url is None or not self.known_url(article.url))
        ]
        cap = self.limits.max_pages_per_poll
        if len(wanted) > cap:
            result.warnings.append(f"{len(wanted):,} pages wanted, only {cap:,} fetched "
                                   "(max_pages_per_poll); the others keep their summary")
            wanted = wanted[:cap]
        wanted = [article for article in wanted if self._claim_page(article.url)]

        def fetch(article: RawArticle) -> None:
            if time.monotonic() >= deadline:
                article.page_error = "not fetched: the poll's time budget was spent"
            else:
                self._fetch_page(source, article, parsers, deadline)

        if len(wanted) == 1:
            fetch(wanted[0])
        elif wanted:  # pages of one poll often sit on many hosts (search results)
            threads = min(PAGE_THREADS, len(wanted))
            with ThreadPoolExecutor(threads, thread_name_prefix="page") as pages:
                list(pages.map(fetch, wanted))
        result.pages_fetched = sum(1 for article in wanted if article.page_fetched)
        late = sum(1 for article in wanted if (article.page_error or "").startswith("not fetched:"))
        if late:
            result.warnings.append(f"{late} page(s) not fetched: the poll took longer than "
                                   f"{self.limits.poll_seconds:g} s (poll_seconds)")
        # A page's rel=canonical can make two items one article: keep one, with its page.
        unique: dict[str, RawArticle] = {}
        for article in result.articles:
            kept = unique.setdefault(article.url, article)
            if article.page_fetched and not kept.page_fetched:
                unique[article.url] = article
        result.articles = list(unique.values())

    def _claim_page(self, url: str) -> bool:
        """False when another poll of this cycle already fetches this page."""
        with self._claim_lock:
            if self._claimed is None:
                return True
            if url in self._claimed:
                return False
            self._claimed.add(url)
            return True

    def _fetch_page(
        self, source: Source, article: RawArticle, parsers: Parsers, deadline: float
    ) -> None:
        try:
            host = host_key(article.seen_url)
        except ValueError:
            host = ""
        if host and self.cooldowns.remaining(host) > 0:
            article.page_error = f"skipped: {host} is cooling down after HTTP 429"
            return
        try:
            page = self.http.get(
                article.seen_url,
                allow_private=source.allow_private,
                check_robots=True,
                accept=PAGE_ACCEPT,
                deadline=deadline,
            )
        except FetchError as exc:
            article.page_error = str(exc)
            return
        if not page.ok:
            article.page_error = f"HTTP {page.status} {_reason(page.status)}".rstrip()
            if page.status == 429 and host:
                self.cooldowns.start(host, page.retry_after)
            return
        if page.content_type not in HTML_TYPES:
            article.page_error = f"not HTML ({page.content_type})"
            return
        if page.truncated:
            article.page_error = (
                f"page larger than {self.http.config.max_body_bytes:,} bytes (size cap)"
            )
            return
        extracted = parsers.article(page.body, page.url)
        if not extracted.text:
            article.page_error = "no main text found on the page"
            return
        article.page_fetched = True
        article.text = extracted.text
        article.title = article.title or extracted.title or ""
        article.published = article.published or extracted.published
        article.language = extracted.language or article.language
        for candidate in (extracted.canonical_url, page.url):
            if candidate:
                try:
                    article.url = canonical_url(candidate)
                    break
                except UrlError:
                    continue


def source_host(source: Source) -> str:
    """The `host:port` a source's poll asks ("" when its address is not usable yet)."""
    try:
        return host_key(search_url(source) if source.kind == "search" else source.url or "")
    except ValueError:
        return ""


def interleave_by_host(
    jobs: list[tuple[Source, SourceState | None]],
) -> list[tuple[Source, SourceState | None]]:
    """Reorder jobs round-robin over hosts: a, b, c, a, b, c, ... (stable within a host)."""
    by_host: dict[str, deque[tuple[Source, SourceState | None]]] = defaultdict(deque)
    for job in jobs:
        by_host[source_host(job[0])].append(job)
    ordered: list[tuple[Source, SourceState | None]] = []
    lanes = list(by_host.values())
    while lanes:
        for lane in lanes:
            ordered.append(lane.popleft())
        lanes = [lane for lane in lanes if lane]
    return ordered


def absolute(link: str, base: str) -> str:
    """A link made absolute against the page it was found on."""
    return link if link.startswith(("http://", "https://")) else urljoin(base, link)


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
