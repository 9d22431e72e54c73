"""Merging reports of one real event into one incident: pure functions for the incidents table worker.

The worker keeps two tables: incident_id -> incident, and index key -> [incident ids]. For an incoming
incident event it looks up `merge_key_candidates(event)` in the index, keeps the incidents for which
`same_event(incident, event)` holds (the best by `match_score`), and calls `merge_report(incident or
None, event, report_key)`; then stores the result under its incident_id and adds `index_key(incident)`.

ACLED's rule, as applied here: same type family (political violence, demonstrations, strategic
developments), event dates within `window_days` (widened by the coarser date precision: a week-precise
date can be any day of its week), the same place (within `distance_km` when both are exact places, within
100 km when one is only "near" a place or an admin area, or the same admin1, or a country-level report in
the same country), and compatible actors (no perpetrators of different kinds). A report with no event
date or no country could be any event: it joins only reports of its own article (a replay, a rewrite of
the same article), never another article's. Reports placed only at
country level or dated only to the month must also agree on the sub-event type; two incidents of one
article never merge with each other.

Counting: `num_articles` counts distinct reports (report keys), `num_sources` distinct outlets, so the
same article published twice counts two articles and one source. A report key seen before (a replay
after a crash) is a "duplicate" and changes nothing, unless its extraction changed (a replay after an
extractor change, `incident-stream replay`): then it is "updated", and replaces what that report said
(its toll too, up or down) in the same incident, instead of counting as a new report.

Fatalities policy: ACLED uses the most conservative figure until better information arrives. A report
published later with a higher `best` revises the toll upward (death tolls rise as bodies are counted);
an earlier or lower figure never lowers it. Together these make `best` the highest toll any report
states, which does not depend on the order reports arrive in (streams deliver them in any order).
`low` and `high` keep the full range across reports. Which report gives the incident its other fields
is decided the same order-free way: the best located and dated, then the earliest, then the lowest id.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any, Literal, cast

import orjson

from services.core.records import Count, Incident, IncidentEvent
from services.gazetteer.distance import distance_km as great_circle_km
from services.incidents.date_windows import merge_window_days
from services.incidents.lexicons import load_data

DEFAULT_DISTANCE_KM = 25.0
AREA_KM = 100.0  # a report placed "near X" or in an admin area may sit this far from a precise report
MERGE_FIELDS = ("num_articles", "num_sources", "sources", "article_ids", "reports", "report_keys", "article_events",
                "first_seen", "last_seen",
                "source_names", "best_report", "report_fingerprints", "report_counts")
# Fields of an event that do not belong to what the article says: a replay with the same extraction is a duplicate.
NOT_EXTRACTED = ("report_key", "pipeline_version", "ingest")


class MergedIncident(Incident):
    """An incident as the merger keeps and emits it: incident.schema.json plus the bookkeeping that makes a merge
    independent of arrival order and safe to replay."""

    source_names: list[str]
    report_keys: list[str]
    article_events: list[str]  # article_id/incident_id of every report
    best_report: str
    report_fingerprints: dict[str, str]
    report_counts: dict[str, dict[str, Any]]  # per article_events entry: that report's own fatalities and injured


def type_family(event_type: str | None) -> str:
    families: dict[str, str] = load_data("sub_event_types.json")["families"]
    return families.get(event_type or "", "other")


def event_day(record: IncidentEvent) -> date | None:
    """The record's event date, or None when undated."""
    raw = record.get("event_date")
    return date.fromisoformat(raw) if raw else None


def country_of(record: IncidentEvent) -> str:
    """The record's country code, '??' when unknown (one bucket, like the router's 'unknown' key)."""
    return str((record.get("location") or {}).get("country_code") or "??")


def index_key(record: IncidentEvent, day: date | None = None) -> str:
    """The index key of an incident or event: 'YYYY-MM-DD|CC|family'."""
    day = day or event_day(record)
    return f"{day.isoformat() if day else 'undated'}|{country_of(record)}|{type_family(record.get('event_type'))}"


def _window(record: IncidentEvent, window_days: int) -> int:
    return merge_window_days(int(record.get("date_precision") or 1), window_days)


def merge_key_candidates(event: IncidentEvent, window_days: int = 1) -> list[str]:
    """Index keys under which an incident of the same event may be stored (every day of the window)."""
    day = event_day(event)
    if day is None:
        return [index_key(event)]
    span = _window(event, window_days)
    first, last = max(-span, (date.min - day).days), min(span, (date.max - day).days)  # within the calendar
    return [index_key(event, day + timedelta(days=offset)) for offset in range(first, last + 1)]


def distance_km(a: Mapping[str, Any], b: Mapping[str, Any]) -> float | None:
    """Distance between two located records (location dicts), or None when either lacks coordinates."""
    try:
        lat1, lon1, lat2, lon2 = (float(v) for v in (a["latitude"], a["longitude"], b["latitude"], b["longitude"]))
    except (KeyError, TypeError, ValueError):
        return None
    return great_circle_km(lat1, lon1, lat2, lon2)


def _same_place(a: Mapping[str, Any], b: Mapping[str, Any], distance_limit: float) -> bool:
    if a.get("country_code") != b.get("country_code"):
        return False
    if int(a.get("geo_precision") or 3) == 3 or int(b.get("geo_precision") or 3) == 3:
        return True
    if a.get("geonameid") and a.get("geonameid") == b.get("geonameid"):
        return True
    if a.get("admin1") and a.get("admin1") == b.get("admin1"):
        return True
    distance = distance_km(a, b)
    precise = int(a.get("geo_precision") or 3) == 1 and int(b.get("geo_precision") or 3) == 1
    return distance is not None and distance <= (distance_limit if precise else max(distance_limit, AREA_KM))


def _actor1_inter(record: IncidentEvent) -> int | None:
    return next((a.get("inter") for a in record.get("actors") or [] if a.get("role") == "actor1"), None)


def _actors_compatible(a: IncidentEvent, b: IncidentEvent) -> bool:
    inter_a, inter_b = _actor1_inter(a), _actor1_inter(b)
    return inter_a is None or inter_b is None or inter_a == inter_b


def dated_and_placed(record: IncidentEvent) -> bool:
    """Whether a report says when (an event date) and in which country: what merging across articles needs."""
    return event_day(record) is not None and bool((record.get("location") or {}).get("country_code"))


def same_event(incident: Incident, event: IncidentEvent, window_days: int = 1, distance_limit: float = DEFAULT_DISTANCE_KM) -> bool:
    """Whether `event` reports the same real event as `incident` (ACLED's rule, see the module docstring)."""
    if type_family(incident.get("event_type")) != type_family(event.get("event_type")):
        return False
    own_article = event.get("article_id") in incident.get("article_ids", [])
    if own_article and event.get("incident_id") not in incident.get("reports", []):
        return False  # one article's incidents are distinct events by construction
    if not own_article and not (dated_and_placed(incident) and dated_and_placed(event)):
        return False
    coarse = any(int((r.get("location") or {}).get("geo_precision") or 3) == 3 or int(r.get("date_precision") or 3) == 3
                 for r in (incident, event))
    if coarse and incident.get("sub_event_type") != event.get("sub_event_type"):
        return False
    day_a, day_b = event_day(incident), event_day(event)
    if day_a and day_b and abs((day_a - day_b).days) > max(_window(incident, window_days), _window(event, window_days)):
        return False
    if not _same_place(incident.get("location") or {}, event.get("location") or {}, distance_limit):
        return False
    return _actors_compatible(incident, event)


def match_score(incident: Incident, event: IncidentEvent) -> float:
    """Higher for closer matches; the worker merges into the best-scoring candidate."""
    score = 0.0
    if incident.get("sub_event_type") == event.get("sub_event_type"):
        score += 2
    day_a, day_b = event_day(incident), event_day(event)
    if day_a and day_b:
        score += 1.0 / (1 + abs((day_a - day_b).days))
    distance = distance_km(incident.get("location") or {}, event.get("location") or {})
    if distance is not None:
        score += 1.0 / (1 + distance)
    if incident.get("fatalities", {}).get("best") == event.get("fatalities", {}).get("best"):
        score += 0.5
    return score


def _report_quality(event: IncidentEvent) -> tuple[float, ...]:
    location = event.get("location") or {}
    return (
        -int(location.get("geo_precision") or 3), -int(event.get("date_precision") or 3),
        float(event.get("confidence") or 0.0), 1.0 if event.get("main") else 0.0,
    )


def _report_rank(record: IncidentEvent, report_id: str) -> tuple[Any, ...]:
    """Lower is better: quality first, then the earliest report, then the id, so the incident's base
    report does not depend on the order reports arrive in."""
    return (tuple(-value for value in _report_quality(record)), str(record.get("published_at") or "9999"), report_id)


def _timestamp(event: IncidentEvent) -> str:
    raw = event.get("published_at")
    if raw:
        return str(raw)
    return datetime.now().astimezone().isoformat()


def _reconcile_count(current: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> Count:
    """Fatalities or injured across two reports, by the policy in the module docstring. The result does
    not depend on the order reports arrive in (a replayed or late report must not change the outcome)."""
    now = {k: int((current or {}).get(k) or 0) for k in ("best", "low", "high")}
    incoming = {k: int((new or {}).get(k) or 0) for k in ("best", "low", "high")}
    best = max(now["best"], incoming["best"])
    lows = [v for v in (now["low"], incoming["low"], best) if v > 0]
    return {"best": best, "low": min(lows) if lows else 0, "high": max(now["high"], incoming["high"], best)}


def article_event(event: IncidentEvent) -> str:
    """One incident as one article tells it: stable across re-publication and replays of the article."""
    return f"{event['article_id']}/{event['incident_id']}"


def holds_other_incident_of_article(incident: MergedIncident, event: IncidentEvent) -> bool:
    """Whether the incident already holds a *different* incident from the event's article. The extraction
    stage split that article into separate incidents, so they must stay separate."""
    prefix = f"{event['article_id']}/"
    own = article_event(event)
    return any(key.startswith(prefix) and key != own for key in incident.get("article_events") or [])


def report_fingerprint(event: IncidentEvent) -> str:
    """What the report says (its extraction), hashed: equal for a replay of the same extraction."""
    extracted = {key: value for key, value in event.items() if key not in NOT_EXTRACTED}
    return hashlib.sha256(orjson.dumps(extracted, option=orjson.OPT_SORT_KEYS)).hexdigest()[:16]


def report_counts(event: IncidentEvent) -> dict[str, Any]:
    return {"fatalities": event.get("fatalities") or {}, "injured": event.get("injured") or {}}


def new_incident(event: IncidentEvent, report_key: str) -> MergedIncident:
    """An incident from its first report."""
    seen = _timestamp(event)
    own = article_event(event)
    return {
        **event,
        "num_articles": 1, "num_sources": 1,
        "sources": [event["url"]] if event.get("url") else [],
        "source_names": [event.get("source") or event.get("url") or "unknown"],
        "article_ids": [event["article_id"]], "reports": [event["incident_id"]], "report_keys": [report_key],
        "article_events": [own],
        "first_seen": seen, "last_seen": seen, "best_report": event["incident_id"],
        "report_fingerprints": {own: report_fingerprint(event)}, "report_counts": {own: report_counts(event)},
    }


def _counts_over_reports(counts: dict[str, dict[str, Any]], field: Literal["fatalities", "injured"]) -> Count:
    """The field's count across every report's latest figures (one report: its own figures)."""
    figures = [report[field] for report in counts.values()]
    if len(figures) == 1:
        return cast(Count, dict(figures[0]))  # as the report stated it, {} when it stated none
    total: Count | None = None
    for figure in figures:
        total = _reconcile_count(total, figure)
    return total or cast(Count, {})


def merge_report(incident: MergedIncident | None, event: IncidentEvent, report_key: str) -> tuple[MergedIncident, str]:
    """Merge one received report into an incident: (incident, 'new' | 'merged' | 'updated' | 'duplicate')."""
    if incident is None:
        return new_incident(event, report_key), "new"
    own = article_event(event)
    fingerprints = dict(incident.get("report_fingerprints") or {})
    replayed = report_key in incident.get("report_keys", []) and own in incident.get("article_events", [])
    if replayed and fingerprints.get(own, report_fingerprint(event)) == report_fingerprint(event):
        return incident, "duplicate"  # an incident from before fingerprints cannot tell: as before, a duplicate
    seen = _timestamp(event)
    keep: dict[str, Any] = {field: incident.get(field) for field in MERGE_FIELDS}
    base: IncidentEvent = incident
    rebased = replayed and incident.get("best_report") == event["incident_id"]  # the base report itself changed
    if rebased or _report_rank(event, event["incident_id"]) < _report_rank(incident, str(incident.get("best_report") or "")):
        base = {**event, "incident_id": incident["incident_id"]}
        keep["best_report"] = event["incident_id"]
    counts = {**(keep["report_counts"] or {}), own: report_counts(event)}
    if replayed:
        fatalities, injured = _counts_over_reports(counts, "fatalities"), _counts_over_reports(counts, "injured")
    else:
        fatalities = _reconcile_count(incident.get("fatalities"), event.get("fatalities"))
        injured = _reconcile_count(incident.get("injured"), event.get("injured"))
    source_names = sorted(set(keep["source_names"] or []) | {event.get("source") or event.get("url") or "unknown"})
    sources = list(dict.fromkeys([*(keep["sources"] or []), *([event["url"]] if event.get("url") else [])]))
    merged: MergedIncident = {
        **base,
        "incident_id": incident["incident_id"],
        "fatalities": fatalities,
        "injured": injured,
        "num_articles": len(set(keep["report_keys"] or []) | {report_key}),
        "num_sources": len(source_names), "source_names": source_names, "sources": sources,
        "article_ids": list(dict.fromkeys([*(keep["article_ids"] or []), event["article_id"]])),
        "reports": list(dict.fromkeys([*(keep["reports"] or []), event["incident_id"]])),
        "report_keys": list(dict.fromkeys([*(keep["report_keys"] or []), report_key])),
        "article_events": list(dict.fromkeys([*(keep["article_events"] or []), own])),
        "first_seen": min(str(keep["first_seen"] or seen), seen), "last_seen": max(str(keep["last_seen"] or seen), seen),
        "best_report": keep["best_report"],
        "report_fingerprints": {**fingerprints, own: report_fingerprint(event)},
        "report_counts": counts,
    }
    return merged, "updated" if replayed else "merged"
