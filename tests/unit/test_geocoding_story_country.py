"""The story's country when no country is named: the article's actors (FAMa, Burkinabe forces) place a
village there rather than at a namesake abroad; a foreign force's demonym never votes; ACLED's parenthesis
"(Bandiagara, Mopti)" names the village's region."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from services.core.settings import Settings
from services.gazetteer.hierarchy import qualifier_of
from services.gazetteer.lookup import Gazetteer, open_gazetteer
from services.geocoding.context import demonym_countries
from services.geocoding.resolver import resolve_mentions
from services.geocoding.story_country import actor_countries, foreign_demonym

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def gazetteer(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return open_gazetteer(Settings(data_dir=tmp_path_factory.getbasetemp() / "geocoding-data"))


def _toponyms(text: str, names: list[str], cues: dict[str, str] | None = None) -> list[dict[str, Any]]:
    found = []
    for name in names:
        start = text.index(name)
        found.append({"text": name, "start": start, "end": start + len(name), "sentence": 0,
                      "cue": (cues or {}).get(name), "ner_label": "GPE"})
    return found


def _forces(text: str, phrase: str) -> list[dict[str, Any]]:
    start = text.index(phrase)
    return [{"text": phrase, "start": start, "end": start + len(phrase), "kind": "state_forces"}]


def _countries(gazetteer: Gazetteer, text: str, names: list[str], actors: Counter[str],
               cues: dict[str, str] | None = None, forces: list[dict[str, Any]] | None = None,
               ) -> tuple[dict[str, str], str | None]:
    toponyms = _toponyms(text, names, cues)
    resolved, focus = resolve_mentions(gazetteer, toponyms, demonym_countries(text), text, "en", actors, forces)
    return {toponym["text"]: candidate.place.country_code for toponym, candidate, _ in resolved}, focus


def test_malian_actors_keep_a_village_in_mali_over_its_algerian_namesake(gazetteer: Gazetteer) -> None:
    text = "FAMa soldiers clashed with Katiba Macina fighters near Bougara on Tuesday."
    assert _countries(gazetteer, text, ["Bougara"], Counter())[0]["Bougara"] == "DZ"  # the town of 38,000
    assert _countries(gazetteer, text, ["Bougara"], Counter({"ML": 2})) == ({"Bougara": "ML"}, "ML")


def test_joint_french_and_burkinabe_forces_fight_in_burkina_faso(gazetteer: Gazetteer) -> None:
    text = "Joint French and Burkinabe forces clashed with JNIM near Saran on Friday."
    cues = {"French": "demonym"}
    # Without actors, "French" votes for France and Saran is the French town (the bug this fixes).
    assert _countries(gazetteer, text, ["French", "Saran"], Counter(), cues)[0]["Saran"] == "FR"
    forces = _forces(text, "Burkinabe forces")
    places, focus = _countries(gazetteer, text, ["French", "Saran"], Counter({"BF": 1}), cues, forces)
    assert (places["Saran"], focus) == ("BF", "BF")


def test_actor_countries_count_each_actor_once_and_only_those_of_one_country() -> None:
    actors = [{"actor_id": "military_forces_of_mali", "located_in": "ML"},
              {"actor_id": "military_forces_of_mali", "located_in": "ML"},
              {"actor_id": "dozo", "located_in": "ML"}, {"actor_id": "jnim", "located_in": None},
              {"actor_id": "vdp", "located_in": "BF"}]
    assert actor_countries(actors) == Counter({"ML": 2, "BF": 1})


def test_a_demonym_is_foreign_only_when_it_qualifies_forces_and_actors_place_the_story_elsewhere() -> None:
    text = "Joint French and Burkinabe forces clashed with JNIM near the French-built bridge in Dori."
    french = {"text": "French", "start": 6, "end": 12, "cue": "demonym"}
    forces = _forces(text, "Burkinabe forces")
    assert foreign_demonym(french, Counter({"BF": 1}), forces)
    assert not foreign_demonym(french, Counter(), forces)
    assert not foreign_demonym({"text": "Burkinabe", "start": 17, "end": 26, "cue": "demonym"}, Counter({"BF": 1}), forces)
    later = text.index("French-built")
    assert not foreign_demonym({"text": "French", "start": later, "end": later + 6, "cue": "demonym"},
                               Counter({"BF": 1}), forces)


def test_acled_parenthesis_names_the_district_and_region(gazetteer: Gazetteer) -> None:
    text = "On 3 May, Dozo militiamen attacked Assa (Bandiagara, Mopti), killing 4 civilians."
    regions, start = qualifier_of(gazetteer, text, text.index("Assa") + 4)
    mopti = next(c.place for c in gazetteer.candidates("mopti") if c.place.feature_code == "ADM1")
    assert regions == frozenset({("ML", mopti.admin1)})
    assert text[start:].startswith("Bandiagara")
    places, _ = _countries(gazetteer, text, ["Assa"], Counter())
    assert places["Assa"] == "ML"  # not Assa, Morocco (pop. 16,000)
