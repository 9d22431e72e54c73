"""The merger's state over two mappings (plain dicts in `process`, faust tables in the worker):
incident_id -> incident, and index key -> incident ids (see services.incidents.merge)."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from services.incidents.merge import (
    holds_other_incident_of_article,
    index_key,
    match_score,
    merge_key_candidates,
    merge_report,
    same_event,
)

Event = dict[str, Any]
ALIAS_PREFIX = "report:"


def report_key_of(event: Event) -> str:
    """Identity of one received report: the raw message it came from, else its article."""
    return str(event.get("report_key") or f"article/{event['article_id']}")


class MergeState:
    def __init__(self, incidents: MutableMapping[str, Any] | None = None, index: MutableMapping[str, Any] | None = None,
                 window_days: int = 1) -> None:
        self.incidents_by_id: MutableMapping[str, Any] = incidents if incidents is not None else {}
        self.index: MutableMapping[str, Any] = index if index is not None else {}
        self.window_days = window_days

    def _candidates(self, event: Event) -> list[dict[str, Any]]:
        alias = self.index.get(ALIAS_PREFIX + event["incident_id"])
        if alias and alias[0] in self.incidents_by_id:  # a report merged before (a replay) goes back where it went
            return [self.incidents_by_id[alias[0]]]
        found = []
        for key in merge_key_candidates(event, self.window_days):
            for incident_id in self.index.get(key) or []:
                incident = self.incidents_by_id.get(incident_id)
                if incident is None or holds_other_incident_of_article(incident, event):
                    continue
                if same_event(incident, event, self.window_days):
                    found.append(incident)
        return found

    def add(self, event: Event) -> tuple[dict[str, Any], str, dict[str, Any] | None]:
        """Merge one report: (incident after, outcome new|merged|duplicate, incident before or None)."""
        candidates = self._candidates(event)
        before = max(candidates, key=lambda incident: match_score(incident, event)) if candidates else None
        merged, outcome = merge_report(before, event, report_key_of(event))
        if outcome == "duplicate":
            return merged, outcome, before
        incident_id = merged["incident_id"]
        self.incidents_by_id[incident_id] = merged
        key = index_key(merged)
        ids = list(self.index.get(key) or [])
        if incident_id not in ids:
            self.index[key] = [*ids, incident_id]  # assigned anew, never mutated: faust logs table writes on set
        self.index[ALIAS_PREFIX + event["incident_id"]] = [incident_id]
        return merged, outcome, before

    def incidents(self) -> list[dict[str, Any]]:
        return list(self.incidents_by_id.values())
