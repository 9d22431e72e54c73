"""The merger's state over two mappings (plain dicts in `process`, faust tables in the worker):
incident_id -> incident, and index key -> incident ids (see services.incidents.merge).

Retention keeps both bounded. Every country has a watermark, the newest event time its reports have
carried (event date, capped by the publication date so a mistyped future year cannot jump it), and
its incidents are bucketed by event day. Once a day falls more than `retention_days` behind the
watermark, its incidents are evicted with their index entries and report aliases: a few per received
report, so the work per message stays bounded. Event time, not wall clock, drives this, so a replay
evicts exactly what the live run did. All of a country's keys live in the table partition its reports
are routed to (merge-route keys by country), which is where faust writes a deletion's tombstone.
"""

from __future__ import annotations

import bisect
from collections.abc import MutableMapping
from datetime import date, timedelta
from typing import Any

from services.core.settings import Settings
from services.incidents.merge import (
    DEFAULT_DISTANCE_KM,
    country_of,
    event_day,
    holds_other_incident_of_article,
    index_key,
    match_score,
    merge_key_candidates,
    merge_report,
    same_event,
)

Event = dict[str, Any]
ALIAS_PREFIX = "report:"  # report:<event incident_id> -> [incident id it merged into]
RETENTION_PREFIX = "retention:"  # retention:<CC> -> {"watermark": day, "days": [days with incidents, sorted]}
DUE_PREFIX = "due:"  # due:<CC>|<day> -> [incident ids whose event day is that day]
MAX_EVICTIONS_PER_REPORT = 32
INCIDENTS_TABLE, INDEX_TABLE = "incidents-by-id", "incident-index"


def report_key_of(event: Event) -> str:
    """Identity of one received report: the raw message it came from, else its article."""
    return str(event.get("report_key") or f"article/{event['article_id']}")


def day_of(timestamp: Any) -> date | None:
    """The calendar day of an RFC 3339 timestamp (as written, no time-zone shift), or None."""
    try:
        return date.fromisoformat(str(timestamp)[:10]) if timestamp else None
    except ValueError:
        return None


def retention_day(incident: Event) -> date | None:
    """The day an incident ages from: its event date, else the day it was first reported."""
    return event_day(incident) or day_of(incident.get("first_seen") or incident.get("published_at"))


def event_time(event: Event) -> date | None:
    """How far a report moves its country's watermark: its event date, never past its publication day."""
    day, published = event_day(event), day_of(event.get("published_at"))
    if day and published:
        return min(day, published)
    return day or published


class MergeState:
    def __init__(self, incidents: MutableMapping[str, Any] | None = None, index: MutableMapping[str, Any] | None = None,
                 window_days: int = 1, distance_km: float = DEFAULT_DISTANCE_KM, retention_days: int = 0,
                 max_evictions: int = MAX_EVICTIONS_PER_REPORT) -> None:
        self.incidents_by_id: MutableMapping[str, Any] = incidents if incidents is not None else {}
        self.index: MutableMapping[str, Any] = index if index is not None else {}
        self.window_days = window_days
        self.distance_km = distance_km
        self.retention_days = retention_days  # 0: keep every incident forever
        self.max_evictions = max_evictions
        self.evicted = {INCIDENTS_TABLE: 0, INDEX_TABLE: 0}  # keys deleted by retention, since start

    @classmethod
    def configured(cls, settings: Settings, incidents: MutableMapping[str, Any] | None = None,
                   index: MutableMapping[str, Any] | None = None) -> MergeState:
        """The state with the merge settings: over plain dicts unless faust tables are given."""
        return cls(incidents, index, window_days=settings.merge_window_days, distance_km=settings.merge_distance_km,
                   retention_days=settings.merge_retention_days)

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
                if same_event(incident, event, self.window_days, self.distance_km):
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
        if before is not None and index_key(before) != index_key(merged):
            self._discard(index_key(before), incident_id)  # the incident's date moved: no stale pointer is left
        self._append(index_key(merged), incident_id)
        self.index[ALIAS_PREFIX + event["incident_id"]] = [incident_id]
        if self.retention_days > 0:
            self._retain(merged, before, event)
        return merged, outcome, before

    def incidents(self) -> list[dict[str, Any]]:
        return list(self.incidents_by_id.values())

    def _append(self, key: str, incident_id: str) -> None:
        ids = list(self.index.get(key) or [])
        if incident_id not in ids:
            self.index[key] = [*ids, incident_id]  # assigned anew, never mutated: faust logs table writes on set

    def _discard(self, key: str, incident_id: str) -> int:
        """Remove one id from an index list; returns 1 when that deleted the key."""
        ids = list(self.index.get(key) or [])
        if incident_id not in ids:
            return 0
        ids.remove(incident_id)
        if ids:
            self.index[key] = ids
            return 0
        del self.index[key]
        return 1

    def _retain(self, merged: Event, before: Event | None, event: Event) -> None:
        """File the incident under its event day, advance the watermark, evict what fell behind it."""
        country = country_of(merged)
        stored = self.index.get(RETENTION_PREFIX + country) or {"watermark": None, "days": []}
        record = {"watermark": stored["watermark"], "days": list(stored["days"])}
        day, day_before = retention_day(merged), retention_day(before) if before is not None else None
        if before is not None and day_before is not None and day_before != day:
            self._discard(f"{DUE_PREFIX}{country}|{day_before.isoformat()}", merged["incident_id"])
        if day is not None and (before is None or day_before != day):
            self._append(f"{DUE_PREFIX}{country}|{day.isoformat()}", merged["incident_id"])
            if day.isoformat() not in record["days"]:
                bisect.insort(record["days"], day.isoformat())
        seen = event_time(event)
        if seen is not None and (record["watermark"] is None or seen.isoformat() > record["watermark"]):
            record["watermark"] = seen.isoformat()
        if record["watermark"] is not None and (date.fromisoformat(record["watermark"]) - date.min).days > self.retention_days:
            cutoff = date.fromisoformat(record["watermark"]) - timedelta(days=self.retention_days)
            self._evict_before(country, cutoff.isoformat(), record["days"])
        if record != stored:
            self.index[RETENTION_PREFIX + country] = record

    def _evict_before(self, country: str, cutoff: str, days: list[str]) -> None:
        """Evict up to `max_evictions` incidents of the country's days before `cutoff`, oldest first;
        `days` loses the days emptied. What the budget leaves waits for the country's next report."""
        budget = self.max_evictions
        while days and days[0] < cutoff and budget > 0:
            key = f"{DUE_PREFIX}{country}|{days[0]}"
            ids = list(self.index.get(key) or [])
            evicting, keeping = ids[:budget], ids[budget:]
            for incident_id in evicting:
                self._evict(incident_id)
            budget -= len(evicting)
            if keeping:
                self.index[key] = keeping
                return
            if key in self.index:
                del self.index[key]
                self.evicted[INDEX_TABLE] += 1
            days.pop(0)

    def _evict(self, incident_id: str) -> None:
        incident = self.incidents_by_id.get(incident_id)
        if incident is None:
            return
        del self.incidents_by_id[incident_id]
        deleted = self._discard(index_key(incident), incident_id)
        for report in incident.get("reports") or []:
            alias = ALIAS_PREFIX + str(report)
            if (self.index.get(alias) or [None])[0] == incident_id:
                del self.index[alias]
                deleted += 1
        self.evicted[INCIDENTS_TABLE] += 1
        self.evicted[INDEX_TABLE] += deleted
