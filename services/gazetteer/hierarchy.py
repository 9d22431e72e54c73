"""Qualifiers written right after a toponym: "Dublin, Ohio", "Springfield, Ill.", "Paris, TX",
"Paris, France", and ACLED's parenthesis "Bandiagara (Bandiagara, Mopti)" (district, region). They
name the region or country the place lies in."""

from __future__ import annotations

import re
from typing import Any

from services.gazetteer.lookup import Gazetteer, Place
from services.nlp.folding import normalize_name

Region = tuple[str, str | None]  # (country code, admin1 code), admin1 None for the whole country

# Up to three capitalised words (or an abbreviation such as "N.Y." or "Calif.") after a comma.
_QUALIFIER = re.compile(r"[ \t]*,[ \t]*([A-Z][\w.'-]*(?:[ \t]+[A-Z][\w.'-]*){0,2})")
# ACLED's habit: the district and first-level region in parentheses after a village, "(Bandiagara, Mopti)".
_PARENTHESIS = re.compile(r"[ \t]*\(([A-Z][^()\n]{0,60})\)")
_REGION_CODES = frozenset({"ADM1", "PCLI"})


def _regions_named(gazetteer: Gazetteer, phrase: str, districts: bool = False) -> frozenset[Region]:
    """The first-level regions and countries a phrase names ("Ill.", "Ohio", "France", "OH"); with
    `districts`, a second-level area names its first-level region too."""
    regions: set[Region] = set()
    code = phrase.removesuffix(".")  # "Paris, TX." at the end of a sentence
    if len(code) == 2 and code.isupper() and gazetteer.admin1_name("US", code):
        regions.add(("US", code))  # US postal codes are GeoNames' admin1 codes
    key = normalize_name(phrase).removesuffix("'s")
    for variant in dict.fromkeys((key, key.rstrip("."))):
        for candidate in gazetteer.candidates(variant):
            place = candidate.place
            if place.feature_code == "ADM1":
                regions.add((place.country_code, place.admin1))
            elif place.feature_code == "PCLI":
                regions.add((place.country_code, None))
            elif districts and place.feature_code == "ADM2" and place.admin1:
                regions.add((place.country_code, place.admin1))
        if regions:
            break
    return frozenset(regions)


def qualifier_of(gazetteer: Gazetteer, text: str, end: int) -> tuple[frozenset[Region], int]:
    """The regions named by the qualifier after offset end, and where the qualifier starts (-1: none).
    The longest leading run of words that names a region wins ("New South Wales", "New York")."""
    parenthesis = _PARENTHESIS.match(text, end)
    if parenthesis is not None:
        named = _parenthesis_regions(gazetteer, parenthesis.group(1))
        if named:
            return named, parenthesis.start(1)
    match = _QUALIFIER.match(text, end)
    if match is None:
        return frozenset(), -1
    words = match.group(1).split()
    for size in range(len(words), 0, -1):
        regions = _regions_named(gazetteer, " ".join(words[:size]))
        if regions:
            return regions, match.start(1)
    return frozenset(), -1


def _parenthesis_regions(gazetteer: Gazetteer, inner: str) -> frozenset[Region]:
    """Every region the comma-separated parts of an ACLED parenthesis name (district, region), the
    most specific (the first-level region, named last) alone when the parts disagree."""
    parts = [part.strip() for part in inner.split(",") if part.strip()]
    found = [_regions_named(gazetteer, part, districts=True) for part in parts]
    for regions in reversed(found):
        if regions:
            shared = frozenset.intersection(*(r for r in found if r))
            return shared or regions
    return frozenset()


def inside(place: Place, regions: frozenset[Region]) -> bool:
    """Whether a place lies in one of the regions, and is below them in the hierarchy (a town in a
    state, a state in a country; never a state "in" another state, as in "Ohio, Indiana")."""
    if place.feature_code == "PCLI" or place.feature_class == "L":
        return False
    if (place.country_code, None) in regions:
        return True
    return place.feature_code != "ADM1" and (place.country_code, place.admin1) in regions


def contains(place: Place, other: Place) -> bool:
    """Whether region or country place contains the (lower) place other."""
    if place.feature_code not in _REGION_CODES or other.feature_code == "PCLI":
        return False
    if place.feature_code == "PCLI":
        return other.country_code == place.country_code
    return other.feature_code != "ADM1" and (other.country_code, other.admin1) == (
        place.country_code,
        place.admin1,
    )


def qualifiers(
    gazetteer: Gazetteer, text: str, toponyms: list[dict[str, Any]]
) -> tuple[list[frozenset[Region]], dict[int, int]]:
    """Per toponym, the regions its qualifier names; and qualifier toponym index -> head index."""
    starts = {toponym["start"]: index for index, toponym in enumerate(toponyms)}
    regions: list[frozenset[Region]] = []
    heads: dict[int, int] = {}
    for index, toponym in enumerate(toponyms):
        named, start = qualifier_of(gazetteer, text, toponym["end"]) if text else (frozenset(), -1)
        regions.append(named)
        if start in starts and starts[start] != index:
            heads[starts[start]] = index
    return regions, heads
