"""Length-preserving text folding: one character in, one character out, so offsets found in folded
text are offsets into the original text.

Two rules, for two kinds of matching (each caller's results depend on its rule, so they stay apart):
- `fold_text` / `normalize_name`, for place names (the gazetteer, its matcher, the geocoder):
  compatibility forms decomposed ("ﬁ"), case folded ("ß"), every apostrophe, dash and blank unified.
- `fold_case_and_accents`, for the entity stage's lexicons (countries, actors, person and place cues):
  accents stripped and lower-cased, the common apostrophes unified, every other character as written.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_NAME_APOSTROPHES = "\u2019\u2018\u02bc\u02bb`\u00b4\u2032"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"
_LEXICON_APOSTROPHES = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"}


@lru_cache(maxsize=65536)
def fold_char(char: str) -> str:
    """One character, accent-folded and case-folded, still one character long (the place-name rule)."""
    if char in _NAME_APOSTROPHES:
        return "'"
    if char in _DASHES:
        return "-"
    if char.isspace():
        return " "
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c)) or char
    folded = base.casefold()
    return folded[0] if folded else char


def fold_text(text: str) -> str:
    """The text accent- and case-folded character by character (same length as the input)."""
    return "".join(fold_char(c) for c in text)


def normalize_name(name: str) -> str:
    """The lookup key of a place name: folded, with runs of spaces collapsed and ends trimmed."""
    return " ".join(fold_text(name).split())


@lru_cache(maxsize=4096)
def _fold_lexicon_char(char: str) -> str:
    if char in _LEXICON_APOSTROPHES:
        return _LEXICON_APOSTROPHES[char]
    base = unicodedata.normalize("NFD", char)[0].lower()
    return base if len(base) == 1 else char


def fold_case_and_accents(text: str) -> str:
    """Lower-case, accent-stripped copy of `text` with exactly one character per input character
    (the entity-lexicon rule: blanks, dashes and compatibility forms stay as written)."""
    return "".join(_fold_lexicon_char(char) for char in text)


def is_word_boundary(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is not glued to a letter or digit on either side."""
    before_ok = start == 0 or not text[start - 1].isalnum()
    after_ok = end >= len(text) or not text[end].isalnum()
    return before_ok and after_ok
