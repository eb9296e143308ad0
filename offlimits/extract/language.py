"""Which of our eleven languages an article is written in: declared language first, else guessed.

The script decides Korean (Hangul), Japanese (kana), Chinese (Han without kana) and Hindi
(Devanagari); among the Latin-script ones lingua (lingua-language-detector, restricted to our
seven Latin-script languages, low-accuracy mode) decides from the opening text, but only when
it is sure and the text has that language's function words: a short English headline of
proper names ("Staff at Deutsche Bank told ...") is otherwise easily taken for German.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

LANGUAGES = ("en", "zh", "ja", "ko", "de", "fr", "it", "es", "pt", "nl", "hi")
SAMPLE_CHARS = 1200  # the title and opening paragraphs decide; longer samples only cost time
FUNCTION_WORD_CHARS = 600  # enough for the plainly-English shortcut

_HANGUL = re.compile(r"[\uac00-\ud7af]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_DEVANAGARI = re.compile(r"[\u0900-\u097f]")
_WORD = re.compile(r"[^\W\d_]+")


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": _words("the and of to is was that with for from has have by its are"),
    "de": _words("der die das und ist nicht mit von den dem des auf für sich ein eine"),
    "fr": _words("le la les et des est une dans pour par du sur qui pas au aux"),
    "it": _words("il lo gli di che è della per non una sono dal alla degli del"),
    "es": _words("el los las del que por una para con se su al es y"),
    "pt": _words("os as do da dos das que não uma para com pelo pela em ao"),
    "nl": _words("de het een en van is dat niet met voor op zijn door ook bij"),
}
# word -> the languages it is a function word of (one dictionary lookup a word)
_LANGUAGES_OF: dict[str, tuple[str, ...]] = {}
for _lang, _vocab in _FUNCTION_WORDS.items():
    for _word in _vocab:
        _LANGUAGES_OF[_word] = (*_LANGUAGES_OF.get(_word, ()), _lang)
MIN_CONFIDENCE = 0.75
_LATIN = {Language.ENGLISH: "en", Language.GERMAN: "de", Language.FRENCH: "fr",
          Language.ITALIAN: "it", Language.SPANISH: "es", Language.PORTUGUESE: "pt",
          Language.DUTCH: "nl"}


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    """One detector per process: it is immutable once built."""
    return LanguageDetectorBuilder.from_languages(*_LATIN).with_low_accuracy_mode().build()


def detect_language(text: str, declared: str | None = None) -> str:
    """ISO 639-1 code of `text`: `declared` when it is ours, else a guess ("en" if unsure)."""
    if declared:
        code = declared.strip().lower().replace("_", "-").split("-")[0]
        if code in LANGUAGES:
            return code
    sample = text[:SAMPLE_CHARS]
    if _HANGUL.search(sample):
        return "ko"
    if _KANA.search(sample):
        return "ja"
    if len(_HAN.findall(sample)) >= 2:
        return "zh"
    if len(_DEVANAGARI.findall(sample)) >= 20:
        return "hi"
    counts = dict.fromkeys(_FUNCTION_WORDS, 0)
    for word in _WORD.findall(sample[:FUNCTION_WORD_CHARS].lower()):
        for lang in _LANGUAGES_OF.get(word, ()):
            counts[lang] += 1
    if counts["en"] >= 6 and counts["en"] >= 3 * max(c for k, c in counts.items() if k != "en"):
        return "en"  # plainly English: no need to ask the model
    # the model is native code: text it cannot encode (a lone surrogate) is replaced first
    clean = sample.encode("utf-8", "replace").decode("utf-8")
    values = _detector().compute_language_confidence_values(clean)
    if not values:
        return "en"
    best = _LATIN.get(values[0].language, "en")
    if best == "en" or values[0].value < MIN_CONFIDENCE:
        return "en"
    return best if counts[best] >= 1 and counts[best] >= counts["en"] else "en"
