"""Disambiguation a news reader expects: qualifiers after a name, the article's region, one sense
per name, the most prominent namesake when nothing else is said."""

from __future__ import annotations

from typing import Any

import pytest

from services.core.settings import Settings
from services.gazetteer.lookup import open_gazetteer
from services.geocoding.discourse import co_location
from services.geocoding.resolver import Mention, lookup


def _where(article: dict[str, Any], text: str, index: int = 0) -> tuple[str, str | None]:
    found = [loc for loc in article["locations"] if loc["text"] == text]
    assert found, f"{text!r} not resolved: {article['locations']}"
    return found[index]["country_code"], found[index]["admin1"]


@pytest.mark.unit
def test_dublin_ohio_is_the_ohio_town(geocode: Any) -> None:
    article = geocode("Police in Dublin, Ohio, closed two roads after the storm.")
    assert _where(article, "Dublin") == ("US", "OH")


@pytest.mark.unit
def test_ap_style_state_abbreviation_places_the_town(geocode: Any) -> None:
    article = geocode("The plant in Springfield, Mo., will close next year, the company said.")
    assert _where(article, "Springfield") == ("US", "MO")


@pytest.mark.unit
def test_postal_code_places_the_town(geocode: Any) -> None:
    article = geocode("The festival moves to Athens, GA this summer.")
    assert _where(article, "Athens") == ("US", "GA")


@pytest.mark.unit
def test_paris_alone_is_in_france(geocode: Any) -> None:
    article = geocode("Thousands marched in Paris on Saturday.")
    assert _where(article, "Paris")[0] == "FR"


@pytest.mark.unit
def test_paris_texas_is_in_texas(geocode: Any) -> None:
    article = geocode("A tornado struck Paris, Texas, on Monday night.")
    assert _where(article, "Paris") == ("US", "TX")


@pytest.mark.unit
def test_city_country_qualifier(geocode: Any) -> None:
    article = geocode("Delegates met in Tripoli, Lebanon, to discuss the ceasefire.")
    assert _where(article, "Tripoli")[0] == "LB"


@pytest.mark.unit
def test_springfield_among_illinois_towns_is_in_illinois(geocode: Any) -> None:
    article = geocode(
        "Flooding closed schools in Peoria, Joliet, Naperville and Rockford on Tuesday. "
        "Lawmakers in Springfield promised emergency funds."
    )
    assert _where(article, "Springfield") == ("US", "IL")


@pytest.mark.unit
def test_one_sense_per_name(geocode: Any) -> None:
    article = geocode(
        "Officers in Portland, Maine, arrested two men on Friday. "
        "Portland police said the men had been sought for weeks."
    )
    assert _where(article, "Portland", 0) == ("US", "ME")
    assert _where(article, "Portland", 1) == ("US", "ME")


@pytest.mark.unit
def test_county_in_the_articles_state(geocode: Any) -> None:
    article = geocode("Deputies in Athens, Ga., said the fire spread across Clarke County overnight.")
    county = next(loc for loc in article["locations"] if loc["text"] == "Clarke County")
    assert (county["country_code"], county["admin1"], county["feature_code"]) == ("US", "GA", "ADM2")


@pytest.mark.unit
def test_state_list_is_not_a_qualifier(geocode: Any) -> None:
    article = geocode("Storms hit Ohio, Indiana and Michigan.")
    assert [(loc["admin1"], loc["feature_code"]) for loc in article["locations"]] == [
        ("OH", "ADM1"),
        ("IN", "ADM1"),
        ("MI", "ADM1"),
    ]


@pytest.mark.unit
def test_paris_among_texas_towns_is_in_texas(geocode: Any) -> None:
    article = geocode(
        "Storms tore through Sherman, Denison and Bonham on Monday. In Paris, the courthouse lost its roof."
    )
    assert _where(article, "Paris") == ("US", "TX")


@pytest.mark.unit
def test_state_holding_the_articles_towns_is_resolved_with_confidence(geocode: Any) -> None:
    article = geocode("Snowfall near Cheyenne and Laramie closed roads, and Wyoming braced for more.")
    state = next(loc for loc in article["locations"] if loc["text"] == "Wyoming")
    assert (state["admin1"], state["feature_code"]) == ("WY", "ADM1")
    assert state["score"] >= 0.85


@pytest.mark.unit
def test_neighbouring_namesakes_pick_each_other(geocode: Any) -> None:
    article = geocode("Traffic between Salem and Beverly stalled on Monday.")
    assert _where(article, "Salem") == ("US", "MA")
    assert _where(article, "Beverly") == ("US", "MA")


@pytest.mark.unit
def test_co_location_counts_other_names_with_a_namesake_nearby(geocoding_settings: Settings) -> None:
    gazetteer = open_gazetteer(geocoding_settings)
    mentions = []
    for name in ("Salem", "Beverly"):
        candidates = lookup(gazetteer, name)
        mentions.append(Mention({"text": name}, candidates, [0.0] * len(candidates), [0.0] * len(candidates)))
    support = dict(
        zip((c.place.admin1 for c in mentions[0].candidates), co_location(mentions, 80.0, 40.0)["salem"])
    )
    assert support["MA"] > 0.5
    assert support["OR"] == 0.0
