"""The merger's state over two mappings (plain dicts in `process`, faust tables in the worker):
incident_id -> incident, and the index: index key -> incident ids (see services.incidents.merge), plus
report aliases (merge_aliases) and retention records (merge_retention) under prefixed keys.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from services.core.pipeline import INCIDENTS_TABLE, INDEX_TABLE
from services.core.records import IncidentEvent
from services.core.settings import Settings
from services.incidents.merge import (
    DEFAULT_DISTANCE_KM,
    MergedIncident,
    holds_other_incident_of_article,
    index_key,
    match_score,
    merge_key_candidates,
    merge_report,
    same_event,
)
from services.incidents.merge_aliases import ReportAliases
from services.incidents.merge_index import IdLists
from services.incidents.merge_retention import MAX_EVICTIONS_PER_REPORT, Retention


def report_key_of(event: IncidentEvent) -> str:
    """Identity of one received report: the raw message it came from, else its article."""
    return str(event.get("report_key") or f"article/{event['article_id']}")


class MergeState:
    def __init__(self, incidents: MutableMapping[str, Any] | None = None, index: MutableMapping[str, Any] | None = None,
                 window_days: int = 1, distance_km: float = DEFAULT_DISTANCE_KM, retention_days: int = 0,
                 max_evictions: int = MAX_EVICTIONS_PER_REPORT) -> None:
        self.incidents_by_id: MutableMapping[str, Any] = incidents if incidents is not None else {}
        self.index: MutableMapping[str, Any] = index if index is not None else {}
        self.window_days = window_days
        self.distance_km = distance_km
        self.lists = IdLists(self.index)
        self.aliases = ReportAliases(self.index)
        self.retention = Retention(self.lists, retention_days, max_evictions, self._evict)
        self._incidents_evicted = self._index_keys_evicted = 0

    @classmethod
    def configured(cls, settings: Settings, incidents: MutableMapping[str, Any] | None = None,
                   index: MutableMapping[str, Any] | None = None) -> MergeState:
        """The state with the merge settings: over plain dicts unless faust tables are given."""
        return cls(incidents, index, window_days=settings.merge_window_days, distance_km=settings.merge_distance_km,
                   retention_days=settings.merge_retention_days)

    @property
    def retention_days(self) -> int:
        return self.retention.retention_days

    @property
    def evicted(self) -> dict[str, int]:
        """Keys deleted by retention since start, per table."""
        return {INCIDENTS_TABLE: self._incidents_evicted,
                INDEX_TABLE: self._index_keys_evicted + self.retention.due_keys_deleted}

    def _candidates(self, event: IncidentEvent) -> list[MergedIncident]:
        merged_into = self.aliases.incident_of(event["incident_id"])
        if merged_into and merged_into in self.incidents_by_id:  # a report merged before (a replay) goes back where it went
            return [self.incidents_by_id[merged_into]]
        found = []
        for key in merge_key_candidates(event, self.window_days):
            for incident_id in self.lists.ids(key):
                incident = self.incidents_by_id.get(incident_id)
                if incident is None or holds_other_incident_of_article(incident, event):
                    continue
                if same_event(incident, event, self.window_days, self.distance_km):
                    found.append(incident)
        return found

    def add(self, event: IncidentEvent) -> tuple[MergedIncident, str, MergedIncident | None]:
        """Merge one report: (incident after, outcome new|merged|duplicate, incident before or None)."""
        candidates = self._candidates(event)
        before = max(candidates, key=lambda incident: match_score(incident, event)) if candidates else None
        merged, outcome = merge_report(before, event, report_key_of(event))
        if outcome == "duplicate":
            return merged, outcome, before
        incident_id = merged["incident_id"]
        self.incidents_by_id[incident_id] = merged
        if before is not None and index_key(before) != index_key(merged):
            self.lists.discard(index_key(before), incident_id)  # the incident's date moved: no stale pointer is left
        self.lists.append(index_key(merged), incident_id)
        self.aliases.point(event["incident_id"], incident_id)
        if self.retention_days > 0:
            self.retention.retain(merged, before, event)
        return merged, outcome, before

    def incidents(self) -> list[MergedIncident]:
        return list(self.incidents_by_id.values())

    def _evict(self, incident_id: str) -> None:
        incident = self.incidents_by_id.get(incident_id)
        if incident is None:
            return
        del self.incidents_by_id[incident_id]
        deleted = self.lists.discard(index_key(incident), incident_id)
        deleted += self.aliases.forget(incident_id, incident)
        self._incidents_evicted += 1
        self._index_keys_evicted += deleted
