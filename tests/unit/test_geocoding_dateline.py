"""The geocoder resolves a dateline ("KABUL (Reuters) -") like any place and keeps its flag."""

from __future__ import annotations

import pytest

from services.core.settings import Settings
from services.gazetteer.lookup import Gazetteer, open_gazetteer
from services.geocoding.stage import geocode_article

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def gazetteer(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return open_gazetteer(Settings(data_dir=tmp_path_factory.getbasetemp() / "geocoding-data"))


def test_the_dateline_flag_reaches_the_location(gazetteer: Gazetteer) -> None:
    text = "KABUL (Reuters) - Gunmen killed 12 people in Kunduz on Friday."
    start = text.index("Kunduz")
    toponyms = [{"text": "KABUL", "start": 0, "end": 5, "sentence": 0, "cue": "dateline", "ner_label": None,
                 "dateline": True},
                {"text": "Kunduz", "start": start, "end": start + 6, "sentence": 0, "cue": "in", "ner_label": "GPE"}]
    locations = {loc["text"]: loc for loc in geocode_article(gazetteer, {"text": text, "toponyms": toponyms})["locations"]}
    assert (locations["KABUL"]["name"], locations["KABUL"]["dateline"]) == ("Kabul", True)
    assert "dateline" not in locations["Kunduz"]
