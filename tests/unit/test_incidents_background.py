"""Background incidents, actor roles and undated articles: what a reader of the seeds sees."""

from __future__ import annotations

from typing import Any

import pytest

from services.core.schemas import validate
from services.core.settings import Settings
from services.incidents.stage import build_incident_stage
from tests.unit.test_incidents_stage import actor, main_of, place, plain_article, seed_article

pytestmark = pytest.mark.unit

INDELIMANE_REWRITE = (
    "Gunmen killed 49 soldiers at the Indelimane post in Menaka region on Friday, the government said on Saturday.\n\n"
    "The attack comes a month after two assaults on the army bases of Boulkessi and Mondoro in central Mali killed at "
    "least 40 soldiers, prompting protests by soldiers' wives in the capital Bamako."
)
SOMALIA = (
    "Five Somali soldiers were killed on Saturday morning when a roadside bomb struck their vehicle near Afgoye. "
    "Al-Shabaab, the al-Qaeda-linked group fighting to overthrow the federal government, claimed the bombing."
)
DJIBO = (
    "Au moins 14 civils ont été tués samedi dans une embuscade tendue par des individus armés près de Djibo. "
    "Le convoi était escorté par des Volontaires pour la défense de la patrie (VDP), a été attaqué vers 10 heures. "
    "Selon une source sécuritaire, quatre VDP figurent parmi les victimes."
)


@pytest.fixture(scope="module")
def extract() -> Any:
    return build_incident_stage(Settings())


def rewrite_article() -> dict[str, Any]:
    text = INDELIMANE_REWRITE
    locations = [
        place(text, "Menaka region", "Ménaka", "ML", 15.9, 2.4, "Ménaka", ("A", "ADM1"), 2453347),
        place(text, "Boulkessi", "Ménaka", "ML", 15.9, 2.4, "Ménaka", ("P", "PPL"), 2453514),  # a geocoder guess
        place(text, "Mali", "Mali", "ML", 17.0, -4.0, None, ("A", "PCLI"), 2453866),
        place(text, "Bamako", "Bamako", "ML", 12.65, -8.0, "Bamako", ("P", "PPLC"), 2460596),
    ]
    locations[1]["score"] = 0.05
    actors = [actor(text, "Gunmen", "Unidentified Armed Group", 2), actor(text, "soldiers", "Military Forces of Mali", 1),
              actor(text, "army", "Military Forces of Mali", 1), actor(text, "soldiers", "Military Forces of Mali", 1, 1)]
    return plain_article(text, "en", "2019-11-02T16:10:00+00:00", locations=locations, actors=actors, focus_country="ML",
                         title="Dozens of Malian soldiers killed in attack on army post")


def test_a_protest_caused_by_an_attack_is_not_a_protest_event(extract: Any) -> None:
    events = extract(rewrite_article())
    assert not any(e["event_type"] == "Protests" for e in events)
    earlier = [e for e in events if e["fatalities"]["best"] == 40]
    assert len(earlier) == 1 and earlier[0]["event_type"] == "Battles"
    assert earlier[0]["location"]["name"] != "Bamako", "the protest's place is not the attack's"
    assert earlier[0]["location"]["name"] != "Ménaka", "a low-score geocoder guess is not a place"
    assert earlier[0]["location"]["country_code"] == "ML"
    assert [a["role"] for a in earlier[0]["actors"] if a["name"] == "Military Forces of Mali"] == ["actor2"]


def test_a_protest_never_carries_the_toll_of_another_clause(extract: Any) -> None:
    text = ("Hundreds of demonstrators marched peacefully through Bamako on Monday, a week after gunmen killed 12 soldiers "
            "in an attack on a base.")
    protests = [e for e in extract(plain_article(text, "en", "2019-11-05T10:00:00+00:00", focus_country="ML"))
                if e["event_type"] == "Protests"]
    assert all(e["fatalities"]["best"] == 0 for e in protests)


def test_background_toll_takes_the_country_of_the_previous_sentence(extract: Any) -> None:
    article = seed_article(with_village=True)
    article["locations"].append(place(article["text"], "Burkina Faso", "Burkina Faso", "BF", 12.5, -1.67, None,
                                      ("A", "PCLI"), 2361809, occurrence=2))
    events = extract(article)
    four = [e for e in events if e["fatalities"]["best"] == 4]
    assert len(four) == 1 and not four[0]["main"]
    assert four[0]["location"]["country_code"] == "BF" and four[0]["location"]["geo_precision"] == 3
    # "in an area plagued by ... suicide bombings" describes the area, not how the four died.
    assert four[0]["sub_event_type"] == "Attack"
    main = main_of(events)
    assert (main["sub_event_type"], main["event_date"], main["fatalities"]["best"]) == ("Armed clash", "2019-11-01", 49)


def test_background_event_without_a_place_takes_the_nearest_earlier_place_of_its_paragraph(extract: Any) -> None:
    text = ("Gunmen killed 30 soldiers in an attack on a base near Kidal on Monday.\n"
            "Displaced families have arrived in Ansongo since June. "
            "Two weeks ago, unidentified gunmen killed 11 civilians in an attack on a market.")
    locations = [place(text, "Kidal", "Kidal", "ML", 18.4, 1.4, "Kidal", ("P", "PPLA"), 2455290),
                 place(text, "Ansongo", "Ansongo", "ML", 15.66, 0.5, "Gao", ("P", "PPLA2"), 2460954)]
    events = extract(plain_article(text, "en", "2021-06-08T10:00:00+00:00", locations=locations, focus_country="ML"))
    market = [e for e in events if e["fatalities"]["best"] == 11]
    assert len(market) == 1
    assert market[0]["location"]["name"] == "Ansongo" and market[0]["location"]["geo_precision"] <= 2


def test_the_group_that_claimed_the_bombing_is_actor1_not_the_government_it_fights(extract: Any) -> None:
    text = SOMALIA
    actors = [actor(text, "Somali soldiers", "Military Forces of Somalia", 1), actor(text, "Al-Shabaab", "Al Shabaab", 2),
              actor(text, "al-Qaeda", "Al Qaeda", 2), actor(text, "government", "Government of Somalia", 1)]
    main = main_of(extract(plain_article(text, "en", "2021-02-20T13:25:00+03:00", actors=actors, focus_country="SO")))
    roles = {a["role"]: a["name"] for a in main["actors"]}
    assert roles == {"actor1": "Al Shabaab", "actor2": "Military Forces of Somalia"}


def test_militia_named_among_the_victims_is_not_the_perpetrator(extract: Any) -> None:
    text = DJIBO
    actors = [actor(text, "civils", "Civilians", 7), actor(text, "individus armés", "Unidentified Armed Group", 2),
              actor(text, "Volontaires pour la défense de la patrie", "VDP", 3), actor(text, "VDP", "VDP", 3),
              actor(text, "VDP", "VDP", 3, 1)]
    main = main_of(extract(plain_article(text, "fr", "2021-06-06T17:40:00+00:00", actors=actors, focus_country="BF")))
    roles = {a["role"]: a["name"] for a in main["actors"]}
    assert roles.get("actor1") == "Unidentified Armed Group"


def test_a_bare_soldiers_mention_is_the_army_of_the_event_country(extract: Any) -> None:
    text = "Mindestens 17 Soldaten wurden am Freitag bei einem Angriff von Dschihadisten nahe Torodi getötet."
    soldiers = {**actor(text, "Soldaten", "Military Forces of Mali", 1), "country_code": "ML", "kind": "state_forces"}
    locations = [place(text, "Torodi", "Torodi", "NE", 13.1, 1.8, "Tillabéri", ("P", "PPL"), 2439376)]
    main = main_of(extract(plain_article(text, "de", "2023-08-14T10:00:00+00:00", actors=[soldiers], locations=locations,
                                         focus_country="NE")))
    assert any(a["name"] == "Military Forces of Niger" for a in main["actors"])


def test_a_banned_or_announced_protest_is_not_a_protest_event(extract: Any) -> None:
    for text in ("The government had declared the protests illegal on Sunday, saying organisers had not notified it.",
                 "Odinga said the demonstrations would continue every Monday until the government cuts prices."):
        assert extract(plain_article(text, "en", "2023-03-21T10:00:00+00:00", focus_country="KE")) == []


@pytest.mark.parametrize(
    ("text", "event_date", "precision"),
    [
        ("Gunmen killed five villagers on Friday in an attack on a village in Zamfara.", None, 3),
        ("Gunmen killed five villagers on 4 June 2021 in an attack on a village in Zamfara.", "2021-06-04", 1),
    ],
)
def test_an_article_without_publication_date_is_still_read(extract: Any, text: str, event_date: str | None,
                                                            precision: int) -> None:
    article = plain_article(text, "en", focus_country="NG")
    article["published_at"] = None
    main = main_of(extract(article))
    assert (main["event_date"], main["date_precision"]) == (event_date, precision)
    assert main["fatalities"]["best"] == 5
    validate("incident_event", main)


def test_the_dead_not_the_injured_police_are_the_target(extract: Any) -> None:
    text = ("One university student was killed by a gunshot in Maseno on Monday, and at least 31 police officers were "
            "injured across the country.")
    actors = [actor(text, "police officers", "Police Forces of Kenya", 1)]
    main = main_of(extract(plain_article(text, "en", "2023-03-21T10:00:00+00:00", actors=actors, focus_country="KE")))
    assert [a["name"] for a in main["actors"] if a["role"] == "actor2"] == ["Civilians (Kenya)"]


def test_the_earlier_attack_an_attack_comes_after_is_dated_a_month_back(extract: Any) -> None:
    earlier = [e for e in extract(rewrite_article()) if e["fatalities"]["best"] == 40]
    assert (earlier[0]["event_date"], earlier[0]["date_precision"]) == ("2019-10-03", 3)


def test_riots_and_protests_follow_acled_crowd_actors(extract: Any) -> None:
    riot = ("Rioters torched cars and threw stones at police during a protest in the city centre on Saturday, "
            "and police arrested 32 people.")
    main = main_of(extract(plain_article(riot, "en", "2020-11-09T10:00:00+00:00", focus_country="DE")))
    assert main["event_type"] == "Riots"
    roles = {a["role"]: (a["name"], a["inter"]) for a in main["actors"]}
    assert roles == {"actor1": ("Rioters (Germany)", 5), "actor2": ("Police Forces of Germany", 1)}
    validate("incident_event", main)
