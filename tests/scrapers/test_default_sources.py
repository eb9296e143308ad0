"""data/sources.yml: the default real sources load, validate, and follow the politeness rules."""

from __future__ import annotations

from collections import Counter

import pytest

from scrapers.search import search_url
from scrapers.sources import load_sources
from tests.scrapers.conftest import REPO

SOURCES_FILE = REPO / "data" / "sources.yml"


@pytest.fixture(scope="module")
def default_sources():
    return load_sources(SOURCES_FILE)


def test_the_default_file_validates_with_unique_ids(default_sources) -> None:
    ids = [source.id for source in default_sources.sources]
    assert len(ids) == len(set(ids))
    kinds = Counter(source.kind for source in default_sources.sources)
    assert kinds["feed"] >= 30 and kinds["search"] >= 12 and kinds["html"] >= 1
    assert all(not source.allow_private for source in default_sources.sources)


def test_search_sources_are_polite(default_sources) -> None:
    searches = [s for s in default_sources.sources if s.kind == "search"]
    engines = Counter(s.engine for s in searches)
    assert engines["google_news"] >= 10 and engines["gdelt"] >= 3
    for source in searches:
        minimum = 15 if source.engine == "gdelt" else 60
        assert source.interval_minutes >= minimum, source.id
        url = search_url(source)
        assert url.startswith(
            (
                "https://news.google.com/rss/search?q=",
                "https://api.gdeltproject.org/api/v2/doc/doc?query=",
            )
        )
        if source.engine == "gdelt":
            assert int(source.params.get("maxrecords", 75)) <= 250
            assert " AI " not in f" {source.query} "  # GDELT refuses keywords under 3 letters


def test_disabled_sources_say_why_in_a_comment(default_sources) -> None:
    disabled = [s for s in default_sources.sources if not s.enabled]
    assert disabled and all(s.kind == "html" for s in disabled)
    lines = [
        line
        for line in SOURCES_FILE.read_text(encoding="utf-8").splitlines()
        if "enabled: false" in line
    ]
    assert len(lines) == len(disabled)
    assert all("#" in line.split("enabled: false", 1)[1] for line in lines)


@pytest.mark.parametrize(
    ("headline", "related"),
    [
        ("Electronics maker bans staff from using ChatGPT after code leak", True),
        ("Italy's privacy watchdog blocks DeepSeek app", True),
        ("Regulator lifts temporary ChatGPT suspension", True),
        ("Anthropic cuts off access for Chinese-owned firms", True),
        ("L'autorité interdit l'usage de l'intelligence artificielle", True),
        ("정부, 딥시크 인공지능 앱 사용 금지", True),
        ("Central bank leaves rates unchanged", False),
        ("New phone launches with a bigger battery", False),
        ("OpenAI releases a new model for developers", False),
    ],
)
def test_the_default_prefilter(default_sources, headline: str, related: bool) -> None:
    assert default_sources.prefilter.matches(headline) is related
