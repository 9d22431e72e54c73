"""A name NER reads as a person's, with no place cue, is no small town abroad ("Bassett said")."""

from __future__ import annotations

from typing import Any

import pytest

from services.core.settings import Settings
from services.geocoding.stage import build_geocoding_stage

pytestmark = pytest.mark.unit

TEXT = "Gunmen killed four soldiers in Gao, Mali, on Friday. Bassett, a United Nations spokesman, condemned the attack."


def _toponym(text: str, ner_label: str | None, cue: str | None) -> dict[str, Any]:
    start = TEXT.index(text)
    return {"text": text, "start": start, "end": start + len(text), "cue": cue, "ner_label": ner_label, "sentence": 0}


@pytest.fixture(scope="module")
def stage(geocoding_settings: Settings) -> Any:
    return build_geocoding_stage(geocoding_settings)


def _places(stage: Any, bassett_label: str | None, bassett_cue: str | None) -> dict[str, str]:
    article = {
        "id": "t",
        "text": TEXT,
        "language": {"code": "en", "confidence": 1.0, "hint": None},
        "toponyms": [_toponym("Gao", None, "in"), _toponym("Mali", "GPE", None),
                     _toponym("Bassett", bassett_label, bassett_cue)],
    }
    return {loc["text"]: loc["country_code"] for loc in stage(article)[0]["locations"]}


def test_a_person_named_like_a_small_foreign_town_is_no_place(stage: Any) -> None:
    places = _places(stage, "PER", None)
    assert places.get("Gao") == "ML"
    assert "Bassett" not in places


def test_a_place_cue_still_makes_it_a_place(stage: Any) -> None:
    assert "Bassett" in _places(stage, "PER", "in")
