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
from services.geocoding.story_country import actor_countries
from services.geocoding.unlisted import place_unlisted


def location_record(
    gazetteer: Gazetteer, toponym: dict[str, Any], candidate: Candidate, score: float
) -> GeoLocation:
    """One `locations` entry as docs/contracts.md lists it."""
    place = candidate.place
    location: GeoLocation = {
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
    if toponym.get("dateline"):
        location["dateline"] = True
    return location


def geocode_article(gazetteer: Gazetteer, article: EnrichedArticle, max_toponyms: int = 0) -> EnrichedArticle:
    """The article with `locations` (one per resolvable toponym) and `focus_country`; TooComplex when it
    holds more than `max_toponyms` toponyms (0: no cap)."""
    toponyms = article.get("toponyms") or []
    check_cap("toponyms", len(toponyms), max_toponyms)
    text = article.get("text") or ""
    language = article.get("language")
    code = language.get("code") if isinstance(language, dict) else language
    # The resolver and the unlisted-place step read toponyms, actors and locations as plain dicts.
    plain_toponyms = cast(list[dict[str, Any]], toponyms)
    actors = cast(list[dict[str, Any]], article.get("actors") or [])
    resolved, focus = resolve_mentions(
        gazetteer, plain_toponyms, demonym_countries(text), text, str(code or "en").lower(),
        actor_countries(actors), actors,
    )
    located = [location_record(gazetteer, toponym, candidate, score) for toponym, candidate, score in resolved]
    return {
        **article,
        "locations": cast(list[GeoLocation], place_unlisted(plain_toponyms, cast(list[dict[str, Any]], located))),
        "focus_country": focus,
    }


def build_geocoding_stage(settings: Settings) -> Callable[[EnrichedArticle], list[EnrichedArticle]]:
    """The stage function; opens (and if needed compiles) the gazetteer once per process."""
    gazetteer = open_gazetteer(settings)

    def geocode(article: EnrichedArticle) -> list[EnrichedArticle]:
        return [geocode_article(gazetteer, article, settings.max_toponyms)]

    return geocode
