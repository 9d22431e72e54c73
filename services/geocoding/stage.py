"""The geocoding stage: toponyms of an enriched article -> resolved locations and a focus country."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from services.core.budget import check_cap
from services.core.settings import Settings
from services.gazetteer.lookup import Candidate, Gazetteer, open_gazetteer
from services.geocoding.context import demonym_countries
from services.geocoding.resolver import resolve_mentions
from services.geocoding.story_country import actor_countries
from services.geocoding.unlisted import place_unlisted

Article = dict[str, Any]


def location_record(
    gazetteer: Gazetteer, toponym: dict[str, Any], candidate: Candidate, score: float
) -> dict[str, Any]:
    """One `locations` entry as docs/contracts.md lists it."""
    place = candidate.place
    dateline = {"dateline": True} if toponym.get("dateline") else {}
    return {
        "text": toponym["text"],
        "start": toponym["start"],
        "end": toponym["end"],
        "sentence": toponym.get("sentence"),
        "geonameid": place.geonameid,
        "name": place.name,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "country_code": place.country_code or None,
        "admin1": place.admin1 or None,
        "admin1_name": gazetteer.admin1_name(place.country_code, place.admin1),
        "feature_class": place.feature_class,
        "feature_code": place.feature_code,
        "population": place.population,
        "score": score,
        **dateline,
    }


def geocode_article(gazetteer: Gazetteer, article: Article, max_toponyms: int = 0) -> Article:
    """The article with `locations` (one per resolvable toponym) and `focus_country`; TooComplex when it
    holds more than `max_toponyms` toponyms (0: no cap)."""
    toponyms = article.get("toponyms") or []
    check_cap("toponyms", len(toponyms), max_toponyms)
    text = article.get("text") or ""
    language = article.get("language")
    code = language.get("code") if isinstance(language, dict) else language
    resolved, focus = resolve_mentions(
        gazetteer, toponyms, demonym_countries(text), text, str(code or "en").lower(),
        actor_countries(article.get("actors") or []), article.get("actors") or [],
    )
    return {
        **article,
        "locations": place_unlisted(toponyms, [
            location_record(gazetteer, toponym, candidate, score) for toponym, candidate, score in resolved
        ]),
        "focus_country": focus,
    }


def build_geocoding_stage(settings: Settings) -> Callable[[Article], list[Article]]:
    """The stage function; opens (and if needed compiles) the gazetteer once per process."""
    gazetteer = open_gazetteer(settings)

    def geocode(article: Article) -> list[Article]:
        return [geocode_article(gazetteer, article, settings.max_toponyms)]

    return geocode
