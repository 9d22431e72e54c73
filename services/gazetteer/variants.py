"""Spelling-variant keys: one key shared by the transliterations of a Sahel name ("I-n-Déliman",
"In Deliman", "Indelimane"), stored as a secondary name kind and used only when a name has no exact
candidate, only inside the story's country or region (services/geocoding/layer_guard.py)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from services.gazetteer.schema import KIND_SHORT, KIND_VARIANT

VARIANT_PREFIX = "~"  # variant keys never equal an exact key, so exact lookups never see them
MIN_VARIANT_CHARS = 4
# French, English and colonial-era spellings of the same sounds, mapped to one (order matters:
# "tch" before "ch"-like pairs, "ou" before "u"-like letters).
_SPELLINGS = (
    ("tch", "ch"),
    ("tsh", "ch"),
    ("sh", "ch"),
    ("dj", "j"),
    ("dy", "j"),
    ("kh", "k"),
    ("gh", "g"),
    ("q", "k"),
    ("ou", "u"),
    ("oo", "u"),
    ("w", "u"),
    ("y", "i"),
)
_SEPARATORS = re.compile(r"[\s\-'.]+")
_DOUBLED = re.compile(r"(.)\1+")
_FINAL_VOWELS = re.compile(r"[aeiou]+$")


def variant_key(key: str) -> str:
    """The variant key of a normalised name (services.nlp.folding.normalize_name): no
    separators ("I-n-", "In ", "Ag-"), one spelling per sound, no doubled letters, no final vowel."""
    skeleton = _SEPARATORS.sub("", key)
    for written, spoken in _SPELLINGS:
        skeleton = skeleton.replace(written, spoken)
    skeleton = _DOUBLED.sub(r"\1", skeleton)
    stripped = _FINAL_VOWELS.sub("", skeleton)
    return VARIANT_PREFIX + (stripped if len(stripped) >= MIN_VARIANT_CHARS - 1 else skeleton)


def variant_rows(rows: Iterable[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The variant-key rows of a place's name rows (main, ascii and alternate names)."""
    keys = {
        (variant_key(key), gid)
        for key, gid, kind in rows
        if kind < KIND_SHORT and len(key) >= MIN_VARIANT_CHARS
    }
    return [(key, gid, KIND_VARIANT) for key, gid in sorted(keys)]
