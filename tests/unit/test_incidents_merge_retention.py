"""The merger forgets incidents past its retention horizon, so its tables stay bounded."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from services.core.settings import Settings
from services.incidents.merge_aliases import ALIAS_PREFIX
from services.incidents.merge_state import INCIDENTS_TABLE, INDEX_TABLE, MergeState
from tests.unit.test_incidents_merge import report

pytestmark = pytest.mark.unit

START = date(2019, 11, 1)


class Table(dict[str, Any]):
    """A dict that remembers deletions: a faust table turns each into a changelog tombstone."""

    def __init__(self) -> None:
        super().__init__()
        self.deleted: list[str] = []

    def __delitem__(self, key: str) -> None:
        super().__delitem__(key)
        self.deleted.append(key)


def daily(day: int, country: str = "ML", incident_id: str | None = None, published: date | None = None) -> dict[str, Any]:
    """One report a day, each at a different place (so each is its own incident)."""
    when = START + timedelta(days=day)
    event = report(incident_id or f"{country}-{day}", f"article-{country}-{day}", "RFI", f"https://x.example/{country}/{day}",
                   f"{(published or when).isoformat()}T12:00:00+00:00", 3, 3,
                   place=(f"place {day}", 10.0 + day, 1.0, 1), event_date=when.isoformat())
    event["location"]["country_code"] = country
    event["location"]["admin1"] = f"admin {day}"
    return event


def state(retention_days: int, max_evictions: int = 32) -> MergeState:
    return MergeState(Table(), Table(), retention_days=retention_days, max_evictions=max_evictions)


def test_a_hundred_days_of_reports_keep_only_the_horizon() -> None:
    unbounded, bounded = state(0), state(10)
    for day in range(100):
        unbounded.add(daily(day))
        bounded.add(daily(day))
    assert len(unbounded.incidents_by_id) == 100
    # Day 99 is the watermark: days 89..99 are within 10 days of it.
    kept = sorted(int(incident_id.split("-")[1]) for incident_id in bounded.incidents_by_id)
    assert kept == list(range(89, 100))
    assert bounded.evicted[INCIDENTS_TABLE] == 89
    assert len(unbounded.index) == 200  # an index key and an alias per incident
    assert len(bounded.index) < 40  # index keys, aliases and retention buckets of 11 incidents, plus one record
    # Nothing in the index points at an evicted incident, and every eviction was a deletion (tombstone).
    pointers = {i for key, ids in bounded.index.items() if isinstance(ids, list) for i in ids}
    assert pointers <= set(bounded.incidents_by_id)
    assert not any(key.startswith("2019-11-01|") for key in bounded.index)
    assert ALIAS_PREFIX + "ML-0" not in bounded.index and ALIAS_PREFIX + "ML-0" in bounded.index.deleted  # type: ignore[attr-defined]
    assert "ML-0" in bounded.incidents_by_id.deleted  # type: ignore[attr-defined]


def test_a_late_report_of_an_evicted_incident_starts_a_new_one() -> None:
    merger = state(10)
    _, outcome, _ = merger.add(daily(0))
    assert outcome == "new"
    merger.add({**daily(1), "fatalities": {"best": 3, "low": 3, "high": 3}})
    _, outcome, _ = merger.add({**daily(0, incident_id="ML-0-again"), "article_id": "a-second-article"})
    assert outcome == "merged"  # within the horizon: merged
    merger.add(daily(30))  # moves the watermark a month on: day 0 is forgotten
    assert "ML-0" not in merger.incidents_by_id
    late, outcome, _ = merger.add({**daily(0, incident_id="ML-0-late"), "article_id": "a-late-article"})
    assert outcome == "new" and late["num_articles"] == 1
    # ...and, being older than the horizon itself, it is not kept either.
    assert "ML-0-late" not in merger.incidents_by_id


def test_each_country_ages_by_its_own_watermark() -> None:
    merger = state(10)
    merger.add(daily(0, country="NE"))
    for day in range(0, 60, 5):
        merger.add(daily(day, country="ML"))
    assert "NE-0" in merger.incidents_by_id  # Mali's news does not age Niger's incidents
    merger.add(daily(40, country="NE"))
    assert "NE-0" not in merger.incidents_by_id


def test_an_event_dated_after_its_publication_does_not_move_the_watermark() -> None:
    merger = state(10)
    merger.add(daily(0))
    merger.add({**daily(5), "event_date": "2099-11-06"})  # a mistyped year, published on day 5
    assert "ML-0" in merger.incidents_by_id


def test_eviction_work_per_report_is_bounded() -> None:
    merger = state(10, max_evictions=4)
    for day in range(10):
        merger.add(daily(day))
    merger.add(daily(100))  # ten incidents fall behind the horizon at once
    assert len(merger.incidents_by_id) == 7
    merger.add(daily(101))
    merger.add(daily(102))
    assert sorted(merger.incidents_by_id) == ["ML-100", "ML-101", "ML-102"]


def test_an_incident_whose_date_moves_leaves_no_stale_index_key() -> None:
    merger = state(10)
    week = {**daily(0), "date_precision": 2}
    merger.add(week)
    better = {**daily(1, incident_id="ML-exact"), "location": week["location"], "article_id": "other-article"}
    incident, outcome, _ = merger.add(better)
    assert outcome == "merged" and incident["event_date"] == (START + timedelta(days=1)).isoformat()
    assert not any(key.startswith("2019-11-01|") for key in merger.index)
    merger.add(daily(40))
    assert "ML-0" not in merger.incidents_by_id
    assert not any(key.startswith(("2019-11-02|", "due:ML|2019-11-02")) for key in merger.index)


def test_retention_is_deterministic_in_event_time() -> None:
    runs = []
    for _ in range(2):
        merger = state(10)
        for day in (3, 0, 50, 1, 20, 49, 2):
            merger.add(daily(day))
        runs.append((sorted(merger.incidents_by_id), dict(merger.index)))
    assert runs[0] == runs[1]
    assert runs[0][0] == ["ML-49", "ML-50"]


def test_retention_setting_reaches_the_state() -> None:
    assert MergeState.configured(Settings()).retention_days == 45
    assert MergeState.configured(Settings(merge_retention_days=0)).retention_days == 0
    assert INDEX_TABLE == "incident-index"


@pytest.mark.parametrize("event_date", ["0001-01-01", "9999-12-31"])
@pytest.mark.parametrize("retention_days", [0, 30])
def test_an_event_at_the_edge_of_the_calendar_merges_without_overflow(event_date: str, retention_days: int) -> None:
    # the merge window and the retention horizon once ran off date.min / date.max (OverflowError)
    state = MergeState(retention_days=retention_days)
    first = report("inc-a", "a", "RFI", "http://a.test/1", f"{event_date}T12:00:00+00:00", 5, 5, event_date=event_date)
    second = report("inc-b", "b", "AFP", "http://b.test/1", f"{event_date}T12:00:00+00:00", 5, 6, event_date=event_date)
    assert state.add(first)[1] == "new"
    assert state.add(second)[1] == "merged"
