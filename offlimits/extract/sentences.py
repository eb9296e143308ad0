"""Split article text into sentences (with their offsets), cheaply and predictably."""

from __future__ import annotations

import re
from dataclasses import dataclass

# words after which a full stop does not end a sentence
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gov", "sen", "rep", "gen", "lt", "col", "st", "jr", "sr",
    "inc", "corp", "co", "ltd", "plc", "dept", "no", "vs", "etc", "e.g", "i.e", "approx",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "u.s", "u.k", "e.u", "u.n", "a.m", "p.m", "d.c", "j.p",
}
_BOUNDARY = re.compile(
    r"(?<=[.!?])([\"'\u201d\u2019)]*)\s+(?=[\"'\u201c\u2018(\u2022-]*[A-Z0-9\u00c0-\u024f])"
)
_LINES = re.compile(r"\n\s*")
# "am 8. Mai 2024": a German ordinal day before a month name ends no sentence
_ORDINAL_MONTH = re.compile(r"(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|"
                            r"September|Oktober|November|Dezember)\b")
# a "sentence" longer than this is split at the last space before the limit, so text without
# sentence breaks costs linear time (per-sentence readers are not linear in a sentence's length)
MAX_SENTENCE_CHARS = 600


@dataclass(frozen=True)
class Sentence:
    text: str
    index: int  # 0 is the title
    start: int  # offset in the article body (title: -1)


def split_sentences(text: str) -> list[tuple[int, str]]:
    """`text` -> [(offset, sentence)], splitting at line breaks and at sentence-final stops."""
    out: list[tuple[int, str]] = []
    for line_match in _iter_lines(text):
        line_start, line = line_match
        start = 0
        for b in _BOUNDARY.finditer(line):
            before = line[max(start, b.start() - 40):b.start()].rstrip("\"'\u201d\u2019)")
            word = re.search(r"([\w.]+)[.!?]$", before)
            if word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
                continue
            if word and re.fullmatch(r"[A-Z]", word.group(1)):  # an initial: "Donald J. Trump"
                continue
            if word and re.fullmatch(r"\d{1,2}", word.group(1)) and \
                    _ORDINAL_MONTH.match(line, b.end()):
                continue
            out.extend(_capped(line_start + start, line[start:b.end(1)]))
            start = b.end()
        out.extend(_capped(line_start + start, line[start:]))
    return out


def _capped(offset: int, piece: str) -> list[tuple[int, str]]:
    """`piece` stripped, cut into parts of at most MAX_SENTENCE_CHARS at spaces."""
    out: list[tuple[int, str]] = []
    start = 0
    while len(piece) - start > MAX_SENTENCE_CHARS:
        cut = piece.rfind(" ", start, start + MAX_SENTENCE_CHARS)
        if cut <= start:
            cut = start + MAX_SENTENCE_CHARS
        part = piece[start:cut]
        if part.strip():
            out.append((offset + start + len(part) - len(part.lstrip()), part.strip()))
        start = cut
    part = piece[start:]
    if part.strip():
        out.append((offset + start + len(part) - len(part.lstrip()), part.strip()))
    return out


def _iter_lines(text: str):
    start = 0
    for m in _LINES.finditer(text):
        yield start, text[start:m.start()]
        start = m.end()
    yield start, text[start:]


def article_sentences(title: str, text: str) -> list[Sentence]:
    """The title (index 0) followed by the body's sentences."""
    out = []
    if title and title.strip():
        out.append(Sentence(title.strip(), 0, -1))
    for offset, piece in split_sentences(text or ""):
        out.append(Sentence(piece, len(out), offset))
    return out
