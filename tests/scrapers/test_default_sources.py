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
    assert engines["federal_register"] >= 1
    for source in searches:
        minimum = {"gdelt": 15, "federal_register": 240}.get(source.engine, 60)
        assert source.interval_minutes >= minimum, source.id
        url = search_url(source)
        assert url.startswith(
            (
                "https://news.google.com/rss/search?q=",
                "https://api.gdeltproject.org/api/v2/doc/doc?query=",
                "https://www.federalregister.gov/api/v1/documents.json?",
            )
        )
        if source.engine == "gdelt":
            assert int(source.params.get("maxrecords", 75)) <= 250
            assert " AI " not in f" {source.query} "  # GDELT refuses keywords under 3 letters


def test_disabled_sources_say_why(default_sources) -> None:
    disabled = [s for s in default_sources.sources if not s.enabled]
    assert disabled and all(s.disabled_reason for s in disabled)
    assert "enabled: false" not in SOURCES_FILE.read_text(encoding="utf-8")


def test_every_language_has_sources(default_sources) -> None:
    enabled = Counter(s.language for s in default_sources.enabled)
    for language in ("zh", "ja", "ko", "de", "fr", "it", "es", "pt"):
        assert enabled[language] >= 1, language


def test_corrected_addresses(default_sources) -> None:
    url = {s.id: s.url for s in default_sources.sources}
    assert url["garante-privacy"] == "https://www.garanteprivacy.it/o/gpdp-rss/rss?t=news"
    assert url["edps"] == "https://www.edps.europa.eu/feed/news_en"
    assert url["ec-digital-strategy"] == "https://digital-strategy.ec.europa.eu/en/rss.xml"
    assert url["euractiv-tech"] == "https://www.euractiv.com/sections/tech/feed/"
    assert url["pipc-korea"] == "https://www.pipc.go.kr/eng/user/ltn/new/noticeList.do"
    bis = default_sources.get("us-bis-federal-register")
    assert "conditions[agencies][]=industry-and-security-bureau" in search_url(bis)
    assert not default_sources.get("openai-news").fetch_pages
    assert "JavaScript" in (default_sources.get("ico").disabled_reason or "")


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
