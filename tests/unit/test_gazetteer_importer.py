"""Importing GeoNames dumps: villages missing from cities500 become resolvable."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from services.core.settings import Settings
from services.gazetteer.build import ensure_gazetteer
from services.gazetteer.distance import distance_km
from services.gazetteer.importer import import_geonames
from services.gazetteer.matcher import ToponymMatcher
from services.gazetteer.name_trie import name_trie_path
from services.geocoding.stage import build_geocoding_stage

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "geonames"
SENTENCE = (
    "Army sources said 49 soldiers were killed on Friday during a surprise attack on the Indelimane military "
    "base, near Menaka northeastern region of Gao near the border with Niger."
)


@pytest.fixture()
def settings(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    shared = ensure_gazetteer(Settings(data_dir=tmp_path_factory.getbasetemp() / "geocoding-data"))
    own = tmp_path / "gazetteer.sqlite"
    shutil.copyfile(shared, own)
    shutil.copyfile(name_trie_path(shared), name_trie_path(own))
    return Settings(data_dir=tmp_path, gazetteer_path=own)


def _geocode(settings: Settings, text: str) -> dict[str, Any]:
    toponyms = ToponymMatcher.from_settings(settings).find(text, "en")
    return build_geocoding_stage(settings)({"id": "t", "text": text, "toponyms": toponyms})[0]


@pytest.mark.unit
def test_indelimane_resolves_after_import(settings: Settings) -> None:
    assert "Indelimane" not in [loc["text"] for loc in _geocode(settings, SENTENCE)["locations"]]
    summary = import_geonames(
        [FIXTURES / "alternateNamesV2.txt", FIXTURES / "ML.txt", FIXTURES / "admin1CodesASCII.txt"], settings
    )
    assert (summary.places, summary.admin1) == (5, 3)  # the wadi (class H) is skipped
    article = _geocode(settings, SENTENCE)
    indelimane = next(loc for loc in article["locations"] if loc["text"] == "Indelimane")
    assert (indelimane["geonameid"], indelimane["country_code"], indelimane["admin1_name"]) == (
        99000001,
        "ML",
        "Ménaka",
    )
    assert distance_km(indelimane["latitude"], indelimane["longitude"], 15.9, 1.4) < 20


@pytest.mark.unit
def test_import_is_an_upsert(settings: Settings) -> None:
    files = [FIXTURES / "ML.txt", FIXTURES / "alternateNamesV2.txt"]
    import_geonames(files, settings)
    again = import_geonames(files, settings)
    assert again.places == 5
    # Alternate names of hamlets are not in the matcher's name trie, but NER spans resolve through them.
    text = "Clashes were reported in Tabankor and near Indélimane."
    toponyms = [
        {"text": "Tabankor", "start": 25, "end": 33, "cue": "in", "ner_label": "GPE"},
        {"text": "Indélimane", "start": 43, "end": 53, "cue": "near", "ner_label": "GPE"},
    ]
    article = build_geocoding_stage(settings)({"id": "t", "text": text, "toponyms": toponyms})[0]
    assert [loc["geonameid"] for loc in article["locations"]] == [99000004, 99000001]


@pytest.mark.unit
def test_an_imported_index_without_a_name_trie_gets_one_and_keeps_its_places(settings: Settings) -> None:
    import_geonames([FIXTURES / "ML.txt", FIXTURES / "alternateNamesV2.txt", FIXTURES / "admin1CodesASCII.txt"],
                    settings)
    index = ensure_gazetteer(settings)
    name_trie_path(index).unlink()  # as an index imported before the name trie (it had an automaton)
    index.with_name(index.name + ".aho").write_bytes(b"old automaton")
    assert ensure_gazetteer(settings) == index
    assert name_trie_path(index).exists() and not index.with_name(index.name + ".aho").exists()
    indelimane = next(loc for loc in _geocode(settings, SENTENCE)["locations"] if loc["text"] == "Indelimane")
    assert indelimane["geonameid"] == 99000001  # the import survived: only the trie was written
