"""The cheap title + summary test: an AI term AND a restriction term, whole words."""

from __future__ import annotations

import pytest

from scrapers.prefilter import Prefilter

PREFILTER = Prefilter(
    ai_terms=("ChatGPT", "Claude Code", "AI", "chatbot*"),
    restriction_terms=("ban", "bans", "banned", "restrict*", "lifts"),
)


@pytest.mark.parametrize(
    "text",
    [
        "Bank bans ChatGPT on staff laptops",
        "A ministry restricts chatbots on official phones",
        "Regulator lifts its AI freeze",
        "Retailer says CLAUDE   CODE is banned for contractors",
    ],
)
def test_related_items_pass(text: str) -> None:
    assert PREFILTER.matches(text)


@pytest.mark.parametrize(
    "text",
    [
        "Bank bans cash withdrawals on Sundays",  # restriction, no AI term
        "ChatGPT gets a new voice",  # AI, no restriction
        "Fountain paint banana sale",  # 'ai' and 'ban' only inside other words
        "",
    ],
)
def test_unrelated_items_fail(text: str) -> None:
    assert not PREFILTER.matches(text)


def test_title_and_summary_are_read_together() -> None:
    assert PREFILTER.matches("Ministry acts on chatbot", "The order restricts use at work.")
    assert PREFILTER.reasons("Ministry acts on chatbots", "It restricted them.") == (
        "chatbots",
        "restricted",
    )


def test_an_empty_term_list_is_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        Prefilter(ai_terms=(), restriction_terms=("ban",))


def test_the_fast_word_test_agrees_with_the_regex_on_the_demo_feeds() -> None:
    """`matches` tests words in sets for speed; `reasons` uses the whole-word regex. On every
    title and summary of the demo site, and a few edge cases, the two must agree."""
    import feedparser

    from offlimits.settings import DEMO_DIR
    from scrapers.sources import load_sources

    texts = ["AI-powered bans", "an aide banned", "restricting chatbots", "Claude, Code ban",
             "", "BAN on GPT", "the ban-hammer for DeepSeek's app", "政府禁止使用DeepSeek",
             "정부, 딥시크 챗봇 사용 금지", "人工智能应用暂停下载", "KI-Verbot im Amt",
             "Le Chat restreint", "GPT-4o suspended in Italy", "A.I. tools blocked"]
    for feed in (DEMO_DIR / "site" / "feeds").iterdir():
        parsed = feedparser.parse(feed.read_bytes())
        texts += [f"{e.get('title', '')} {e.get('summary', '')}" for e in parsed.entries]
    assert len(texts) > 20
    root = DEMO_DIR.parent.parent
    for sources in (DEMO_DIR / "sources.yml", root / "data" / "sources.yml"):
        prefilter = load_sources(sources).prefilter
        for text in texts:
            ai, restriction = prefilter.reasons(text)
            assert prefilter.matches(text) == bool(ai and restriction), (sources, text)
