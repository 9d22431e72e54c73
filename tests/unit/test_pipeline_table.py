"""The pipeline table: every stage, the merger's included, and the workers that run them."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pytest

from services.cli.main import WORKER_NAMES
from services.core.metrics import Metrics
from services.core.pipeline import (
    INCIDENTS_TABLE,
    INDEX_TABLE,
    STAGES,
    STAGES_BY_NAME,
    WORKERS,
    stages_of_workers,
)
from services.core.runner import build_worker_process
from services.core.settings import Settings
from services.core.stage import StageContext
from tests.unit.test_incidents_merge import report

pytestmark = pytest.mark.unit


def test_each_stage_reads_what_the_stage_before_it_writes() -> None:
    assert [stage.name for stage in STAGES] == ["language", "entities", "geocoding", "incidents", "merge-route", "merge"]
    for before, after in pairwise(STAGES):
        assert after.input_topic == before.output_topic
        assert after.input_schema == before.output_schema


def test_workers_group_the_merger_stages() -> None:
    assert WORKER_NAMES == ["language", "entities", "geocoding", "incidents", "merge"]
    assert [stage.name for stage in WORKERS["merge"]] == ["merge-route", "merge"]
    assert [stage.name for stage in stages_of_workers(["merge", "language"])] == ["language", "merge-route", "merge"]


def test_only_upstream_input_is_stamped_and_only_enrichments_record_themselves() -> None:
    assert [stage.name for stage in STAGES if stage.reads_upstream] == ["language"]
    assert [stage.name for stage in STAGES if stage.enriches_articles] == ["language", "entities", "geocoding"]


def test_the_merge_worker_attaches_both_stages_with_the_merger_tables(tmp_path: Path) -> None:
    process = build_worker_process(list(WORKERS["merge"]), Settings(data_dir=tmp_path), "127.0.0.1:1", "merge")
    workers = {worker.spec.name: worker for worker in process.stage_workers}
    assert list(workers) == ["merge-route", "merge"]
    assert workers["merge"].spec.inline and not workers["merge"].spec.warms_up
    assert set(process.app.tables) == {INCIDENTS_TABLE, INDEX_TABLE}


def test_the_merger_exports_its_table_sizes_on_a_timer() -> None:
    timers: list[tuple[float, Callable[[], None]]] = []
    metrics = Metrics()
    tables: dict[str, dict[str, object]] = {INCIDENTS_TABLE: {}, INDEX_TABLE: {}}
    context = StageContext(Settings(), tables, metrics, lambda seconds, callback: timers.append((seconds, callback)))
    merge = STAGES_BY_NAME["merge"].build(Settings(), context)
    assert merge(report("e1", "a1", "RFI", "https://x.example/1", "2019-11-02T10:00:00+00:00", 49, 53))
    [(seconds, export_sizes)] = timers
    assert seconds == 10.0
    export_sizes()
    sample = metrics.registry.get_sample_value
    assert sample("incident_stream_merge_table_entries", {"table": INCIDENTS_TABLE}) == 1
    assert sample("incident_stream_incidents_merged_total", {"outcome": "new"}) == 1


def test_outside_a_worker_the_merger_keeps_its_state_in_dicts() -> None:
    merge = STAGES_BY_NAME["merge"].build(Settings())
    event = report("e1", "a1", "RFI", "https://x.example/1", "2019-11-02T10:00:00+00:00", 49, 53)
    assert len(merge(event)) == 1
    assert merge(event) == []  # the replayed report is a duplicate
