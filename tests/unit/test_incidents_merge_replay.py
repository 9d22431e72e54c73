"""A replay after an extractor change (`incident-stream replay`): the same raw message, the same event,
a changed extraction updates the same incident instead of creating or merging a new report."""

from __future__ import annotations

import pytest

from services.core.schemas import validate
from services.incidents.merge_state import MergeState
from tests.unit.test_incidents_merge import REWRITE, SEED

pytestmark = pytest.mark.unit


def replayed(event: dict, **changes: object) -> dict:
    return {**event, **changes, "pipeline_version": "next"}


def test_replay_with_a_changed_toll_updates_the_same_incident() -> None:
    state = MergeState()
    first, _, _ = state.add({**SEED, "report_key": "articles.raw/0/7"})
    fixed = replayed(SEED, report_key="articles.raw/0/7", fatalities={"best": 41, "low": 41, "high": 41})
    updated, outcome, _ = state.add(fixed)
    assert outcome == "updated"
    assert updated["incident_id"] == first["incident_id"] and len(state.incidents()) == 1
    assert updated["fatalities"] == {"best": 41, "low": 41, "high": 41}  # a corrected toll may go down
    assert updated["num_articles"] == 1 and updated["report_keys"] == ["articles.raw/0/7"]
    validate("incident", updated)


def test_replay_with_the_same_extraction_is_a_duplicate() -> None:
    state = MergeState()
    state.add({**SEED, "report_key": "articles.raw/0/7"})
    _, outcome, _ = state.add(replayed(SEED, report_key="articles.raw/0/7"))
    assert outcome == "duplicate"


def test_updated_report_keeps_the_other_reports_of_its_incident() -> None:
    state = MergeState()
    state.add({**SEED, "report_key": "articles.raw/0/7"})
    state.add({**REWRITE, "report_key": "articles.raw/1/3"})
    lower = replayed(SEED, report_key="articles.raw/0/7", fatalities={"best": 30, "low": 30, "high": 30})
    updated, outcome, _ = state.add(lower)
    assert outcome == "updated" and len(state.incidents()) == 1
    assert updated["num_articles"] == 2
    assert updated["fatalities"]["best"] == 49  # the rewrite still says 49; the replayed report now says 30
    assert updated["fatalities"]["low"] == 30
