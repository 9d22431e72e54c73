"""Group trigger sentences into incidents.

Reading in order: an anchored trigger sentence starts a new incident when it signals another event ("also",
"another", "a month ago"), when its date or place conflicts with the current incident, or when it is far
from it; otherwise it is a further statement of the current incident ("more than 50 soldiers over the
weekend" then "49 of the soldiers were killed on Friday"). Unanchored trigger sentences and claims of
responsibility continue the incident just before them. Cumulative tolls ("have been killed since 2012")
are not incidents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from services.incidents.date_windows import sentence_window_days
from services.incidents.merge import distance_km
from services.incidents.signals import SentenceSignal, is_country

CONTINUATION_DISTANCE = 4
CLAIM_DISTANCE = 4
NEARBY_KM = 150.0


@dataclass
class SentenceGroup:
    signals: list[SentenceSignal] = field(default_factory=list)

    @property
    def last_index(self) -> int:
        return self.signals[-1].index

    def dates(self) -> list[tuple[date, int]]:
        return [(d, p) for s in self.signals for _, d, p in s.resolved_dates]


def _dates_compatible(group: SentenceGroup, signal: SentenceSignal) -> bool:
    mine = [(d, p) for _, d, p in signal.resolved_dates]
    theirs = group.dates()
    if not mine or not theirs:
        return True
    return any(abs((a - b).days) <= sentence_window_days(max(pa, pb)) for a, pa in mine for b, pb in theirs)


def _places_compatible(group: SentenceGroup, signal: SentenceSignal) -> bool:
    mine = [loc for loc in signal.locations if not is_country(loc)]
    theirs = [loc for s in group.signals for loc in s.locations if not is_country(loc)]
    if not mine or not theirs:
        return True
    for a in mine:
        for b in theirs:
            if a.get("country_code") != b.get("country_code"):
                continue
            if a.get("admin1") and a.get("admin1") == b.get("admin1"):
                return True
            distance = distance_km(a, b)
            if distance is not None and distance <= NEARBY_KM:
                return True
    return False


def _continues(group: SentenceGroup, signal: SentenceSignal) -> bool:
    if signal.index - group.last_index > CONTINUATION_DISTANCE:
        return False
    if signal.anchored and signal.new_event_cue:
        return False
    return _dates_compatible(group, signal) and _places_compatible(group, signal)


def cluster_signals(signals: list[SentenceSignal]) -> list[SentenceGroup]:
    """Incident sentence groups in reading order (see the module docstring)."""
    groups: list[SentenceGroup] = []
    current: SentenceGroup | None = None
    for signal in signals:
        if signal.aggregate and not signal.resolved_dates:
            continue
        if not signal.is_trigger:
            if signal.is_claim and current is not None and signal.index - current.last_index <= CLAIM_DISTANCE:
                current.signals.append(signal)
            continue
        if current is not None and _continues(current, signal):
            current.signals.append(signal)
            continue
        if not signal.anchored:
            continue
        current = SentenceGroup([signal])
        groups.append(current)
    return groups
