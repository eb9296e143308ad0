"""Which of our nine languages an article is written in: declared language first, else guessed.

The guess needs no model: the script decides Korean (Hangul), Japanese (kana) and Chinese
(Han without kana); among Latin-script languages the most frequent function words decide.
"""

from __future__ import annotations

import re

LANGUAGES = ("en", "zh", "ja", "ko", "de", "fr", "it", "es", "pt")

_HANGUL = re.compile(r"[\uac00-\ud7af]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_WORD = re.compile(r"[^\W\d_]+")

def _words(spaced: str) -> list[str]:
    return spaced.split()


_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(_words("the and of to is was that with for from has have by")),
    "de": frozenset(_words("der die das und ist nicht mit von den dem des auf für sich")),
    "fr": frozenset(_words("le la les et des est une dans pour par du sur qui pas")),
    "it": frozenset(_words("il lo gli di che è della per non una sono dal alla degli")),
    "es": frozenset(_words("el los las del que por una para con se su al es")),
    "pt": frozenset(_words("os as do da dos das que não uma para com pelo pela em")),
}


def detect_language(text: str, declared: str | None = None) -> str:
    """ISO 639-1 code of `text`: `declared` when it is ours, else a guess ("en" if unsure)."""
    if declared:
        code = declared.strip().lower().replace("_", "-").split("-")[0]
        if code in LANGUAGES:
            return code
    if _HANGUL.search(text):
        return "ko"
    if _KANA.search(text):
        return "ja"
    if len(_HAN.findall(text)) >= 2:
        return "zh"
    words = [w.lower() for w in _WORD.findall(text)]
    scores = {lang: sum(w in vocab for w in words) for lang, vocab in _FUNCTION_WORDS.items()}
    best = max(scores, key=lambda lang: (scores[lang], lang == "en"))
    return best if scores[best] else "en"
