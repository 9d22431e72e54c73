"""Sentence spans ({"start", "end"}, trimmed, in text order), two ways:

- `paragraph_sentences`: the model's sentences (the entity stage), cut where a paragraph ends. Articles
  arrive with one paragraph per line; a small model's sentence splitter happily joins a headline-like
  line or a quote to the next paragraph. A line break ends a sentence unless it is a hard wrap inside
  one (a lower-case word, comma or hyphen before it and a lower-case word after it).
- `split_sentences`: without a model (the incident stage), at sentence-ending punctuation before a
  capital, a blank line, or a line break before a capital.
"""

from __future__ import annotations

import re
from functools import cache

from services.nlp.dates import month_names

_LINE_BREAK = re.compile(r"(?<![ \t])[ \t]*\r?\n\s*")  # starts only where a run of blanks does: linear on long runs
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“'A-ZÀ-ÖØ-Þ0-9])|\n\s*\n|\n(?=\s*[A-ZÀ-ÖØ-Þ])")
_ORDINAL_DAY = re.compile(r"\b\d{1,2}\.$")


@cache
def _month_start() -> re.Pattern[str]:
    names = sorted((name for name in month_names() if len(name) > 2), key=len, reverse=True)
    alternation = "|".join(re.escape(name) for name in names)
    return re.compile(rf"(?:{alternation})\b", re.IGNORECASE)


def _is_ordinal_date(text: str, boundary: re.Match[str]) -> bool:
    """'am 12. Juni': the dot of a German ordinal day ends no sentence."""
    return bool(_ORDINAL_DAY.search(text[:boundary.start()])) and bool(_month_start().match(text, boundary.end()))


def paragraph_sentences(text: str, spans: list[tuple[int, int]]) -> list[dict[str, int]]:
    """[{"start", "end"}] per sentence, trimmed of surrounding whitespace, in text order."""
    sentences = []
    for start, end in spans:
        piece_start = start
        for match in _LINE_BREAK.finditer(text, start, end):
            if _hard_wrap(text, match.start(), match.end()):
                continue
            sentences += _trimmed(text, piece_start, match.start())
            piece_start = match.end()
        sentences += _trimmed(text, piece_start, end)
    return sentences


def _hard_wrap(text: str, before: int, after: int) -> bool:
    if "\n\n" in text[before:after].replace("\r", "").replace(" ", "").replace("\t", ""):
        return False
    last = text[before - 1] if before > 0 else ""
    following = text[after] if after < len(text) else ""
    return (last.islower() or last in ",-") and following.islower()


def _trimmed(text: str, start: int, end: int) -> list[dict[str, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return [{"start": start, "end": end}] if start < end else []


def split_sentences(text: str) -> list[dict[str, int]]:
    """A fallback sentence splitter for articles that did not pass through the entity stage."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if _is_ordinal_date(text, m):
            continue
        if text[start:m.start()].strip():
            spans.append({"start": start + len(text[start:m.start()]) - len(text[start:m.start()].lstrip()), "end": m.start()})
        start = m.end()
    if text[start:].strip():
        spans.append({"start": start, "end": len(text.rstrip())})
    return spans
