"""The incident's place: demonyms rank below named places, and a country-level place carries the country's point."""

from __future__ import annotations

from typing import Any

import pytest

from services.core.settings import Settings
from services.incidents.stage import build_incident_stage

pytestmark = pytest.mark.unit

COUNTRIES = {"FR": ("France", 3017382, 46.0, 2.0), "ML": ("Mali", 2453866, 18.0, -2.0)}


def place(text: str, phrase: str, code: str, feature: tuple[str, str], name: str | None = None,
          geonameid: int | None = None, point: tuple[float, float] | None = None) -> dict[str, Any]:
    start = text.index(phrase)
    country = COUNTRIES.get(code)
    if feature[1] == "PCLI" and country is not None:
        name, geonameid, point = country[0], country[1], country[2:]
    latitude, longitude = point or (0.0, 0.0)
    return {"text": phrase, "start": start, "end": start + len(phrase), "geonameid": geonameid, "name": name or phrase,
            "latitude": latitude, "longitude": longitude, "country_code": code, "admin1": None, "admin1_name": None,
            "feature_class": feature[0], "feature_code": feature[1], "population": 0, "score": 1.0}


def demonym(text: str, phrase: str, code: str) -> tuple[dict[str, Any], dict[str, Any]]:
    location = place(text, phrase, code, ("A", "PCLI"))
    toponym = {"text": phrase, "start": location["start"], "end": location["end"], "cue": "demonym", "ner_label": "NORP"}
    return location, toponym


def main_location(text: str, locations: list[dict[str, Any]], toponyms: list[dict[str, Any]],
                  focus: str | None = None, actors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    article = {"id": f"t-{abs(hash(text))}", "url": "https://example.org/a", "source": "Example", "title": "",
               "published_at": "2019-11-05T10:00:00+00:00", "text": text,
               "language": {"code": "en", "confidence": 1.0, "hint": None}, "actors": actors or [], "entities": [],
               "locations": sorted(locations, key=lambda loc: loc["start"]), "toponyms": toponyms, "focus_country": focus}
    events = build_incident_stage(Settings())(article)
    location: dict[str, Any] = next(e for e in events if e["main"])["location"]
    return location


def test_a_french_soldier_killed_in_the_gao_region_is_in_gao() -> None:
    text = "A French soldier was killed on Saturday when an improvised explosive device hit his vehicle in the Gao region."
    french, cue = demonym(text, "French", "FR")
    gao = place(text, "Gao region", "ML", ("A", "ADM1"), "Gao", 2457161, (16.27, 0.04))
    for focus in ("ML", None):
        location = main_location(text, [french, gao], [cue], focus)
        assert (location["name"], location["country_code"]) == ("Gao", "ML")


def test_a_demonym_ranks_below_a_named_country() -> None:
    text = "Two French soldiers were killed on Saturday in an ambush in Mali, the army said."
    french, cue = demonym(text, "French", "FR")
    mali = place(text, "Mali", "ML", ("A", "PCLI"))
    location = main_location(text, [french, mali], [cue])
    assert (location["country_code"], location["geo_precision"]) == ("ML", 3)


def test_a_demonym_ranks_below_a_country_named_earlier_in_the_paragraph() -> None:
    text = "The army has fought jihadists in Mali for years. Two French soldiers were killed in an ambush on Saturday."
    french, cue = demonym(text, "French", "FR")
    mali = place(text, "Mali", "ML", ("A", "PCLI"))
    assert main_location(text, [french, mali], [cue])["country_code"] == "ML"


def test_a_lone_demonym_still_gives_the_country_with_its_point() -> None:
    text = "Two Malian soldiers were killed in an ambush on Saturday, the army said."
    malian, cue = demonym(text, "Malian", "ML")
    location = main_location(text, [malian], [cue])
    assert (location["country_code"], location["geonameid"], location["latitude"]) == ("ML", 2453866, 18.0)


def test_a_country_level_location_carries_the_country_point() -> None:
    location = main_location("Gunmen killed five villagers on Monday, residents said.", [], [], focus="NG")
    assert location["country_code"] == "NG" and location["geo_precision"] == 3
    assert location["geonameid"] == 2328926
    assert location["latitude"] is not None and location["longitude"] is not None


def test_the_country_point_comes_from_the_article_when_it_named_the_country() -> None:
    text = "Mali has been at war since 2012.\n\nGunmen killed five villagers on Monday, residents said."
    mali = {**place(text, "Mali", "ML", ("A", "PCLI")), "latitude": 17.5, "longitude": -3.9}
    location = main_location(text, [mali], [], focus="ML")
    assert (location["geonameid"], location["latitude"], location["longitude"]) == (2453866, 17.5, -3.9)


def test_joint_french_and_burkinabe_forces_in_a_named_village_are_not_in_france() -> None:
    text = "Joint French and Burkinabe forces clashed with JNIM militants near Boussé, killing 12 of them."
    french, french_cue = demonym(text, "French", "FR")
    burkinabe, burkinabe_cue = demonym(text, "Burkinabe", "BF")
    village = place(text, "Boussé", "BF", ("P", "PPL"), "Boussé", 2362344, (12.66, -1.89))
    start = text.index("Burkinabe forces")
    forces = {"actor_id": "military_forces_of_burkina_faso", "name": "Military Forces of Burkina Faso", "inter": 1,
              "text": "Burkinabe forces", "start": start, "end": start + 16, "country_code": "BF",
              "kind": "state_forces", "located_in": "BF", "sentence": 0}
    for focus in ("FR", "BF", None):
        location = main_location(text, [french, burkinabe, village], [french_cue, burkinabe_cue], focus, [forces])
        assert (location["name"], location["country_code"]) == ("Boussé", "BF")


def test_a_dateline_city_is_not_the_event_place_when_the_story_names_one() -> None:
    text = "KABUL (Reuters) - Gunmen killed 12 people at a mosque in Kunduz on Friday, officials said."
    kabul = {**place(text, "KABUL", "AF", ("P", "PPLC"), "Kabul", 1138958, (34.53, 69.17)), "dateline": True}
    kunduz = place(text, "Kunduz", "AF", ("P", "PPLA"), "Kunduz", 1135689, (36.73, 68.86))
    location = main_location(text, [kabul, kunduz], [], "AF")
    assert location["name"] == "Kunduz"


def test_a_dateline_city_is_the_fallback_when_the_story_names_no_place() -> None:
    text = "NAIROBI - Gunmen killed 12 people at a market on Friday, police said."
    nairobi = {**place(text, "NAIROBI", "KE", ("P", "PPLC"), "Nairobi", 184745, (-1.28, 36.82)), "dateline": True}
    location = main_location(text, [nairobi], [], "KE")
    assert (location["name"], location["country_code"]) == ("Nairobi", "KE")


def test_a_dateline_gives_way_to_another_country_the_story_names() -> None:
    text = "NAIROBI - Al-Shabaab fighters killed 12 soldiers in Somalia on Friday, the army said."
    nairobi = {**place(text, "NAIROBI", "KE", ("P", "PPLC"), "Nairobi", 184745, (-1.28, 36.82)), "dateline": True}
    somalia = place(text, "Somalia", "SO", ("A", "PCLI"), "Somalia", 51537, (6.0, 48.0))
    location = main_location(text, [nairobi, somalia], [], "KE")
    assert (location["country_code"], location["geo_precision"]) == ("SO", 3)


def test_a_village_the_gazetteer_lacks_keeps_its_name_at_the_regions_point() -> None:
    text = "Gunmen killed 12 civilians in the village of Tinzawaten in the Ménaka region on Sunday."
    region = place(text, "Ménaka", "ML", ("A", "ADM1"), "Ménaka", 2454532, (15.92, 2.4))
    village = {**region, "text": "Tinzawaten", "start": text.index("Tinzawaten"), "end": text.index("Tinzawaten") + 10,
               "name": "Tinzawaten", "geonameid": None, "feature_class": None, "feature_code": None,
               "reference": "Ménaka"}
    location = main_location(text, [village, region], [], "ML")
    assert (location["name"], location["geo_precision"], location["reference"]) == ("Tinzawaten", 2, "Ménaka")
    assert (location["latitude"], location["country_code"]) == (15.92, "ML")
