"""Retention keeps the merger's tables bounded.

Every country has a watermark, the newest event time its reports have carried (event date, capped by
the publication date so a mistyped future year cannot jump it), and its incidents are bucketed by event
day. Once a day falls more than `retention_days` behind the watermark, its incidents are evicted with
their index entries and report aliases: a few per received report, so the work per message stays
bounded. Event time, not wall clock, drives this, so a replay evicts exactly what the live run did. All
of a country's keys live in the table partition its reports are routed to (merge-route keys by country),
which is where faust writes a deletion's tombstone.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from services.core.records import IncidentEvent
from services.incidents.merge import MergedIncident, country_of, event_day
from services.incidents.merge_index import IdLists

RETENTION_PREFIX = "retention:"  # retention:<CC> -> {"watermark": day, "days": [days with incidents, sorted]}
DUE_PREFIX = "due:"  # due:<CC>|<day> -> [incident ids whose event day is that day]
MAX_EVICTIONS_PER_REPORT = 32


def day_of(timestamp: Any) -> date | None:
    """The calendar day of an RFC 3339 timestamp (as written, no time-zone shift), or None."""
    try:
        return date.fromisoformat(str(timestamp)[:10]) if timestamp else None
    except ValueError:
        return None


def retention_day(incident: MergedIncident) -> date | None:
    """The day an incident ages from: its event date, else the day it was first reported."""
    return event_day(incident) or day_of(incident.get("first_seen") or incident.get("published_at"))


def event_time(event: IncidentEvent) -> date | None:
    """How far a report moves its country's watermark: its event date, never past its publication day."""
    day, published = event_day(event), day_of(event.get("published_at"))
    if day and published:
        return min(day, published)
    return day or published


class Retention:
    """Files incidents under their event day per country and evicts, through `evict`, what falls behind."""

    def __init__(self, lists: IdLists, retention_days: int, max_evictions: int, evict: Callable[[str], None]) -> None:
        self.lists = lists
        self.table = lists.table
        self.retention_days = retention_days  # 0: keep every incident forever
        self.max_evictions = max_evictions
        self.evict = evict
        self.due_keys_deleted = 0  # day buckets emptied by eviction, since start

    def retain(self, merged: MergedIncident, before: MergedIncident | None, event: IncidentEvent) -> None:
        """File the incident under its event day, advance the watermark, evict what fell behind it."""
        country = country_of(merged)
        stored = self.table.get(RETENTION_PREFIX + country) or {"watermark": None, "days": []}
        record = {"watermark": stored["watermark"], "days": list(stored["days"])}
        day, day_before = retention_day(merged), retention_day(before) if before is not None else None
        if before is not None and day_before is not None and day_before != day:
            self.lists.discard(f"{DUE_PREFIX}{country}|{day_before.isoformat()}", merged["incident_id"])
        if day is not None and (before is None or day_before != day):
            self.lists.append(f"{DUE_PREFIX}{country}|{day.isoformat()}", merged["incident_id"])
            if day.isoformat() not in record["days"]:
                bisect.insort(record["days"], day.isoformat())
        seen = event_time(event)
        if seen is not None and (record["watermark"] is None or seen.isoformat() > record["watermark"]):
            record["watermark"] = seen.isoformat()
        if record["watermark"] is not None and (date.fromisoformat(record["watermark"]) - date.min).days > self.retention_days:
            cutoff = date.fromisoformat(record["watermark"]) - timedelta(days=self.retention_days)
            self._evict_before(country, cutoff.isoformat(), record["days"])
        if record != stored:
            self.table[RETENTION_PREFIX + country] = record

    def _evict_before(self, country: str, cutoff: str, days: list[str]) -> None:
        """Evict up to `max_evictions` incidents of the country's days before `cutoff`, oldest first;
        `days` loses the days emptied. What the budget leaves waits for the country's next report."""
        budget = self.max_evictions
        while days and days[0] < cutoff and budget > 0:
            key = f"{DUE_PREFIX}{country}|{days[0]}"
            ids = self.lists.ids(key)
            evicting, keeping = ids[:budget], ids[budget:]
            for incident_id in evicting:
                self.evict(incident_id)
            budget -= len(evicting)
            if keeping:
                self.table[key] = keeping
                return
            if key in self.table:
                del self.table[key]
                self.due_keys_deleted += 1
            days.pop(0)
