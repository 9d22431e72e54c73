"""Raw article through three separate worker processes (language, entities, geocoding) on the real broker."""

from __future__ import annotations

import asyncio
from contextlib import ExitStack
from math import asin, cos, radians, sin, sqrt
from pathlib import Path

import orjson
import pytest

from services.core.settings import Settings
from services.core.topics import ARTICLES_GEO, ARTICLES_RAW
from tests.kafka_helpers import produce, read_json, running_worker

pytestmark = [pytest.mark.integration, pytest.mark.slow]

# GeoNames points of the towns the seed names.
MENAKA = (15.9182, 2.4022)
GAO = (16.2717, -0.0447)


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    (lat1, lon1), (lat2, lon2) = a, b
    h = sin(radians(lat2 - lat1) / 2) ** 2 + cos(radians(lat1)) * cos(radians(lat2)) * sin(radians(lon2 - lon1) / 2) ** 2
    return 6371 * 2 * asin(sqrt(h))


def test_seed_article_is_enriched_by_separate_workers(
    bootstrap: str, isolated_env: dict[str, str], seed_article: dict, tmp_path: Path
) -> None:
    settings = Settings(topic_prefix=isolated_env["INCIDENT_STREAM_TOPIC_PREFIX"])
    french = {"url": "https://sahel.example/fr/menaka", "published_at": "2019-11-03T10:00:00+00:00",
              "title": "Mali : attaque meurtrière près de Ménaka",
              "text": "L'armée malienne a perdu plusieurs soldats vendredi lors d'une attaque à Ménaka, "
                      "revendiquée par l'État islamique au Grand Sahara."}
    with ExitStack() as workers:
        for stage in ("language", "entities", "geocoding"):
            workers.enter_context(running_worker(bootstrap, ["worker", stage], isolated_env, tmp_path))
        asyncio.run(produce(bootstrap, settings.topic(ARTICLES_RAW),
                            [(a.get("id", a["url"]).encode(), orjson.dumps(a)) for a in (seed_article, french)]))
        articles = {a["url"]: a for a in read_json(bootstrap, settings.topic(ARTICLES_GEO), expected=2, timeout=180)}

    seed = articles[seed_article["url"]]
    assert seed["pipeline"]["stages"] == ["language", "entities", "geocoding"]
    assert seed["language"]["code"] == "en" and seed["focus_country"] == "ML"
    by_text: dict[str, list[dict]] = {}
    for location in seed["locations"]:
        by_text.setdefault(location["text"], []).append(location)
    menaka = by_text["Menaka"][0]
    assert menaka["country_code"] == "ML" and km((menaka["latitude"], menaka["longitude"]), MENAKA) < 10
    # "northeastern region of Gao": an administrative area of the Gao region (admin1 09) since the regional
    # layer holds Gao's districts; the town reading was 0 km off, the area's point lies within 100 km of it.
    gao = by_text["Gao"][0]
    assert gao["country_code"] == "ML" and gao["admin1"] == "09"
    assert gao["feature_code"].startswith("ADM") and km((gao["latitude"], gao["longitude"]), GAO) < 100
    assert {loc["country_code"] for loc in by_text["Niger"]} == {"NE"}
    assert all(loc["feature_code"].startswith("PCL") for loc in by_text["Niger"])
    assert by_text["N'Djamena"][0]["country_code"] == "TD"
    assert not [e for e in seed["entities"] if e["text"] in {"Mali", "Gao", "Niger", "N'Djamena"} and e["label"] == "PER"]
    isgs = [a for a in seed["actors"] if "Islamic State in the Greater Sahara" in seed["text"][a["start"]:a["end"]]]
    assert isgs and isgs[0]["inter"] == 2

    french_article = articles[french["url"]]
    assert french_article["language"]["code"] == "fr"
    assert any(loc["country_code"] == "ML" and loc["name"].startswith("M") for loc in french_article["locations"])
    assert any(actor["inter"] == 2 for actor in french_article["actors"])
    assert any(actor["inter"] == 1 and actor.get("country_code") == "ML" for actor in french_article["actors"])
