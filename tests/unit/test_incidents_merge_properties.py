"""Properties of the merger over generated reports: what cannot be one event never merges, and a replayed
report never counts twice."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.incidents.merge import type_family
from services.incidents.merge_state import MergeState

pytestmark = pytest.mark.unit

SUB_EVENTS = {
    "Battles": ["Armed clash"],
    "Violence against civilians": ["Attack", "Abduction/forced disappearance"],
    "Explosions/Remote violence": ["Remote explosive/landmine/IED", "Air/drone strike"],
    "Protests": ["Peaceful protest"],
    "Strategic developments": ["Looting/property destruction", "Arrests"],
}
PLACES = [("Ménaka", 15.918, 2.402, "ML"), ("Gao", 16.27, -0.04, "ML"), ("Djibo", 14.10, -1.63, "BF"),
          ("Diffa", 13.32, 12.61, "NE"), ("Mopti", 14.49, -4.20, "ML")]


def make_report(number: int, article: str, day: date | None, place: tuple[str, float, float, str] | None,
                event_type: str, sub_event_type: str, precision: int = 1) -> dict[str, Any]:
    name, lat, lon, country = place or ("", None, None, None)
    location = ({"name": name, "geonameid": None, "latitude": lat, "longitude": lon, "admin1": None,
                 "country_code": country, "geo_precision": precision} if place else
                {"name": None, "geonameid": None, "latitude": None, "longitude": None, "admin1": None,
                 "country_code": None, "geo_precision": 3})
    return {
        "incident_id": f"inc-{article}-{number}", "article_id": article, "url": f"https://news.example/{article}",
        "source": f"source-{article}", "published_at": "2020-06-30T12:00:00+00:00",
        "event_date": day.isoformat() if day else None, "date_precision": 1 if day else 3,
        "event_type": event_type, "sub_event_type": sub_event_type, "actors": [],
        "fatalities": {"best": number, "low": number, "high": number}, "injured": {"best": 0, "low": 0, "high": 0},
        "location": location, "language": "en", "evidence": {"text": "...", "start": 0, "end": 3, "sentence": 0},
        "confidence": 0.9, "main": True, "pipeline_version": "test", "report_key": f"articles.geo:0:{article}-{number}",
    }


event_types = st.sampled_from(sorted(SUB_EVENTS)).flatmap(
    lambda event_type: st.tuples(st.just(event_type), st.sampled_from(SUB_EVENTS[event_type])))
days = st.dates(min_value=date(2019, 1, 1), max_value=date(2021, 12, 31))
places = st.sampled_from(PLACES)


@settings(max_examples=150, derandomize=True, database=None)
@given(kind=event_types, other_kind=event_types, day=days, gap=st.integers(min_value=0, max_value=40),
       place=places, other_place=places)
def test_reports_that_cannot_be_one_event_never_merge(kind: tuple[str, str], other_kind: tuple[str, str], day: date,
                                                      gap: int, place: tuple[str, float, float, str],
                                                      other_place: tuple[str, float, float, str]) -> None:
    state = MergeState(window_days=1)
    first = make_report(1, "a", day, place, *kind)
    second = make_report(2, "b", day + timedelta(days=gap), other_place, *other_kind)
    state.add(first)
    _, outcome, _ = state.add(second)
    # A one-day window; every two of our places lie more than 100 km apart.
    if gap > 1 or place != other_place or type_family(kind[0]) != type_family(other_kind[0]):
        assert outcome == "new"


@settings(max_examples=100, derandomize=True, database=None)
@given(kind=event_types, day=days, place=places, missing=st.sampled_from(["date", "country", "both"]),
       other_missing=st.sampled_from(["nothing", "date", "country", "both"]), vague_first=st.booleans())
def test_a_report_without_date_or_country_never_joins_another_article(
        kind: tuple[str, str], day: date, place: tuple[str, float, float, str], missing: str, other_missing: str,
        vague_first: bool) -> None:
    state = MergeState(window_days=1)

    def reported(number: int, article: str, lacking: str) -> dict[str, Any]:
        return make_report(number, article, None if lacking in ("date", "both") else day,
                           None if lacking in ("country", "both") else place, *kind)

    vague, other = reported(1, "vague", missing), reported(2, "other", other_missing)
    for report in ((vague, other) if vague_first else (other, vague)):
        state.add(report)
    assert len(state.incidents()) == 2


def test_six_undated_reports_of_six_attacks_in_one_country_stay_six_incidents() -> None:
    state = MergeState(window_days=1)
    for number in range(6):
        state.add(make_report(number, f"article-{number}", None, PLACES[number % 2], "Violence against civilians", "Attack"))
    assert len(state.incidents()) == 6


@settings(max_examples=60, derandomize=True, database=None)
@given(reports=st.lists(st.tuples(st.integers(0, 3), st.none() | days, st.none() | places, event_types),
                        min_size=1, max_size=8))
def test_a_replayed_report_never_counts_twice(
        reports: list[tuple[int, date | None, tuple[str, float, float, str] | None, tuple[str, str]]]) -> None:
    state = MergeState(window_days=1)
    stream = [make_report(number, f"article-{article}", day, place, *kind)
              for number, (article, day, place, kind) in enumerate(reports)]
    for report in stream:
        state.add(report)
    before = {incident_id: dict(incident) for incident_id, incident in state.incidents_by_id.items()}
    outcomes = [state.add(report)[1] for report in stream]
    assert outcomes == ["duplicate"] * len(stream)
    assert {incident_id: dict(incident) for incident_id, incident in state.incidents_by_id.items()} == before
    assert sum(incident["num_articles"] for incident in state.incidents()) <= len(stream)
