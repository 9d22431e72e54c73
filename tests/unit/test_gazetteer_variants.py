"""Spelling variants: one key per Sahel name's transliterations, used only without an exact match and
only inside the story's countries."""

from __future__ import annotations

from typing import Any

import pytest

from services.gazetteer.variants import variant_key
from services.nlp.folding import normalize_name

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("I-n-Déliman", "Indelimane"),
        ("In Deliman", "Indelimani"),
        ("Ouahigouya", "Wahigouya"),
        ("Djibo", "Jibo"),
        ("Tchoma Bangou", "Choma Bangu"),
        ("Tessalit", "Tesalit"),
        ("Ag-Hamed", "Ag Hamed"),
        ("Ménaka", "Menaka"),
    ],
)
def test_transliterations_share_a_key(one: str, other: str) -> None:
    assert variant_key(normalize_name(one)) == variant_key(normalize_name(other))


@pytest.mark.parametrize(("one", "other"), [("Gao", "Goa"), ("Kidal", "Kita"), ("Mopti", "Mali")])
def test_different_names_keep_different_keys(one: str, other: str) -> None:
    assert variant_key(normalize_name(one)) != variant_key(normalize_name(other))


def _toponym(text: str, name: str, cue: str | None = None) -> dict[str, Any]:
    start = text.index(name)
    return {"text": name, "start": start, "end": start + len(name), "cue": cue, "ner_label": "GPE"}


def _geocode(settings: Any, text: str, names: list[tuple[str, str | None]]) -> dict[str, dict[str, Any]]:
    from services.geocoding.stage import build_geocoding_stage

    stage = build_geocoding_stage(settings)
    article = {"id": "t", "text": text, "language": {"code": "en"},
               "toponyms": [_toponym(text, name, cue) for name, cue in names]}
    return {loc["text"]: loc for loc in stage(article)[0]["locations"]}


def test_a_variant_spelling_resolves_inside_the_story_country(geocoding_settings: Any) -> None:
    text = "Militants attacked the army base near Indelimane, in the Ménaka region of Mali, killing 49 soldiers."
    found = _geocode(geocoding_settings, text, [("Indelimane", "near"), ("Ménaka", None), ("Mali", None)])
    assert found["Indelimane"]["country_code"] == "ML"
    assert abs(found["Indelimane"]["latitude"] - 15.87) < 0.3 and abs(found["Indelimane"]["longitude"] - 1.52) < 0.3


def test_a_variant_spelling_outside_the_story_country_is_not_used(geocoding_settings: Any) -> None:
    text = "Police in Ohio said the man from Indelimane had been arrested in Columbus."
    found = _geocode(geocoding_settings, text, [("Ohio", None), ("Indelimane", None), ("Columbus", None)])
    assert found.get("Indelimane", {}).get("country_code") != "ML"


def test_an_exact_name_wins_over_a_variant(geocoding_settings: Any) -> None:
    text = "Gunmen killed five people in Ménaka, Mali, on Sunday."
    found = _geocode(geocoding_settings, text, [("Ménaka", "in"), ("Mali", None)])
    assert normalize_name(found["Ménaka"]["name"]) == "menaka"
