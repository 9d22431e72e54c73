"""The story's country when the text names none, from its actors: national forces at home and local
militias belong to one country (their `located_in`, services/entities/data/actors.json), so a village
named beside FAMa or Koglweogo lies in Mali or Burkina Faso, not at a namesake abroad.

A demonym that qualifies forces ("French troops", "joint French and Burkinabe forces"), of a country
no actor places the story in, says whose soldiers, not where: it neither votes for the story's country
nor counts as a country the text names. Other demonyms ("the Israeli city of Sderot") still vote.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from services.gazetteer.cues import DEMONYM_CUE
from services.gazetteer.demonyms import load_demonyms
from services.nlp.folding import normalize_name

FORCE_KINDS = frozenset({"state_forces", "foreign_state_forces"})
FORCE_REACH_CHARS = 40  # "French and Burkinabe forces": the demonym qualifies forces named just after it


def actor_countries(actors: Iterable[dict[str, Any]]) -> Counter[str]:
    """Per country, how many distinct actors of the article place the story there."""
    seen: dict[str, str] = {}
    for actor in actors:
        country = actor.get("located_in")
        if country:
            seen.setdefault(str(actor.get("actor_id") or actor.get("text")), country)
    return Counter(seen.values())


def foreign_demonym(toponym: dict[str, Any], countries: Counter[str], actors: Iterable[dict[str, Any]] = ()) -> bool:
    """A demonym mention ("French") that qualifies forces, of a country none of the article's actors
    places the story in, when some actor does place it (without actors a demonym stays evidence)."""
    if toponym.get("cue") != DEMONYM_CUE or not countries:
        return False
    if demonym_country(str(toponym.get("text") or "")) in countries:
        return False
    start, end = toponym["start"], toponym["end"]
    return any(
        actor.get("kind") in FORCE_KINDS and actor["start"] < end + FORCE_REACH_CHARS and start < actor["end"]
        for actor in actors
    )


def demonym_country(text: str) -> str | None:
    key = normalize_name(text).removesuffix("'s")
    demonyms = load_demonyms()
    return demonyms.get(key) or (demonyms.get(key[:-1]) if key.endswith("s") else None)


def local_demonyms(demonyms: Counter[str], foreign: Iterable[dict[str, Any]]) -> Counter[str]:
    """The demonym counts less the foreign forces' demonym mentions (see foreign_demonym)."""
    left = Counter(demonyms)
    for toponym in foreign:
        code = demonym_country(str(toponym.get("text") or ""))
        if code and left[code] > 0:
            left[code] -= 1
    return +left
