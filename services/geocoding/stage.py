"""The geocoding stage: toponyms of an enriched article -> resolved locations and a focus country."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from services.core.budget import check_cap
from services.core.records import EnrichedArticle, GeoLocation
from services.core.settings import Settings
from services.gazetteer.lookup import Candidate, Gazetteer, open_gazetteer
from services.geocoding.context import demonym_countries
from services.geocoding.resolver import resolve_mentions


def location_record(
    gazetteer: Gazetteer, toponym: dict[str, Any], candidate: Candidate, score: float
) -> GeoLocation:
    """One `locations` entry as docs/contracts.md lists it."""
    place = candidate.place
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
    }


def geocode_article(gazetteer: Gazetteer, article: EnrichedArticle, max_toponyms: int = 0) -> EnrichedArticle:
    """The article with `locations` (one per resolvable toponym) and `focus_country`; TooComplex when it
    holds more than `max_toponyms` toponyms (0: no cap)."""
    toponyms = article.get("toponyms") or []
    check_cap("toponyms", len(toponyms), max_toponyms)
    text = article.get("text") or ""
    language = article.get("language")
    code = language.get("code") if isinstance(language, dict) else language
    # The resolver reads toponyms as plain dicts.
    resolved, focus = resolve_mentions(
        gazetteer, cast(list[dict[str, Any]], toponyms), demonym_countries(text), text, str(code or "en").lower()
    )
    return {
        **article,
        "locations": [
            location_record(gazetteer, toponym, candidate, score) for toponym, candidate, score in resolved
        ],
        "focus_country": focus,
    }


def build_geocoding_stage(settings: Settings) -> Callable[[EnrichedArticle], list[EnrichedArticle]]:
    """The stage function; opens (and if needed compiles) the gazetteer once per process."""
    gazetteer = open_gazetteer(settings)

    def geocode(article: EnrichedArticle) -> list[EnrichedArticle]:
        return [geocode_article(gazetteer, article, settings.max_toponyms)]

    return geocode
