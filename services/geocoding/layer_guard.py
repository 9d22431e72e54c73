"""Evidence the regional layer and spelling variants need before a mention resolves to them.

A village of the regional layer is kept only when a cue ("the village of X", "near X") or NER
vouches for the mention, or when the story is about its country; otherwise the best place outside
the layer wins, or the mention stays unresolved. A spelling variant (KIND_VARIANT) is kept only
inside the story's countries, counted without the mention itself, so a variant never makes its own
country the story's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from services.gazetteer.lookup import Candidate, Gazetteer
from services.gazetteer.schema import KIND_VARIANT

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "GOLD"})


def vouched(toponym: dict[str, Any]) -> bool:
    """A cue or a place label backs the mention."""
    return bool(toponym.get("cue")) or toponym.get("ner_label") in PLACE_LABELS


def _best_where(
    candidates: tuple[Candidate, ...], scores: list[float], keep: Callable[[Candidate], bool]
) -> Candidate | None:
    kept = [(score, index) for index, (candidate, score) in enumerate(zip(candidates, scores)) if keep(candidate)]
    return candidates[max(kept)[1]] if kept else None


def guarded_best(
    gazetteer: Gazetteer,
    toponym: dict[str, Any],
    candidates: tuple[Candidate, ...],
    scores: list[float],
    story_countries: Iterable[str],
) -> Candidate | None:
    """The best candidate the evidence allows (None: no place), given the countries the story is
    about as seen from its other mentions."""
    countries = frozenset(story_countries)
    if candidates and candidates[0].name_kind == KIND_VARIANT:
        return _best_where(candidates, scores, lambda c: c.place.country_code in countries)
    if vouched(toponym):
        return _best_where(candidates, scores, lambda c: True)
    return _best_where(
        candidates,
        scores,
        lambda c: not gazetteer.in_regional_layer(c.place.geonameid) or c.place.country_code in countries,
    )
