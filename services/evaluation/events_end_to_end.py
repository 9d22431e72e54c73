"""End-to-end sub-event scoring: each snippet published as an article through the whole in-process pipeline.

The classification figure of services.evaluation.events hands the classifier a snippet it knows to be an
event. Here each snippet is a raw article run through every stage (language, entities, geocoding, incidents:
what `incident-stream process --emit events` does), then the events through the merger (`--emit incidents`).
The predicted label of a snippet is the sub-event type of its main event (or of the incident that main event
ended in); a snippet with no event is a miss.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from services.core.inprocess import InProcessPipeline
from services.core.settings import Settings
from services.incidents.merge import article_event
from services.incidents.merge_state import MergeState

NO_EVENT = "NO_EVENT"
NON_ACLED = "NON_ACLED"  # an event, but of no ACLED class (a disaster, a crime)


@dataclass
class EndToEndRun:
    """Per snippet, the sub-event class (code) predicted from `incidents.events` and from `incidents`."""

    from_events: list[str]
    from_incidents: list[str]
    failed: int

    @property
    def no_event_share(self) -> float:
        return sum(p == NO_EVENT for p in self.from_events) / len(self.from_events) if self.from_events else 0.0


def sample(snippets: Sequence[tuple[str, str]], limit: int | None) -> list[tuple[str, str]]:
    """Every k-th snippet, so a quick run keeps the class mix of the whole set (deterministic)."""
    if not limit or limit >= len(snippets):
        return list(snippets)
    step = len(snippets) / limit
    return [snippets[int(i * step)] for i in range(limit)]


def as_raw_article(index: int, text: str) -> dict[str, Any]:
    """A snippet as a producer would send it: no title, no publication date (CASE snippets carry none)."""
    return {"id": f"case2021-{index}", "url": f"https://case2021.invalid/snippet/{index}", "text": text}


def run_end_to_end(texts: Sequence[str], code_of: dict[str, str], settings: Settings | None = None) -> EndToEndRun:
    """Runs every text as an article; `code_of` maps an ACLED sub-event label back to its class code."""
    settings = settings or Settings()
    pipeline = InProcessPipeline(settings)
    merged = MergeState.configured(settings)
    main_keys: list[str | None] = []
    from_events: list[str] = []
    failed = 0
    for index, text in enumerate(texts):
        result = pipeline.run(as_raw_article(index, text))
        failed += result.failed_stage is not None
        main = next((e for e in result.incident_events if e.get("main")), None)
        from_events.append(code_of.get(str(main["sub_event_type"]), NON_ACLED) if main else NO_EVENT)
        main_keys.append(article_event(main) if main else None)
        for event in result.incident_events:
            merged.add(event)
    holder = {key: incident for incident in merged.incidents_by_id.values() for key in incident.get("article_events") or []}
    from_incidents = [code_of.get(str(holder[key]["sub_event_type"]), NON_ACLED) if key in holder else NO_EVENT
                      for key in main_keys]
    return EndToEndRun(from_events, from_incidents, failed)
