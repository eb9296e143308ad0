"""Canonical URLs: tracking parameters, case, ports, fragments, slashes; idempotent."""

from __future__ import annotations

import pytest

from scrapers.urls import UrlError, canonical_url, host_key

CASES = [
    (
        "HTTPS://News.Example.COM:443/Tech/Story/?utm_source=rss&utm_medium=feed#comments",
        "https://news.example.com/Tech/Story",
    ),
    ("http://example.com", "http://example.com/"),
    ("http://example.com:80/a//b/", "http://example.com/a/b"),
    ("http://example.com:8080/a", "http://example.com:8080/a"),
    ("https://example.com/p?b=2&a=1&fbclid=XYZ&gclid=1&ref=hn", "https://example.com/p?a=1&b=2"),
    (
        "https://example.com/p?mc_cid=1&mc_eid=2&igshid=3&_ga=4&msclkid=5&id=7",
        "https://example.com/p?id=7",
    ),
    ("https://example.com/p?q=a+b", "https://example.com/p?q=a%20b"),
    ("https://user:pw@example.com/x", "https://example.com/x"),
    ("https://example.com/caf\u00e9", "https://example.com/caf%C3%A9"),
]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_canonical_url(raw: str, expected: str) -> None:
    assert canonical_url(raw) == expected


@pytest.mark.parametrize("raw", [raw for raw, _ in CASES])
def test_canonical_url_is_idempotent(raw: str) -> None:
    once = canonical_url(raw)
    assert canonical_url(once) == once


def test_relative_links_resolve_against_a_base() -> None:
    assert canonical_url("../b/?utm_campaign=x", base="https://e.com/a/c/") == "https://e.com/a/b"


def test_two_spellings_of_one_story_are_one_url() -> None:
    a = canonical_url("https://www.example.com/2026/ai-ban/?utm_source=twitter")
    b = canonical_url("https://WWW.EXAMPLE.COM/2026/ai-ban#top")
    assert a == b


@pytest.mark.parametrize(
    "bad", ["", "mailto:x@example.com", "javascript:void(0)", "http://", "http://x:99999/"]
)
def test_unusable_urls_raise_a_clear_error(bad: str) -> None:
    with pytest.raises(UrlError):
        canonical_url(bad)


def test_host_key_fills_in_default_ports() -> None:
    assert host_key("https://Example.com/x") == "example.com:443"
    assert host_key("http://127.0.0.1:8123/feed") == "127.0.0.1:8123"
