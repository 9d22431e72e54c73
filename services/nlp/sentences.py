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

_LINE_BREAK = re.compile(r"(?<![ \t])[ \t]*\r?\n\s*")  # starts only where a run of blanks does: linear on long runs
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“'A-ZÀ-ÖØ-Þ0-9])|\n\s*\n|\n(?=\s*[A-ZÀ-ÖØ-Þ])")


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
        if text[start:m.start()].strip():
            spans.append({"start": start + len(text[start:m.start()]) - len(text[start:m.start()].lstrip()), "end": m.start()})
        start = m.end()
    if text[start:].strip():
        spans.append({"start": start, "end": len(text.rstrip())})
    return spans
