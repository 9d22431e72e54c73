"""Length-preserving case and accent folding, so matches on folded text keep the original offsets."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_APOSTROPHES = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"}


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in _APOSTROPHES:
        return _APOSTROPHES[char]
    base = unicodedata.normalize("NFD", char)[0].lower()
    return base if len(base) == 1 else char


def fold(text: str) -> str:
    """Lower-case, accent-stripped copy of `text` with exactly one character per input character."""
    return "".join(_fold_char(char) for char in text)


def is_word_boundary(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is not glued to a letter or digit on either side."""
    before_ok = start == 0 or not text[start - 1].isalnum()
    after_ok = end >= len(text) or not text[end].isalnum()
    return before_ok and after_ok
