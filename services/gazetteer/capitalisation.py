"""Whether a capital letter says anything about a word: not at a sentence's start, not inside a longer
capitalised name ("the Clean Air Act", "Superior Court"), not in a title-case headline."""

from __future__ import annotations

import re

_OPENERS = " \t\"'“‘«([*•-–—"
_SENTENCE_ENDS = ".!?:;…\n"
_WORD_BEFORE = re.compile(r"([A-Z][^\W\d_A-Z][^\W\d_]*) $")
_WORD_AFTER = re.compile(r" ([A-Z][^\W\d_A-Z][^\W\d_]*)")
_LINE_WORD = re.compile(r"[^\W\d_]{4,}")
TITLE_CASE_SHARE = 0.8
TITLE_CASE_MIN_WORDS = 4


def starts_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 40) : start].rstrip(_OPENERS)
    return not before or before[-1] in _SENTENCE_ENDS


def in_capitalised_run(text: str, start: int, end: int, ordinary: frozenset[str]) -> bool:
    """Whether a capitalised word is written right before or after the span, so that the span is part
    of a longer name ("Clean Air Act"). Ordinary words ("In", "The", "County", "River": the caller's
    set) and a word capitalised only by starting its sentence do not count; nor do acronyms ("NY")."""
    before = _WORD_BEFORE.search(text, max(0, start - 30), start)
    after = _WORD_AFTER.match(text, end)
    if (
        before is not None
        and before.group(1).casefold() not in ordinary
        and not starts_sentence(text, before.start(1))
    ):
        return True
    return after is not None and after.group(1).casefold() not in ordinary


def in_title_case_line(text: str, start: int) -> bool:
    """Whether the span's line is a headline in title case (most of its longer words capitalised)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    words: list[str] = _LINE_WORD.findall(text[line_start : line_end if line_end != -1 else len(text)])
    if len(words) < TITLE_CASE_MIN_WORDS:
        return False
    return sum(word[0].isupper() for word in words) >= TITLE_CASE_SHARE * len(words)


def capitalised_by_position(text: str, start: int, end: int, ordinary: frozenset[str]) -> bool:
    """Whether the span's capital letter may come from where it stands rather than from being a name."""
    return (
        starts_sentence(text, start)
        or in_capitalised_run(text, start, end, ordinary)
        or in_title_case_line(text, start)
    )


def written_as_name_elsewhere(text: str, start: int, end: int, ordinary: frozenset[str]) -> bool:
    """Whether the same word appears elsewhere in the text where only being a name capitalises it."""
    surface = text[start:end]
    for match in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text):
        if match.start() != start and not capitalised_by_position(text, match.start(), match.end(), ordinary):
            return True
    return False
