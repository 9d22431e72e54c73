"""The story's country when the text names none, from its actors: national forces at home and local
militias belong to one country (their `located_in`, services/entities/data/actors.json), so a village
named beside FAMa or Koglweogo lies in Mali or Burkina Faso, not at a namesake abroad.

A demonym of a country no actor places the story in ("joint French and Burkinabe forces") says whose
soldiers, not where: it neither votes for the story's country nor counts as a country the text names.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from services.gazetteer.cues import DEMONYM_CUE
from services.gazetteer.demonyms import load_demonyms
from services.nlp.folding import normalize_name


def actor_countries(actors: Iterable[dict[str, Any]]) -> Counter[str]:
    """Per country, how many distinct actors of the article place the story there."""
    seen: dict[str, str] = {}
    for actor in actors:
        country = actor.get("located_in")
        if country:
            seen.setdefault(str(actor.get("actor_id") or actor.get("text")), country)
    return Counter(seen.values())


def foreign_demonym(toponym: dict[str, Any], countries: Counter[str]) -> bool:
    """A demonym mention ("French") of a country none of the article's actors places the story in,
    when some actor does place it (without actors a demonym stays evidence, as before)."""
    if toponym.get("cue") != DEMONYM_CUE or not countries:
        return False
    return demonym_country(str(toponym.get("text") or "")) not in countries


def demonym_country(text: str) -> str | None:
    key = normalize_name(text).removesuffix("'s")
    demonyms = load_demonyms()
    return demonyms.get(key) or (demonyms.get(key[:-1]) if key.endswith("s") else None)


def local_demonyms(demonyms: Counter[str], countries: Counter[str]) -> Counter[str]:
    """The demonym counts that still speak for the story's country (see foreign_demonym)."""
    if not countries:
        return demonyms
    return Counter({code: count for code, count in demonyms.items() if code in countries})
