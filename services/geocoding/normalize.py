"""Length-preserving name normalisation shared by the gazetteer, the matcher and the resolver.

Every character maps to exactly one character, so offsets found in the normalised text are
offsets into the original text.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_APOSTROPHES = "\u2019\u2018\u02bc\u02bb`\u00b4\u2032"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"


@lru_cache(maxsize=65536)
def fold_char(char: str) -> str:
    """One character, accent-folded and case-folded, still one character long."""
    if char in _APOSTROPHES:
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
