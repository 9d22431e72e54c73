"""One table of date-precision windows: sentences of one article cluster within a day, a week or a month
by precision; reports merge within the configured window widened by the coarser precision."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from services.core.settings import Settings
from services.incidents.cluster import SentenceGroup, _dates_compatible
from services.incidents.date_windows import DAY_WINDOW_DAYS
from services.incidents.merge import merge_key_candidates, same_event

pytestmark = pytest.mark.unit

DAY = date(2019, 11, 1)


def signal(day: date, precision: int) -> SimpleNamespace:
    return SimpleNamespace(resolved_dates=[("", day, precision)])


@pytest.mark.parametrize(("precision", "days"), [(1, 1), (2, 7), (3, 31)])
def test_sentences_of_one_incident_are_dated_within_the_precision_window(precision: int, days: int) -> None:
    group = SentenceGroup(signals=[signal(DAY, 1)])  # type: ignore[list-item]
    assert _dates_compatible(group, signal(DAY + timedelta(days=days), precision))  # type: ignore[arg-type]
    assert _dates_compatible(group, signal(DAY - timedelta(days=days), precision))  # type: ignore[arg-type]
    assert not _dates_compatible(group, signal(DAY + timedelta(days=days + 1), precision))  # type: ignore[arg-type]


def event(day: date, precision: int) -> dict:
    return {"event_date": day.isoformat(), "date_precision": precision, "event_type": "Battles",
            "sub_event_type": "Armed clash", "location": {"country_code": "ML", "admin1": "Gao", "geo_precision": 2},
            "article_id": "a", "incident_id": "e"}


@pytest.mark.parametrize(("precision", "window_days", "days"),
                         [(1, 1, 1), (2, 1, 8), (3, 1, 32), (1, 3, 3), (2, 3, 10), (3, 3, 34)])
def test_reports_merge_within_the_configured_window_widened_by_precision(precision: int, window_days: int,
                                                                          days: int) -> None:
    incident = {**event(DAY, 1), "article_ids": ["b"], "incident_id": "i"}
    assert same_event(incident, event(DAY + timedelta(days=days), precision), window_days)
    assert not same_event(incident, event(DAY + timedelta(days=days + 1), precision), window_days)
    assert len(merge_key_candidates(event(DAY, precision), window_days)) == 2 * days + 1


def test_the_day_window_is_the_configured_merge_window() -> None:
    assert Settings().merge_window_days == DAY_WINDOW_DAYS
