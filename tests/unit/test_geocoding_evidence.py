"""Evidence beyond the name: NER labels (a place label vouches, a person or organisation label
counts against a weak candidate), foreign alternate names, English names of first-level regions."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from services.core.settings import Settings
from services.gazetteer.lookup import Gazetteer, open_gazetteer
from services.geocoding.resolver import resolve_mentions


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(data_dir=tmp_path_factory.getbasetemp() / "geocoding-data")


@pytest.fixture(scope="module")
def gazetteer(settings: Settings) -> Gazetteer:
    return open_gazetteer(settings)


def _toponym(text: str, start: int, label: str | None) -> dict[str, Any]:
    return {
        "text": text,
        "start": start,
        "end": start + len(text),
        "sentence": 0,
        "cue": None,
        "ner_label": label,
    }


def _resolved(gazetteer: Gazetteer, text: str, toponyms: list[dict[str, Any]]) -> dict[str, str]:
    resolved, _ = resolve_mentions(gazetteer, toponyms, Counter(), text)
    return {toponym["text"]: candidate.place.country_code for toponym, candidate, _ in resolved}


@pytest.mark.unit
def test_an_organisation_label_does_not_vouch_for_a_hamlet(gazetteer: Gazetteer) -> None:
    text = "The Red Cross said aid reached Sanaa in Yemen."
    toponyms = [_toponym("Red Cross", 4, "ORG"), _toponym("Sanaa", 31, "GPE"), _toponym("Yemen", 40, "GPE")]
    assert "Red Cross" not in _resolved(gazetteer, text, toponyms)
    toponyms[0]["ner_label"] = "LOC"
    assert "Red Cross" in _resolved(gazetteer, text, toponyms)


@pytest.mark.unit
def test_a_person_label_keeps_a_town_the_article_places(gazetteer: Gazetteer) -> None:
    # NER often labels Sahel towns PER; nearby places and the region still place it in Mali.
    text = "Soldiers from Menaka and Gao in Mali went to Ansongo."
    toponyms = [
        _toponym("Menaka", 14, "GPE"),
        _toponym("Gao", 25, "GPE"),
        _toponym("Mali", 32, "GPE"),
        _toponym("Ansongo", 45, "PER"),
    ]
    assert _resolved(gazetteer, text, toponyms)["Ansongo"] == "ML"


@pytest.mark.unit
def test_foreign_alternate_name_loses_to_the_focus_country(geocode: Any) -> None:
    text = (
        "Niger: Bei einem Angriff in Niger wurden Soldaten zwischen den Orten Boni und Torodi "
        "in der Region Tillabéri getötet, nahe der Grenze zu Mali."
    )
    article = geocode(text, "de")
    assert article["focus_country"] == "NE"
    assert {loc["country_code"] for loc in article["locations"]} <= {"NE", "ML"}


@pytest.mark.unit
def test_foreign_alternate_name_with_a_place_label_falls_back(gazetteer: Gazetteer) -> None:
    text = "Fighting between Boni and Torodi in Niger."
    toponyms = [_toponym("Boni", 17, "GPE"), _toponym("Torodi", 26, "GPE"), _toponym("Niger", 36, "GPE")]
    assert _resolved(gazetteer, text, toponyms)["Boni"] == "NE"


@pytest.mark.unit
@pytest.mark.parametrize(
    ("name", "country", "region"),
    [
        ("Lower Shabelle", "SO", "14"),
        ("Middle Shabelle", "SO", "13"),
        ("Far North", "CM", "12"),
        ("Cabo Delgado", "MZ", None),
        ("Borno", "NG", None),
        ("Tillaberi", "NE", "09"),
    ],
)
def test_english_names_of_regions_resolve_to_the_region(
    geocode: Any, name: str, country: str, region: str | None
) -> None:
    article = geocode(f"Gunmen attacked a village in the {name} region on Monday.")
    found = [loc for loc in article["locations"] if name in loc["text"]]
    assert found, article["locations"]
    assert found[0]["feature_code"] == "ADM1"
    assert found[0]["country_code"] == country
    assert region is None or found[0]["admin1"] == region


@pytest.mark.unit
def test_soum_is_the_burkinabe_province(geocode: Any) -> None:
    article = geocode("Fourteen civilians were killed near Djibo, in the Soum province of Burkina Faso.")
    soum = [loc for loc in article["locations"] if loc["text"] == "Soum"]
    assert soum and soum[0]["country_code"] == "BF"


@pytest.mark.unit
def test_an_ordinary_word_of_the_article_language_needs_a_cue(gazetteer: Gazetteer) -> None:
    text = "Según la Defensoría del Pueblo, hubo 15 muertos en Colombia."
    toponyms = [_toponym("Pueblo", 24, "LOC"), _toponym("Colombia", 51, "LOC")]
    resolved, _ = resolve_mentions(gazetteer, toponyms, Counter(), text, "es")
    assert [toponym["text"] for toponym, _, _ in resolved] == ["Colombia"]
    # In English "Pueblo" is first of all the Colorado city.
    english = "Protesters marched in Pueblo, Colorado."
    resolved, _ = resolve_mentions(gazetteer, [_toponym("Pueblo", 22, "GPE")], Counter(), english, "en")
    assert resolved[0][1].place.country_code == "US"
