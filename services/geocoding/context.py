"""Article-level evidence for disambiguation: demonyms and cue classes."""

from __future__ import annotations

import re
from collections import Counter

from services.gazetteer.demonyms import load_demonyms
from services.nlp.folding import normalize_name
from services.nlp.languages import words_of_every_language

_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")

# Cue words that say which kind of place a name is ("the Gao region", "the town of Gao"), of every language.
ADMIN_CUES = frozenset(words_of_every_language("place_kind_cues", "admin"))
SETTLEMENT_CUES = frozenset(words_of_every_language("place_kind_cues", "settlement"))
COUNTY_WORDS = frozenset(words_of_every_language("place_kind_cues", "county_words"))


def demonym_countries(text: str) -> Counter[str]:
    """How often each country is named by a demonym in the text ("Malian soldiers" -> ML)."""
    table = load_demonyms()
    words = [normalize_name(match.group()) for match in _WORD.finditer(text) if match.group()[0].isupper()]
    counts: Counter[str] = Counter()
    for index, word in enumerate(words):
        pair = f"{word} {words[index + 1]}" if index + 1 < len(words) else ""
        code = table.get(pair) or table.get(word)
        if code:
            counts[code] += 1
    return counts
