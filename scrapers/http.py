"""One polite HTTP client for every fetch: limits, retries, conditional GET, robots, SSRF."""

from __future__ import annotations

import email.utils
import importlib.metadata
import random
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from scrapers.bodies import BodyRefused, read_capped
from scrapers.deadline import DeadlineBackend, Deadlines
from scrapers.guard import AddressBlocked, GuardedBackend, ResolveError, Resolver
from scrapers.politeness import HostGate
from scrapers.robots import RobotsCache
from scrapers.urls import host_key

FALLBACK_VERSION, FALLBACK_HOMEPAGE = "0.1.0", "https://github.com/offlimits/offlimits"
CONTACT = re.compile(r"^(https?://[^\s()<>;,\\]+|[^\s()<>;,@\\]+@[^\s()<>;,@\\]+\.[a-z]{2,})\Z",
                     re.I)


def project_identity() -> tuple[str, str]:
    """(version, homepage) of the installed offlimits distribution (pyproject.toml's)."""
    try:
        meta = importlib.metadata.metadata("offlimits")
    except importlib.metadata.PackageNotFoundError:
        return FALLBACK_VERSION, FALLBACK_HOMEPAGE
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL") or [] if ", " in u)
    return meta["Version"] or FALLBACK_VERSION, urls.get("Homepage", FALLBACK_HOMEPAGE)


def user_agent(contact: str | None = None) -> str:
    """`offlimits/VERSION (+HOMEPAGE[; contact: CONTACT])`: who asks, and how to reach the
    operator (a URL or an e-mail address); `ValueError` for any other contact."""
    version, homepage = project_identity()
    if contact is not None and not CONTACT.match(contact):
        raise ValueError(f"{contact!r} is neither an http(s) URL nor an e-mail address")
    return f"offlimits/{version} (+{homepage}" + (f"; contact: {contact})" if contact else ")")


USER_AGENT = user_agent()
ROBOTS_AGENT = "offlimits"
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"


@dataclass(frozen=True)
class HttpConfig:
    """Every limit of the HTTP client, in one place."""

    user_agent: str = USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0  # one get(), redirects and retries included
    max_body_bytes: int = 10 * 1024 * 1024  # on the wire; beyond it the body is cut
    max_decompressed_bytes: int = 20 * 1024 * 1024  # beyond it the body is refused
    max_redirects: int = 5
    retries: int = 2  # extra attempts after a network error, 429 or 5xx
    backoff_base: float = 1.0  # seconds; doubled per attempt, with jitter
    backoff_max: float = 30.0
    retry_after_max: float = 60.0  # a longer Retry-After is reported, not waited for
    per_host_concurrency: int = 2
    per_host_delay: float = 0.5  # minimum seconds between request starts to one host:port
    host_delays: dict[str, float] = field(
        default_factory=lambda: {"api.gdeltproject.org": 5.0, "news.google.com": 1.0}
    )
    max_host_pools: int = 512  # hosts whose idle connections are kept open (LRU)
    robots_ttl: float = 24 * 3600
    robots_max_bytes: int = 512 * 1024
    honour_crawl_delay: bool = True
    max_crawl_delay: float = 30.0
    trusted_hosts: frozenset[str] = frozenset()  # "host:port" exempt from the SSRF guard
    dns_concurrency: int = 16  # host-name lookups in flight at once
    unreachable_ttl: float = 60.0  # a host that could not be reached is not asked again for this


@dataclass
class _PooledClient:
    client: httpx.Client
    active: int = 0


class FetchError(Exception):
    """A fetch that produced no usable response; `str(exc)` says why, for the record."""

    def __init__(self, message: str, *, kind: str = "network", retry_after: float | None = None,
                 host: str | None = None):
        super().__init__(message)
        # network | timeout | dns | unreachable | ssrf | robots | redirect | body | url
        self.kind = kind
        self.retry_after = retry_after
        self.host = host  # set when no connection to this host:port could be opened


@dataclass
class Fetched:
    """A response read within limits (any status; 304 has an empty body)."""

    url: str  # final URL, after redirects
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes = b""
    truncated: bool = False
    redirects: list[str] = field(default_factory=list)
    retry_after: float | None = None
    attempts: int = 1

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


class HttpClient:
    """Synchronous and thread-safe: call `get` from many worker threads at once."""

    def __init__(self, config: HttpConfig | None = None):
        self.config = config or HttpConfig()
        self.gate = HostGate(
            self.config.per_host_concurrency, self.config.per_host_delay, self.config.host_delays
        )
        # One small connection pool per (allow_private, host:port): httpcore scans every
        # connection of a pool on each request, so one big shared pool gets slow.
        self._clients: OrderedDict[tuple[bool, str], _PooledClient] = OrderedDict()
        self._ssl_context = httpx.create_ssl_context(trust_env=False)
        self._lock = threading.Lock()
        self._deadlines = Deadlines()  # each thread's request deadline, seen by every socket
        self._resolver = Resolver(self.config.dns_concurrency)
        self._unreachable: dict[str, tuple[float, str]] = {}  # host:port -> (until, why)
        self._robots = {
            allow: RobotsCache(
                lambda url, allow=allow: self._fetch_robots(url, allow),
                ROBOTS_AGENT,
                self.config.robots_ttl,
            )
            for allow in (False, True)
        }

    # -- public ----------------------------------------------------------------------------
    def get(
        self,
        url: str,
        *,
        allow_private: bool = False,
        etag: str | None = None,
        last_modified: str | None = None,
        check_robots: bool = False,
        accept: str = FEED_ACCEPT,
        max_bytes: int | None = None,
        retries: int | None = None,
        deadline: float | None = None,
    ) -> Fetched:
        """GET a URL politely. Returns any final HTTP status; raises `FetchError` otherwise.

        Follows up to `max_redirects` redirects (each hop re-checked by the SSRF guard and,
        with `check_robots`, by robots.txt), sends If-None-Match / If-Modified-Since, and
        retries network errors, 429 and 5xx with backoff, honouring Retry-After. The whole
        call ends by `total_timeout` (or the earlier `deadline`, a `time.monotonic()` value),
        however slowly the server sends headers or body.
        """
        config = self.config
        deadline = min(time.monotonic() + config.total_timeout, deadline or float("inf"))
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        max_retries = config.retries if retries is None else retries
        attempt = 0
        while True:
            attempt += 1
            try:
                result = self._follow(
                    url, headers, allow_private, check_robots, deadline, max_bytes
                )
            except FetchError as exc:
                if exc.kind not in ("network", "timeout") or attempt > max_retries:
                    self._remember_unreachable(exc, deadline)
                    raise
                try:
                    self._wait_before_retry(attempt, None, deadline, exc)
                except FetchError:
                    self._remember_unreachable(exc, deadline)
                    raise
                continue
            result.attempts = attempt
            if result.status != 429 and result.status < 500:
                return result
            if attempt > max_retries:
                return result
            if result.retry_after is not None and result.retry_after > config.retry_after_max:
                return result  # the caller records it and tries much later
            try:
                self._wait_before_retry(attempt, result.retry_after, deadline, None)
            except FetchError:
                return result

    def robots_allowed(self, url: str, allow_private: bool = False) -> bool:
        """True when robots.txt of the URL's host lets offlimits fetch it."""
        return self._robots[allow_private].allowed(url)

    def robots_refusal(self, url: str, allow_private: bool = False) -> str | None:
        """Why robots.txt keeps offlimits from the URL (None when it may fetch it)."""
        return self._robots[allow_private].refusal(url)

    def close(self) -> None:
        with self._lock:
            for entry in self._clients.values():
                entry.client.close()
            self._clients.clear()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- internals -------------------------------------------------------------------------
    def _remember_unreachable(self, exc: FetchError, deadline: float) -> None:
        """A host no connection could be opened to (name, refusal, connect timeout) is not
        asked again for `unreachable_ttl`: other sources, robots.txt and pages on it fail at
        once. Not when the request's own deadline cut the connect short."""
        if exc.host and time.monotonic() < deadline:
            with self._lock:
                self._unreachable[exc.host] = (time.monotonic() + self.config.unreachable_ttl,
                                               str(exc))

    def _check_reachable(self, key: str) -> None:
        with self._lock:
            until, why = self._unreachable.get(key, (0.0, ""))
        left = until - time.monotonic()
        if left > 0:
            raise FetchError(f"{key} unreachable ({why}); not asked again for {left:.0f} s",
                             kind="unreachable")  # no host: not remembered again

    @contextmanager
    def _client(self, allow_private: bool, key: str) -> Iterator[httpx.Client]:
        """The client for one host, kept in an LRU of at most `max_host_pools` hosts."""
        with self._lock:
            entry = self._clients.get((allow_private, key))
            if entry is None:
                entry = _PooledClient(self._build_client(allow_private))
                self._clients[(allow_private, key)] = entry
            self._clients.move_to_end((allow_private, key))
            entry.active += 1
            stale = [
                k
                for k, e in list(self._clients.items())[: -self.config.max_host_pools]
                if e.active == 0
            ]
            evicted = [self._clients.pop(k).client for k in stale]
        for client in evicted:
            client.close()
        try:
            yield entry.client
        finally:
            with self._lock:
                entry.active -= 1

    def _build_client(self, allow_private: bool) -> httpx.Client:
        config = self.config
        size = config.per_host_concurrency + 1
        limits = httpx.Limits(
            max_connections=size, max_keepalive_connections=size, keepalive_expiry=30.0
        )
        transport = httpx.HTTPTransport(verify=self._ssl_context, limits=limits, trust_env=False)
        # Same pool settings, but every socket operation ends by the request's deadline,
        # and (unless private addresses are allowed) opens only to addresses the guard accepts.
        backend = GuardedBackend(config.trusted_hosts, check=not allow_private,
                                 resolver=self._resolver)
        transport._pool = httpcore.ConnectionPool(
            ssl_context=self._ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=DeadlineBackend(backend, self._deadlines),
        )
        return httpx.Client(
            transport=transport,
            trust_env=False,
            follow_redirects=False,
            headers={"User-Agent": config.user_agent, "Accept-Encoding": "gzip, deflate"},
        )

    def _follow(
        self,
        url: str,
        headers: dict[str, str],
        allow_private: bool,
        check_robots: bool,
        deadline: float,
        max_bytes: int | None,
    ) -> Fetched:
        visited = [url]
        current = url
        while True:
            scheme = urlsplit(current).scheme.lower()
            if scheme not in ("http", "https"):
                raise FetchError(f"not an http(s) URL: {current}", kind="url")
            refusal = self._robots_refusal(current, allow_private) if check_robots else None
            if refusal:
                raise FetchError(refusal, kind="robots")
            result = self._once(current, headers, allow_private, deadline, max_bytes)
            location = result.headers.get("location")
            if result.status not in REDIRECT_STATUSES or not location:
                result.redirects = visited[1:]
                return result
            target = urljoin(current, location.strip())
            if target in visited:
                chain = " -> ".join([*visited[visited.index(target) :], target])
                raise FetchError(f"redirect loop: {chain}", kind="redirect")
            if len(visited) > self.config.max_redirects:
                raise FetchError(
                    f"more than {self.config.max_redirects} redirects from {url}", kind="redirect"
                )
            visited.append(target)
            current = target

    def _robots_refusal(self, url: str, allow_private: bool) -> str | None:
        cache = self._robots[allow_private]
        refusal = cache.refusal(url)
        if refusal is None and self.config.honour_crawl_delay:
            delay = cache.crawl_delay(url)
            if delay:
                self.gate.set_crawl_delay(host_key(url), min(delay, self.config.max_crawl_delay))
        return refusal

    def _once(
        self,
        url: str,
        headers: dict[str, str],
        allow_private: bool,
        deadline: float,
        max_bytes: int | None,
    ) -> Fetched:
        config = self.config
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchError(f"total timeout ({config.total_timeout:g} s) exceeded", kind="timeout")
        timeout = httpx.Timeout(
            connect=min(config.connect_timeout, remaining),
            read=min(config.read_timeout, remaining),
            write=min(config.read_timeout, remaining),
            pool=min(config.connect_timeout, remaining),
        )

        def check_deadline() -> None:
            if time.monotonic() > deadline:
                raise FetchError(
                    f"total timeout ({config.total_timeout:g} s) exceeded while reading {url}",
                    kind="timeout",
                )

        key = ""
        try:
            key = host_key(url)
            self._check_reachable(key)
            with (self._deadlines.until(deadline), self.gate.slot(key),
                  self._client(allow_private, key) as client):
                self._check_reachable(key)  # another request failed while this one waited
                request = client.build_request("GET", url, headers=headers, timeout=timeout)
                response = client.send(request, stream=True)
                try:
                    response_headers = {k.lower(): v for k, v in response.headers.items()}
                    status = response.status_code
                    if status == 304 or status in REDIRECT_STATUSES or status >= 400:
                        body, truncated = b"", False  # nothing we parse
                    else:
                        body, truncated, _ = read_capped(
                            response.iter_raw(65536),
                            response_headers.get("content-encoding", ""),
                            max_bytes or config.max_body_bytes,
                            config.max_decompressed_bytes,
                            check_deadline,
                        )
                finally:
                    response.close()
        except AddressBlocked as exc:
            raise FetchError(str(exc), kind="ssrf") from None
        except BodyRefused as exc:
            raise FetchError(str(exc), kind="body") from None
        except httpx.ConnectTimeout:  # not retried: the connect timeout was waited already
            raise FetchError(f"timeout (ConnectTimeout) fetching {url}", kind="unreachable",
                             host=key) from None
        except httpx.ConnectError as exc:
            detail = str(exc) or type(exc).__name__
            dns = isinstance(exc.__cause__, ResolveError)  # a name is not retried
            raise FetchError(f"network error fetching {url}: {detail}",
                             kind="dns" if dns else "network", host=key) from None
        except httpx.TimeoutException as exc:
            raise FetchError(
                f"timeout ({type(exc).__name__}) fetching {url}", kind="timeout"
            ) from None
        except httpx.InvalidURL as exc:
            raise FetchError(f"invalid URL {url!r}: {exc}", kind="url") from None
        except httpx.TransportError as exc:
            detail = str(exc) or type(exc).__name__
            raise FetchError(f"network error fetching {url}: {detail}", kind="network") from None
        return Fetched(
            url=url,
            status=status,
            headers=response_headers,
            body=body,
            truncated=truncated,
            retry_after=parse_retry_after(response_headers.get("retry-after")),
        )

    def _wait_before_retry(
        self,
        attempt: int,
        retry_after: float | None,
        deadline: float,
        error: FetchError | None,
    ) -> None:
        config = self.config
        if retry_after is not None:
            delay = min(retry_after, config.retry_after_max)
        else:
            delay = min(config.backoff_max, config.backoff_base * 2 ** (attempt - 1))
            delay *= 0.5 + random.random()  # jitter: spread retries of many clients
        if time.monotonic() + delay >= deadline:
            if error is not None:
                raise error
            raise FetchError("no time left for another retry", kind="timeout")
        time.sleep(delay)

    def _fetch_robots(self, url: str, allow_private: bool) -> tuple[int, bytes] | None:
        try:
            result = self.get(
                url,
                allow_private=allow_private,
                accept="text/plain, */*;q=0.5",
                max_bytes=self.config.robots_max_bytes,
                retries=1,
            )
        except FetchError as exc:
            if exc.kind in ("ssrf", "url"):
                raise  # the page itself is off limits: say so, not "robots.txt disallows"
            return None
        return result.status, result.body


# A server may ask for any wait; more than a week is read as a week (a year-9999 date or a
# 14-digit delta would otherwise overflow the scheduler's date arithmetic).
RETRY_AFTER_CEILING = 7 * 24 * 3600.0


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), at most a week.

    Anything else (a superscript digit, garbage, an impossible date) is no Retry-After at all.
    """
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return min(float(value), RETRY_AFTER_CEILING)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(max(0.0, (when - datetime.now(UTC)).total_seconds()), RETRY_AFTER_CEILING)
