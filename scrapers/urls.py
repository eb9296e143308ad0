"""Canonical URLs: one spelling per article, so the same story is stored once."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

# Query parameters that identify a campaign or a click, never the page itself.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "ref",
        "ref_src",
        "ref_url",
        "_ga",
        "_gl",
        "yclid",
        "twclid",
        "ttclid",
        "li_fat_id",
        "wt.mc_id",
        "wt_mc_id",
        "cmpid",
        "ncid",
        "ocid",
        "s_cid",
        "sr_share",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "spm",
        "share",
        "smid",
        "cmp",
        "sh",
        "at_medium",
        "at_campaign",
        "guccounter",
        "guce_referrer",
        "guce_referrer_sig",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "at_")
DEFAULT_PORTS = {"http": 80, "https": 443}
_UNRESERVED_PATH = "/:@!$&'()*+,;=-._~"
_PLAIN_PATH = re.compile(r"[A-Za-z0-9/:@!$&'()*+,;=._~-]*")  # nothing to (re-)encode
_SLASHES = re.compile(r"/{2,}")


class UrlError(ValueError):
    """A URL that cannot be canonicalised (not http(s), no host, malformed)."""


def is_tracking_param(name: str) -> bool:
    """True for query parameters that only track clicks or campaigns."""
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def canonical_url(url: str, base: str | None = None) -> str:
    """Return the canonical spelling of an http(s) URL; idempotent.

    Lowercases scheme and host, drops default ports, userinfo, fragments and tracking
    parameters, sorts the remaining query parameters, and removes a trailing slash (the
    root path stays `/`). `base` resolves a relative URL first. Raises `UrlError`.
    """
    raw = (url or "").strip()
    if not raw:
        raise UrlError("empty URL")
    if base and not raw.startswith(("http://", "https://")):
        raw = urljoin(base, raw)
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as exc:
        raise UrlError(f"malformed URL {url!r}: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise UrlError(f"not an http(s) URL: {url!r}")
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        raise UrlError(f"URL has no host: {url!r}")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _normalise_path(parts.path)
    query = _normalise_query(parts.query)
    return urlunsplit((scheme, netloc, path, query, ""))


def _normalise_path(path: str) -> str:
    path = _SLASHES.sub("/", path or "/")
    if not _PLAIN_PATH.fullmatch(path):
        path = quote(unquote(path), safe=_UNRESERVED_PATH)
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/") or "/"
    return path if path.startswith("/") else "/" + path


def _normalise_query(query: str) -> str:
    if not query:
        return ""
    pairs = [
        (key, value)
        for key, value in parse_qsl(query, keep_blank_values=True)
        if not is_tracking_param(key)
    ]
    pairs.sort()
    return urlencode(pairs, quote_via=quote, safe="-._~")


def host_key(url: str) -> str:
    """`host:port` of a URL (default port filled in): the unit of per-host politeness."""
    parts = urlsplit(url)
    port = parts.port or DEFAULT_PORTS.get(parts.scheme.lower(), 0)
    return f"{(parts.hostname or '').lower()}:{port}"
