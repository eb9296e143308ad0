"""The per-language files load, cover every action, and a broken file is refused by name."""

import pytest

from offlimits.extract.lang import LexiconError, load_lexicon
from offlimits.extract.model import ACTIONS

CODES = ["zh", "ja", "ko", "de", "fr", "it", "es", "pt"]


@pytest.mark.parametrize("code", CODES)
def test_each_language_file_covers_every_action(code):
    lex = load_lexicon(code)
    assert set(lex.triggers) == set(ACTIONS)
    assert lex.prefilter_terms
    ban_words = set(lex.triggers["ban"])
    assert ban_words & set(lex.prefilter_terms)


def test_unknown_action_is_refused_naming_the_file(tmp_path):
    (tmp_path / "xx.yml").write_text("language: xx\ntriggers:\n  forbid: [nope]\n"
                                     "prefilter_terms: [nope]\n")
    with pytest.raises(LexiconError, match=r"xx\.yml.*forbid"):
        load_lexicon("xx", tmp_path)


def test_empty_word_list_is_refused(tmp_path):
    (tmp_path / "xx.yml").write_text("language: xx\ntriggers:\n  ban: []\nprefilter_terms: [a]\n")
    with pytest.raises(LexiconError, match="triggers.ban"):
        load_lexicon("xx", tmp_path)
