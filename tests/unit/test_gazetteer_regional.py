"""The regional layer: built from GeoNames country files, loaded by default, spotted only with evidence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from services.gazetteer.matcher import ToponymMatcher
from services.gazetteer.regional import is_written_name, read_layer, write_layer

pytestmark = pytest.mark.unit
FIXTURES = Path(__file__).parents[1] / "fixtures" / "geonames"


def test_layer_keeps_places_and_sites_not_streams(tmp_path: Path) -> None:
    counts = write_layer([FIXTURES / "ML.txt"], tmp_path)
    assert counts == {"ML": 4, "NE": 1}  # one file per country; "Oued Indelimane" is a wadi (H.WAD)
    places = {place.name: place for place in read_layer(tmp_path)}
    assert set(places) == {"Indelimane", "Anderamboukane", "Inékar", "Tabankort", "Tillia"}
    assert places["Indelimane"].latitude == 15.88 and places["Indelimane"].country_code == "ML"
    assert "Indélimane" in places["Indelimane"].alternates


def test_layer_is_rebuilt_byte_for_byte(tmp_path: Path) -> None:
    write_layer([FIXTURES / "ML.txt"], tmp_path)
    first = (tmp_path / "ML.tsv.gz").read_bytes()
    write_layer([FIXTURES / "ML.txt"], tmp_path)
    assert (tmp_path / "ML.tsv.gz").read_bytes() == first


def test_only_written_latin_names_are_kept() -> None:
    assert is_written_name("I-n-Déliman")
    assert is_written_name("Ti-n-Zaouâtene")
    assert not is_written_name("إنديليمان")
    assert not is_written_name("ML-09")
    assert not is_written_name("mei na ka")
    assert not is_written_name("https://en.wikipedia.org/wiki/Gao")


def _cued(text: str, name: str, cue: str | None, ner_label: str | None = None) -> dict[str, Any]:
    start = text.index(name)
    return {"text": name, "start": start, "end": start + len(name), "cue": cue, "ner_label": ner_label}


def test_a_village_of_the_layer_resolves_by_default(geocoding_settings: Any) -> None:
    from services.geocoding.stage import build_geocoding_stage

    stage = build_geocoding_stage(geocoding_settings)
    text = "On 12 December 2019, JNIM militants attacked the village of Tassiga (Ansongo, Gao)."
    article = {"id": "t", "text": text, "language": {"code": "en"},
               "toponyms": [_cued(text, "Tassiga", "village of"), _cued(text, "Gao", None)]}
    location = next(loc for loc in stage(article)[0]["locations"] if loc["text"] == "Tassiga")
    assert location["country_code"] == "ML"
    assert abs(location["latitude"] - 15.47) < 0.1 and abs(location["longitude"] - 0.69) < 0.1


def test_village_names_that_are_words_are_not_spotted(matcher: ToponymMatcher) -> None:
    text = "Game over: the Table-topping side won the Game 3-0 at home on Saturday."
    spotted = {mention["text"] for mention in matcher.find(text, "en")}
    assert not spotted & {"Game", "Table"}


def test_an_uncued_layer_name_in_a_foreign_story_stays_unplaced(geocoding_settings: Any) -> None:
    from services.geocoding.stage import build_geocoding_stage

    stage = build_geocoding_stage(geocoding_settings)
    text = "Fans in Ohio and Texas watched Table beat the favourites in Chicago."
    article = {"id": "t", "text": text, "language": {"code": "en"},
               "toponyms": [_cued(text, "Ohio", None), _cued(text, "Texas", None), _cued(text, "Table", None),
                            _cued(text, "Chicago", None)]}
    countries = {loc["text"]: loc["country_code"] for loc in stage(article)[0]["locations"]}
    assert countries.get("Table") in (None, "US")
