"""The geocoding stage on seed-article sentences: places resolve where a reader would put them."""

from __future__ import annotations

from typing import Any

import pytest

from services.core.settings import Settings
from services.gazetteer.distance import distance_km
from tests.conftest import SEED_ARTICLE

GAO_CITY = (16.27167, -0.04472)
MENAKA_CITY = (15.91985, 2.39609)


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(data_dir=tmp_path_factory.getbasetemp() / "geocoding-data")


def _located(article: dict[str, Any], text: str) -> list[dict[str, Any]]:
    return [loc for loc in article["locations"] if loc["text"] == text]


@pytest.mark.unit
def test_menaka_and_gao_resolve_in_mali(geocode: Any) -> None:
    article = geocode(
        "Gunmen attacked the Indelimane military base, near Menaka northeastern region of Gao, "
        "near the border with Niger. Earlier, a bomb exploded in Gao."
    )
    menaka = _located(article, "Menaka")[0]
    assert menaka["country_code"] == "ML"
    assert distance_km(menaka["latitude"], menaka["longitude"], *MENAKA_CITY) < 10
    gao_town = _located(article, "Gao")[-1]
    assert gao_town["country_code"] == "ML"
    assert distance_km(gao_town["latitude"], gao_town["longitude"], *GAO_CITY) < 10
    assert article["focus_country"] == "ML"


@pytest.mark.unit
def test_gao_region_is_the_region(geocode: Any) -> None:
    article = geocode(
        "He was killed in the same Gao region, when his vehicle hit an improvised explosive device."
    )
    gao = article["locations"][0]
    assert (gao["country_code"], gao["feature_code"], gao["admin1_name"]) == ("ML", "ADM1", "Gao")


@pytest.mark.unit
def test_niger_is_the_country(geocode: Any) -> None:
    article = geocode(
        "Mali is one of five Sahel countries alongside Burkina Faso, Niger, Mauritania and Chad."
    )
    niger = _located(article, "Niger")[0]
    assert (niger["country_code"], niger["feature_code"]) == ("NE", "PCLI")
    burkina = _located(article, "Burkina Faso")[0]
    assert (burkina["country_code"], burkina["feature_code"]) == ("BF", "PCLI")


@pytest.mark.unit
def test_ndjamena_is_in_chad(geocode: Any) -> None:
    article = geocode(
        '"This is a fight where we have to have patience," she said on a visit to Barkhane operations '
        "in the Chad capital N'Djamena."
    )
    assert _located(article, "N'Djamena")[0]["country_code"] == "TD"


@pytest.mark.unit
def test_mali_is_always_the_country_in_the_seed_article(geocode: Any) -> None:
    article = geocode(SEED_ARTICLE.read_text(encoding="utf-8"))
    malis = _located(article, "Mali")
    assert len(malis) >= 5
    assert {(m["country_code"], m["feature_code"]) for m in malis} == {("ML", "PCLI")}
    assert article["focus_country"] == "ML"


@pytest.mark.unit
def test_paris_is_in_france_unless_the_text_says_texas(geocode: Any) -> None:
    assert _located(geocode("Protesters marched in Paris on Saturday."), "Paris")[0]["country_code"] == "FR"
    texas = _located(
        geocode("A tornado hit Paris, Texas, on Saturday, officials in Lamar County said."), "Paris"
    )[0]
    assert (texas["country_code"], texas["admin1"]) == ("US", "TX")


@pytest.mark.unit
def test_locations_follow_the_contract(geocode: Any) -> None:
    location = geocode("Fighting broke out near Gao.")["locations"][0]
    assert set(location) == {
        "text",
        "start",
        "end",
        "sentence",
        "geonameid",
        "name",
        "latitude",
        "longitude",
        "country_code",
        "admin1",
        "admin1_name",
        "feature_class",
        "feature_code",
        "population",
        "score",
    }
    assert 0.0 <= location["score"] <= 1.0
