"""Sentence spans that never cross a paragraph: the model's sentences, cut at line breaks.

Articles arrive with one paragraph per line; a small model's sentence splitter happily joins a
headline-like line or a quote to the next paragraph. A line break ends a sentence unless it is a
hard wrap inside one (a lower-case word, comma or hyphen before it and a lower-case word after it).
"""

from __future__ import annotations

import re

_LINE_BREAK = re.compile(r"(?<![ \t])[ \t]*\r?\n\s*")  # starts only where a run of blanks does: linear on long runs


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
