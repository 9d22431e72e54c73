"""The one place-cue file (data/place_cues.json): per language, the words that announce a place name
before it ("near X") or after it ("X region"); and the cue a demonym mention carries."""

from __future__ import annotations

from functools import cache

from services.nlp.folding import normalize_name
from services.nlp.languages import language_entries

DEMONYM_CUE = "demonym"  # the cue of a toponym that is a demonym ("Malian"): the geocoder reads it as its country
MATCHER_CUE_KINDS = ("before", "after", "not_before", "weak_before")


def read_place_cues() -> dict[str, dict[str, list[str]]]:
    """The cue lists as written, per language and kind (read through the language registry)."""
    return language_entries("place_cues")


@cache
def load_cues() -> dict[str, dict[str, frozenset[str]]]:
    """The matcher's cue words per language and kind (MATCHER_CUE_KINDS), normalised."""
    return {
        language: {
            kind: frozenset(normalize_name(w) for w in words)
            for kind, words in entry.items()
            if kind in MATCHER_CUE_KINDS
        }
        for language, entry in read_place_cues().items()
    }


@cache
def load_unlisted_settlement_cues() -> frozenset[str]:
    """Cues, in every language, saying a name is a settlement or site ("village of", "camp"), normalised."""
    return frozenset(
        normalize_name(word) for entry in read_place_cues().values() for word in entry.get("unlisted_settlement", ())
    )
