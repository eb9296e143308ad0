"""Fixtures for the scrapers tests: a loopback server, fast HTTP limits, the shared corpora."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from scrapers.collect import Collector
from scrapers.http import HttpConfig
from scrapers.prefilter import Prefilter
from scrapers.sources import Source
from tests.scrapers.server import LoopbackServer

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"

FAST = HttpConfig(
    connect_timeout=2.0,
    read_timeout=2.0,
    total_timeout=10.0,
    retries=2,
    backoff_base=0.01,
    backoff_max=0.05,
    retry_after_max=3.0,
    per_host_delay=0.0,
    per_host_concurrency=4,
    host_delays={},
)

PREFILTER = Prefilter(
    ai_terms=("ChatGPT", "Claude", "DeepSeek", "AI", "chatbot*"),
    restriction_terms=("ban*", "block*", "restrict*", "prohibit*", "suspend*"),
)


def fast_config(**changes: object) -> HttpConfig:
    """Short timeouts and no politeness delays, so the tests stay fast."""
    return replace(FAST, **changes)


def feed_source(url: str, **fields: object) -> Source:
    """A feed source allowed to reach loopback (unless told otherwise)."""
    values: dict[str, object] = {"id": "test-feed", "name": "Test feed", "kind": "feed"}
    values.update({"url": url, "allow_private": True, **fields})
    return Source(**values)


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as running:
        yield running


@pytest.fixture
def collector() -> Iterator[Collector]:
    with Collector(http_config=FAST, prefilter=PREFILTER, parse_processes=0) as running:
        yield running
