"""The merger: incident events re-keyed by country, merged in faust tables, emitted to `incidents`.

Two stages in one worker. `merge-route` re-keys events by country so every report that may merge
with another lands on the same partition; `merge` keeps the partition's incidents and index in
tables (changelog-backed: RocksDB in production, memory in tests) and emits an incident each time it
changes. Replayed reports are duplicates and emit nothing, so a restart creates no duplicate.
"""

from __future__ import annotations

import logging
from typing import Any

from services.core.app import WorkerProcess
from services.core.metrics import Metrics
from services.core.settings import Settings
from services.core.stage import Message, StageFunction, StageSpec
from services.core.topics import INCIDENT_EVENTS, INCIDENTS, INCIDENTS_BY_COUNTRY
from services.incidents.merge_state import INCIDENTS_TABLE, INDEX_TABLE, MergeState

log = logging.getLogger(__name__)

TABLE_SIZE_INTERVAL_SECONDS = 10.0

ROUTE = StageSpec(
    name="merge-route", input_topic=INCIDENT_EVENTS, output_topic=INCIDENTS_BY_COUNTRY,
    input_schema="incident_event", output_schema="incident_event", key_field="location.country_code",
    builder="services.core.stage:build_identity_stage",
)
MERGE = StageSpec(
    name="merge", input_topic=INCIDENTS_BY_COUNTRY, output_topic=INCIDENTS,
    input_schema="incident_event", output_schema="incident", key_field="incident_id",
    builder="services.incidents.merge_worker:build_memory_merger",
    warms_up=False,  # a sample report would become an incident in the tables
)


def merging_function(state: MergeState, metrics: Metrics | None) -> StageFunction:
    """Merge one event; return the changed incident (none for a replayed report)."""
    counted = dict(state.evicted)

    def merge(event: Message) -> list[Message]:
        merged, outcome, before = state.add(event)
        log.info("incident report %s", outcome, extra={
            "incident_id": merged["incident_id"], "article_id": event["article_id"], "stage": "merge"})
        if metrics is not None:
            count_incident(metrics, merged, outcome, before)
            count_evictions(metrics, state, counted)
        return [] if outcome == "duplicate" else [merged]

    return merge


def count_evictions(metrics: Metrics, state: MergeState, counted: dict[str, int]) -> None:
    """Add the evictions since the last call (`counted` remembers the totals already exported)."""
    for table, total in state.evicted.items():
        if total > counted.get(table, 0):
            metrics.counter("merge_evictions_total").labels(table=table).inc(total - counted.get(table, 0))
            counted[table] = total


def count_incident(metrics: Metrics, merged: dict[str, Any], outcome: str, before: dict[str, Any] | None) -> None:
    metrics.counter("incidents_merged_total").labels(outcome=outcome).inc()
    if outcome == "duplicate":
        return
    labels = {"event_type": merged["event_type"], "country": (merged.get("location") or {}).get("country_code") or "unknown"}
    if outcome == "new":
        metrics.counter("incidents_total").labels(**labels).inc()
    previous = ((before or {}).get("fatalities") or {}).get("best") or 0
    added = ((merged.get("fatalities") or {}).get("best") or 0) - previous
    if added > 0:
        metrics.counter("fatalities_total").labels(**labels).inc(added)


def build_memory_merger(settings: Settings) -> StageFunction:
    """The merger over plain dicts (for `process` and tests)."""
    return merging_function(MergeState.configured(settings), None)


def attach_merger(process: WorkerProcess) -> None:
    settings = process.settings
    incidents = process.app.Table(INCIDENTS_TABLE, default=None, partitions=settings.partitions)
    index = process.app.Table(INDEX_TABLE, default=None, partitions=settings.partitions)
    state = MergeState.configured(settings, incidents, index)
    process.add_stage(ROUTE, ROUTE.build(settings))
    # Tables are written from the event loop: faust sends their changelog with the producer it flushes
    # before committing, so state and offsets stay consistent.
    process.add_stage(MERGE, merging_function(state, process.metrics), inline=True)

    async def export_table_sizes() -> None:
        # len() of a memory:// table is a dict's; of a rocksdb:// table a key scan, hence a timer, not per message.
        for name, table in ((INCIDENTS_TABLE, incidents), (INDEX_TABLE, index)):
            process.metrics.gauge("merge_table_entries").labels(table=name).set(len(table))

    process.app.timer(TABLE_SIZE_INTERVAL_SECONDS)(export_table_sizes)
