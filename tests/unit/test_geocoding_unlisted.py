"""A place the gazetteer lacks keeps its name, placed at the nearest place the text names."""

from __future__ import annotations

from typing import Any

import pytest

from services.core.settings import Settings
from services.gazetteer.lookup import Gazetteer, open_gazetteer
from services.geocoding.stage import geocode_article
from services.geocoding.unlisted import place_unlisted

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def gazetteer(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return open_gazetteer(Settings(data_dir=tmp_path_factory.getbasetemp() / "geocoding-data"))


def _toponym(text: str, name: str, cue: str | None, sentence: int = 0) -> dict[str, Any]:
    start = text.index(name)
    return {"text": name, "start": start, "end": start + len(name), "sentence": sentence, "cue": cue, "ner_label": "GPE"}


def _geocoded(gazetteer: Gazetteer, text: str, toponyms: list[dict[str, Any]], language: str = "en") -> dict[str, Any]:
    article = geocode_article(gazetteer, {"text": text, "toponyms": toponyms, "language": language})
    return {loc["text"]: loc for loc in article["locations"]}


def test_a_village_near_a_named_town_is_placed_at_the_town(gazetteer: Gazetteer) -> None:
    text = "Gunmen attacked the village of Zzyxkoro, 30 km north of Gao, killing 12 people."
    found = _geocoded(gazetteer, text, [_toponym(text, "Zzyxkoro", "village of"), _toponym(text, "Gao", None)])
    village, gao = found["Zzyxkoro"], found["Gao"]
    assert (village["name"], village["reference"], village["geonameid"]) == ("Zzyxkoro", "Gao", None)
    assert (village["latitude"], village["country_code"]) == (gao["latitude"], "ML")


def test_a_camp_in_a_named_region_is_placed_at_the_region(gazetteer: Gazetteer) -> None:
    text = "Militants stormed Zzyxkoro camp in the Ménaka region, killing 12 soldiers."
    found = _geocoded(gazetteer, text, [_toponym(text, "Zzyxkoro", "camp"), _toponym(text, "Ménaka", "region")])
    assert (found["Zzyxkoro"]["name"], found["Zzyxkoro"]["reference"]) == ("Zzyxkoro", "Ménaka")


def test_le_village_de_takes_the_place_named_in_the_sentence_before(gazetteer: Gazetteer) -> None:
    text = "Les violences ont repris dans le cercle de Bandiagara. Le village de Zzyxkoro a été attaqué."
    toponyms = [_toponym(text, "Bandiagara", "cercle de"), _toponym(text, "Zzyxkoro", "village de", 1)]
    found = _geocoded(gazetteer, text, toponyms, "fr")
    assert (found["Zzyxkoro"]["name"], found["Zzyxkoro"]["country_code"]) == ("Zzyxkoro", "ML")


def test_an_uncued_unknown_name_gets_no_place() -> None:
    toponyms = [{"text": "Zzyxkoro", "start": 0, "end": 8, "sentence": 0, "cue": None}]
    gao = {"text": "Gao", "start": 20, "end": 23, "sentence": 0, "name": "Gao", "feature_class": "P", "feature_code": "PPLA"}
    assert place_unlisted(toponyms, [gao]) == [gao]


def test_a_town_is_a_better_reference_than_a_region() -> None:
    toponyms = [{"text": "Zzyxkoro", "start": 0, "end": 8, "sentence": 0, "cue": "hamlet of"}]
    region = {"text": "Gao region", "start": 40, "end": 50, "sentence": 0, "name": "Gao", "feature_class": "A",
              "feature_code": "ADM1"}
    town = {"text": "Ansongo", "start": 60, "end": 67, "sentence": 0, "name": "Ansongo", "feature_class": "P",
            "feature_code": "PPL"}
    placed = place_unlisted(toponyms, [region, town])
    assert placed[0]["reference"] == "Ansongo"
