"""A place after a participle's "by", or owning "'s ban on", is the actor, not an origin."""

import pytest

from offlimits.extract.extractor import extract
from offlimits.extract.model import ArticleText


@pytest.mark.parametrize("sentence", [
    "DeepSeek was banned by Italy on Thursday.",
    "Italy's ban on DeepSeek took effect on Friday.",
])
def test_place_is_the_actor(sentence: str) -> None:
    result = extract(ArticleText(id="t", title=sentence, text="", published="2025-02-01"))
    assert [(e.actor.country if e.actor else None, e.vendor.id if e.vendor else None, e.action)
            for e in result.events] == [("IT", "deepseek", "ban")]


def test_origin_possessive_is_not_an_actor() -> None:
    sentence = "South Korea's ban on China's DeepSeek is final."
    result = extract(ArticleText(id="t", title=sentence, text="", published="2025-02-01"))
    assert [e.actor.country for e in result.events if e.actor] == ["KR"]
