"""A place the gazetteer lacks keeps its name: "the village of X", "X camp" become a location named X,
placed, as ACLED does, at the nearest thing that resolves: a town the same sentence names ("30 km north
of Gao"), else the district or region it names, else those of the nearest earlier sentence.
`reference` says whose point it is; the name has no GeoNames id."""

from __future__ import annotations

from typing import Any

from services.gazetteer.cues import load_unlisted_settlement_cues
from services.nlp.folding import normalize_name

# A town said near the name is a better reference than a district, a district better than a region.
_REFERENCE_RANK = {"P": 0, "ADM2": 1, "ADM3": 1, "ADM1": 2}


def names_unlisted_settlement(toponym: dict[str, Any]) -> bool:
    """Whether the toponym's cue says it is a settlement or site ("the village of X", "X camp")."""
    cue = toponym.get("cue")
    return bool(cue) and normalize_name(str(cue)) in load_unlisted_settlement_cues()


def _rank(location: dict[str, Any]) -> int | None:
    if location.get("dateline") or location.get("reference"):
        return None
    if location.get("feature_class") == "P":
        return _REFERENCE_RANK["P"]
    return _REFERENCE_RANK.get(str(location.get("feature_code")))


def _reference(toponym: dict[str, Any], locations: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The most specific resolved place of the toponym's sentence (nearest on ties), else of the
    nearest earlier sentence that has one."""
    sentence = toponym.get("sentence")
    for index in range(sentence if isinstance(sentence, int) else 0, -1, -1):
        ranked = [(rank, abs(loc["start"] - toponym["start"]), n) for n, loc in enumerate(locations)
                  if loc.get("sentence", 0) == index and (rank := _rank(loc)) is not None]
        if ranked:
            return locations[min(ranked)[2]]
        if sentence is None:
            break
    return None


def place_unlisted(toponyms: list[dict[str, Any]], locations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`locations` plus one location per unresolved settlement-cued toponym that has a reference place."""
    resolved = {loc["start"] for loc in locations}
    added = []
    for toponym in toponyms:
        if toponym["start"] in resolved or not names_unlisted_settlement(toponym):
            continue
        reference = _reference(toponym, locations)
        if reference is None:
            continue
        added.append({
            **reference, "text": toponym["text"], "start": toponym["start"], "end": toponym["end"],
            "sentence": toponym.get("sentence"), "geonameid": None, "name": toponym["text"],
            "feature_class": None, "feature_code": None, "population": None, "reference": reference["name"],
        })
    return sorted(locations + added, key=lambda loc: loc["start"])
