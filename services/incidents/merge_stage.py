"""The merger: incident events merged into incidents kept in tables, emitted to `incidents`.

In a worker the `merge` stage (services.core.pipeline) follows `merge-route`, which re-keys events by
country so every report that may merge with another lands on the same partition. Its tables are
faust tables (changelog-backed: RocksDB in production, memory in tests), plain dicts in `process`.
It emits an incident each time one changes; replayed reports are duplicates and emit nothing, so a
restart creates no duplicate; a replayed report whose extraction changed updates its incident in place.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, cast

from services.core.metrics import Metrics
from services.core.pipeline import INCIDENTS_TABLE, INDEX_TABLE
from services.core.records import IncidentEvent
from services.core.stage import Message, StageContext, StageFunction
from services.incidents.merge import MergedIncident
from services.incidents.merge_state import MergeState

log = logging.getLogger(__name__)

TABLE_SIZE_INTERVAL_SECONDS = 10.0


def merging_function(state: MergeState, metrics: Metrics | None) -> StageFunction:
    """Merge one event; return the changed incident (none for a replayed report)."""
    counted = dict(state.evicted)

    def merge(event: Message) -> list[Message]:
        merged, outcome, before = state.add(cast(IncidentEvent, event))  # validated against its topic's schema
        log.info("incident report %s", outcome, extra={
            "incident_id": merged["incident_id"], "article_id": event["article_id"], "stage": "merge"})
        if metrics is not None:
            count_incident(metrics, merged, outcome, before)
            count_evictions(metrics, state, counted)
        return [] if outcome == "duplicate" else [cast(Message, merged)]

    return merge


def count_evictions(metrics: Metrics, state: MergeState, counted: dict[str, int]) -> None:
    """Add the evictions since the last call (`counted` remembers the totals already exported)."""
    for table, total in state.evicted.items():
        if total > counted.get(table, 0):
            metrics.counter("merge_evictions_total").labels(table=table).inc(total - counted.get(table, 0))
            counted[table] = total


def count_incident(metrics: Metrics, merged: MergedIncident, outcome: str, before: MergedIncident | None) -> None:
    metrics.counter("incidents_merged_total").labels(outcome=outcome).inc()
    if outcome == "duplicate":
        return
    labels = {"event_type": merged["event_type"], "country": (merged.get("location") or {}).get("country_code") or "unknown"}
    if outcome == "new":
        metrics.counter("incidents_total").labels(**labels).inc()
    added = _best_fatalities(merged) - _best_fatalities(before)
    if added > 0:
        metrics.counter("fatalities_total").labels(**labels).inc(added)


def _best_fatalities(incident: MergedIncident | None) -> int:
    """The incident's best fatality count; 0 when there is no incident or it states none."""
    fatalities: Mapping[str, Any] = (incident.get("fatalities") if incident is not None else None) or {}
    best: int = fatalities.get("best") or 0
    return best


def build_merge_stage(context: StageContext) -> StageFunction:
    """The merger over the context's tables, counting into its metrics and exporting the tables' sizes."""
    incidents, index = context.tables[INCIDENTS_TABLE], context.tables[INDEX_TABLE]
    state = MergeState.configured(context.settings, incidents, index)
    metrics = context.metrics
    if metrics is not None:

        def export_table_sizes() -> None:
            # len() of a memory:// table is a dict's; of a rocksdb:// table a key scan, hence a timer, not per message.
            for name, table in ((INCIDENTS_TABLE, incidents), (INDEX_TABLE, index)):
                metrics.gauge("merge_table_entries").labels(table=name).set(len(table))

        context.every(TABLE_SIZE_INTERVAL_SECONDS, export_table_sizes)
    return merging_function(state, metrics)
