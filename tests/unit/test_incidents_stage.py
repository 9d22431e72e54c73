"""Incident extraction from hand-built enriched articles (the entity and geocoding stages' output shape)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from services.core.settings import Settings
from services.incidents.stage import build_incident_stage

pytestmark = pytest.mark.unit

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_79f011f0f223f87e.txt"
PUBLISHED = "2019-11-05T14:34:05+00:00"


def seed_text() -> str:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    body_start = next(i for i, line in enumerate(lines) if line.startswith("Original:")) + 1
    return "\n".join(lines[body_start:]).strip("\n")


def span(text: str, phrase: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


def place(text: str, phrase: str, name: str, code: str, lat: float, lon: float, admin1: str | None,
          feature: tuple[str, str], geonameid: int, occurrence: int = 0) -> dict[str, Any]:
    start, end = span(text, phrase, occurrence)
    return {"text": phrase, "start": start, "end": end, "geonameid": geonameid, "name": name, "latitude": lat,
            "longitude": lon, "country_code": code, "admin1": admin1, "admin1_name": admin1, "feature_class": feature[0],
            "feature_code": feature[1], "population": 0, "score": 1.0}


def actor(text: str, phrase: str, name: str, inter: int, occurrence: int = 0) -> dict[str, Any]:
    start, end = span(text, phrase, occurrence)
    return {"actor_id": name.lower().replace(" ", "_"), "name": name, "text": phrase, "start": start, "end": end,
            "inter": inter, "country_code": None, "kind": "test"}


def seed_article(with_village: bool) -> dict[str, Any]:
    text = seed_text()
    locations = [
        place(text, "Menaka", "Ménaka", "ML", 15.918, 2.402, "Ménaka", ("P", "PPLA"), 2453348),
        place(text, "Gao", "Gao", "ML", 16.27, 0.04, "Gao", ("A", "ADM1"), 2457161),
        place(text, "Gao", "Gao", "ML", 16.27, 0.04, "Gao", ("A", "ADM1"), 2457161, occurrence=1),
        place(text, "Niger", "Niger", "NE", 17.0, 9.0, None, ("A", "PCLI"), 2440476),
        place(text, "Burkina Faso", "Burkina Faso", "BF", 12.5, -1.67, None, ("A", "PCLI"), 2361809),
        place(text, "Mali", "Mali", "ML", 17.0, -4.0, None, ("A", "PCLI"), 2453866, occurrence=1),
    ]
    if with_village:
        locations.append(place(text, "Indelimane", "Indelimane", "ML", 15.63, 1.80, "Ménaka", ("P", "PPL"), 9000001))
    actors = [
        actor(text, "militant", "Unidentified Armed Group (Mali)", 2),
        actor(text, "soldiers", "Military Forces of Mali", 1),
        actor(text, "soldiers", "Military Forces of Mali", 1, occurrence=1),
        actor(text, "gunmen", "Unidentified Armed Group (Mali)", 2),
        actor(text, "Islamic State in the Greater Sahara", "Islamic State (Greater Sahara)", 2),
        actor(text, "MINUSMA", "MINUSMA", 8),
        actor(text, "French soldier", "Military Forces of France", 8),
        actor(text, "Barkhane Force", "Military Forces of France", 8),
        actor(text, "troops", "Military Forces of Mali", 1),
    ]
    return {
        "id": "79f011f0f223f87e", "url": "http://en.rfi.fr/africa/20191104-mali-mourns", "source": "RFI",
        "title": "Mali mourns soldiers killed in deadliest attack by Jihadists on the country.",
        "published_at": PUBLISHED, "text": text, "language": {"code": "en", "confidence": 1.0, "hint": None},
        "entities": [], "actors": sorted(actors, key=lambda a: a["start"]),
        "toponyms": [], "locations": sorted(locations, key=lambda loc: loc["start"]), "focus_country": "ML",
    }


@pytest.fixture(scope="module")
def extract() -> Any:
    return build_incident_stage(Settings())


def main_of(events: list[dict[str, Any]]) -> dict[str, Any]:
    mains = [e for e in events if e["main"]]
    assert len(mains) == 1, events
    return mains[0]


def test_seed_main_incident_is_the_indelimane_attack(extract: Any) -> None:
    main = main_of(extract(seed_article(with_village=True)))
    assert (main["event_type"], main["sub_event_type"]) == ("Battles", "Armed clash")
    assert (main["event_date"], main["date_precision"]) == ("2019-11-01", 1)
    assert main["fatalities"]["best"] == 49 and main["fatalities"]["high"] >= 50
    assert main["location"]["name"] == "Indelimane" and main["location"]["geo_precision"] == 1
    assert main["location"]["country_code"] == "ML"
    roles = {a["role"]: a for a in main["actors"]}
    assert roles["actor1"]["name"] == "Islamic State (Greater Sahara)" and roles["actor1"]["inter"] == 2
    assert roles["actor2"]["name"] == "Military Forces of Mali" and roles["actor2"]["inter"] == 1
    assert "49 of the soldiers" in main["evidence"]["text"]
    assert main["text" if False else "evidence"]["start"] < main["evidence"]["end"]
    assert main["language"] == "en" and 0 < main["confidence"] <= 1


def test_without_the_village_the_main_incident_is_in_the_menaka_area(extract: Any) -> None:
    main = main_of(extract(seed_article(with_village=False)))
    assert main["location"]["name"] == "Ménaka" and main["location"]["geo_precision"] == 2


def test_seed_background_incidents(extract: Any) -> None:
    background = [e for e in extract(seed_article(with_village=True)) if not e["main"]]
    ied = [e for e in background if e["sub_event_type"] == "Remote explosive/landmine/IED"]
    assert len(ied) == 1
    assert ied[0]["event_type"] == "Explosions/Remote violence"
    assert ied[0]["fatalities"]["best"] == 1
    assert ied[0]["location"]["name"] == "Gao" and ied[0]["location"]["country_code"] == "ML"
    assert any(a["name"] == "Military Forces of France" and a["role"] == "actor2" for a in ied[0]["actors"])
    double_attack = [e for e in background if e["fatalities"]["best"] == 40]
    assert len(double_attack) == 1 and double_attack[0]["event_date"] < "2019-11-01"


def test_incident_ids_are_stable_and_distinct(extract: Any) -> None:
    first = [e["incident_id"] for e in extract(seed_article(with_village=True))]
    again = [e["incident_id"] for e in extract(seed_article(with_village=True))]
    assert first == again and len(set(first)) == len(first)


def test_never_dated_after_publication(extract: Any) -> None:
    assert all(e["event_date"] <= "2019-11-05" for e in extract(seed_article(with_village=True)))


def plain_article(text: str, language: str, published: str = "2021-06-08T10:00:00+00:00", **extra: Any) -> dict[str, Any]:
    return {"id": f"t-{abs(hash(text))}", "url": "https://example.org/a", "source": "Example", "title": extra.pop("title", ""),
            "published_at": published, "text": text, "language": {"code": language, "confidence": 1.0, "hint": None},
            "actors": [], "locations": [], "toponyms": [], "entities": [], "focus_country": extra.pop("focus_country", None), **extra}


@pytest.mark.parametrize(
    "text",
    [
        "The striker killed it on Saturday, scoring twice as United shot down the league leaders in a 3-1 win.",
        "The central bank's rate rise is an attack on inflation, which remains high despite explosive growth in services.",
        "Smith shot a 65 on Sunday to lead by three at the Open, attacking the pins on the back nine.",
        "Astronomers said the telescope detected water vapour on an exoplanet, an explosive result for the field.",
        "The comedian killed at the festival on Friday night, and critics said the show was a bomb-proof hit.",
        "Shares exploded higher after the chipmaker's earnings beat forecasts, killing off fears of a slowdown.",
    ],
)
def test_figurative_violence_yields_no_incident(extract: Any, text: str) -> None:
    assert extract(plain_article(text, "en")) == []


@pytest.mark.parametrize(
    ("text", "language", "published", "best", "event_date", "event_type"),
    [
        ("Au moins 14 civils ont été tués samedi dans une embuscade tendue par des hommes armés près de Djibo.",
         "fr", "2021-06-08T10:00:00+00:00", 14, "2021-06-05", "Violence against civilians"),
        ("Al menos 15 personas murieron el domingo en un ataque armado contra una vereda del Cauca.",
         "es", "2022-03-15T10:00:00+00:00", 15, "2022-03-13", "Violence against civilians"),
        ("Pelo menos dez civis foram mortos ontem num ataque de insurgentes à aldeia de Nanduli.",
         "pt", "2022-09-08T10:00:00+00:00", 10, "2022-09-07", "Violence against civilians"),
        ("Mindestens 17 Soldaten wurden am Freitag bei einem Angriff von Dschihadisten getötet.",
         "de", "2023-08-14T10:00:00+00:00", 17, "2023-08-11", "Battles"),
        ("Quarante-neuf soldats ont été tués vendredi lors d'une attaque jihadiste contre un camp militaire.",
         "fr", "2019-11-05T10:00:00+00:00", 49, "2019-11-01", "Battles"),
    ],
)
def test_incidents_in_five_languages(extract: Any, text: str, language: str, published: str, best: int,
                                     event_date: str, event_type: str) -> None:
    main = main_of(extract(plain_article(text, language, published)))
    assert main["fatalities"]["best"] == best
    assert main["event_date"] == event_date
    assert main["event_type"] == event_type
    assert main["language"] == language


def test_no_stated_date_means_publication_week(extract: Any) -> None:
    main = main_of(extract(plain_article("Gunmen killed five villagers in an attack on a village in Zamfara.", "en")))
    assert (main["event_date"], main["date_precision"]) == ("2021-06-08", 2)


def test_country_level_location_from_focus(extract: Any) -> None:
    article = plain_article("Gunmen killed five villagers on Monday, residents said.", "en", focus_country="NG")
    main = main_of(extract(article))
    assert main["location"]["country_code"] == "NG" and main["location"]["geo_precision"] == 3


def test_events_match_the_incident_event_schema(extract: Any) -> None:
    from services.core.schemas import validate

    for event in extract(seed_article(with_village=True)):
        validate("incident_event", event)
