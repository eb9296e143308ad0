"""Organisations the gazetteer lacks: one test of a name, typed by its head noun."""

import pytest

from offlimits.extract import extract, load_gazetteer
from offlimits.extract.model import ArticleText


@pytest.mark.parametrize(("sentence", "name", "kind"), [
    ("Judge Ana Ruiz ordered lawyers not to use ChatGPT for filings in her court.",
     "Judge Ana Ruiz", "court"),
    ("The South Coast Health Service banned staff from using ChatGPT for notes.",
     "South Coast Health Service", "government"),
    ("Northbridge University banned ChatGPT in exams.", "Northbridge University",
     "organisation"),
    ("Orbis Logistics banned ChatGPT on work laptops.", "Orbis Logistics", "company"),
])
def test_an_unknown_actor_is_typed_by_its_head(sentence, name, kind):
    result = extract(ArticleText(id="x", title="Staff memo", text=sentence,
                                 published="2023-05-30"), load_gazetteer())
    actors = [(e.actor.name, e.actor.type) for e in result.events]
    assert (name, kind) in actors, actors


def test_a_speaker_title_is_no_organisation():
    text = ("The Information Commissioner's Office opened an investigation into Snap. "
            "Mr Hartley said the office would investigate Snap further.")
    result = extract(ArticleText(id="x", title="Watchdog acts", text=text,
                                 published="2024-10-07"), load_gazetteer())
    assert {e.actor.id for e in result.events} == {"ico-uk"}
