"""Text without sentence breaks: extraction stays linear and still reads the restriction."""

from offlimits.extract.extractor import extract
from offlimits.extract.model import ArticleText
from offlimits.extract.sentences import MAX_SENTENCE_CHARS, split_sentences

FILLER = "staff members discussed quarterly budgets and travel plans with partners "


def test_unbroken_text_is_cut_into_bounded_sentences() -> None:
    text = FILLER * 1200  # about 85 KB, not one full stop
    pieces = split_sentences(text)
    assert len(text) > 85_000
    assert all(len(p) <= MAX_SENTENCE_CHARS for _, p in pieces)
    assert all(text[o:o + len(p)] == p for o, p in pieces)  # offsets point at the piece


def test_restriction_in_85kb_unbroken_text_is_found() -> None:
    text = FILLER * 600 + "Italy's privacy regulator banned DeepSeek " + FILLER * 600
    article = ArticleText(id="long", title="", text=text, published="2025-01-30")
    result = extract(article)
    assert any(e.product or e.vendor for e in result.events)
    assert {(e.vendor.id if e.vendor else None) for e in result.events} == {"deepseek"}
