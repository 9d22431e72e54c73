"""Toponym candidates: gazetteer matches, cue-backed capitalised names and NER place spans, merged.

Recall does not depend on NER: the gazetteer matcher and the cue proposals find names the model
missed ("Indelimane military base"), and an NER label is evidence (`ner_label`), never a gate. A
gazetteer match is dropped only on strong evidence that it names a person (person_evidence.py:
"Florence" and "Parly" in "Florence Parly"), a named armed group, or a number or date. Demonyms
("Malian", cue "demonym") pass through: the geocoder reads them as their country.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Iterable
from typing import Any

from services.entities.phrase_index import DisjointSpans
from services.nlp.entity_labels import PLACE_LABELS

NAMED_ACTOR_KINDS_KEEPING_PLACES = ("state_forces", "government", "foreign_state_forces", "foreign_government")
Span = tuple[int, int]
PersonTest = Callable[[int, int], bool]


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


class _SpanLookup:
    """Fixed spans, overlapping or not: sorted starts with the running furthest end, so whether any of
    them holds or overlaps a span is one bisect (a scan per candidate was quadratic on long articles)."""

    def __init__(self, spans: Iterable[Span]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        self._reach = list(itertools.accumulate((end for _, end in ordered), max))

    def holds(self, span: Span) -> bool:
        before = bisect.bisect_right(self._starts, span[0])
        return before > 0 and self._reach[before - 1] >= span[1]

    def overlaps(self, span: Span) -> bool:
        before = bisect.bisect_left(self._starts, span[1])
        return before > 0 and self._reach[before - 1] > span[0]


def merge_toponyms(
    gazetteer: list[dict[str, Any]], proposals: list[dict[str, Any]], entities: list[dict[str, Any]],
    actors: list[dict[str, Any]], blocked: Iterable[Span], is_person: PersonTest,
    is_lone_first_name: PersonTest = lambda start, end: False,
) -> list[dict[str, Any]]:
    """Deduplicated candidates (longest span wins), each with the NER label of its span, if any.

    `blocked` spans (numbers, dates) are never places; `is_person(start, end)` is strong person
    evidence; `is_lone_first_name` is person evidence that a context cue outweighs.
    """
    non_places = [(e["start"], e["end"]) for e in entities if e["label"] not in PLACE_LABELS]
    groups = _SpanLookup((a["start"], a["end"]) for a in actors if a["kind"] not in NAMED_ACTOR_KINDS_KEEPING_PLACES)
    actor_spans = {(a["start"], a["end"]) for a in actors}
    blocked_spans = list(blocked)
    blocks, blocks_or_non_places = _SpanLookup(blocked_spans), _SpanLookup(non_places + blocked_spans)

    def vetoed(span: Span) -> bool:
        return span in actor_spans or groups.holds(span) or blocks.holds(span) or is_person(*span)

    candidates: list[dict[str, Any]] = []
    for hit in gazetteer:
        span = (hit["start"], hit["end"])
        if not vetoed(span) and (hit.get("cue") or not is_lone_first_name(*span)):
            candidates.append({**hit, "cue": hit.get("cue")})
    for hit in proposals:
        span = (hit["start"], hit["end"])
        if not vetoed(span) and not blocks_or_non_places.overlaps(span):
            candidates.append(hit)
    for entity in entities:
        span = (entity["start"], entity["end"])
        if entity["label"] in PLACE_LABELS and not vetoed(span) and not blocks.overlaps(span):
            candidates.append({"text": entity["text"], "start": span[0], "end": span[1], "cue": None})
    return _with_ner_labels(_longest_first(candidates), entities)


def _longest_first(candidates: list[dict[str, Any]]) -> list[dict[str, Any]]:
    chosen: list[dict[str, Any]] = []
    cues: dict[Span, str] = {}
    for candidate in candidates:
        if candidate.get("cue"):
            cues.setdefault((candidate["start"], candidate["end"]), candidate["cue"])
    taken = DisjointSpans()
    for candidate in sorted(candidates, key=lambda c: (c["start"] - c["end"], c["start"])):
        span = (candidate["start"], candidate["end"])
        if taken.overlaps(*span):
            continue
        taken.add(*span)
        chosen.append({"text": candidate["text"], "start": span[0], "end": span[1], "cue": cues.get(span)})
    return sorted(chosen, key=lambda c: c["start"])


def _with_ner_labels(toponyms: list[dict[str, Any]], entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    labels = {(e["start"], e["end"]): e["label"] for e in entities if e.get("source") == "ner"}
    for toponym in toponyms:
        span = (toponym["start"], toponym["end"])
        label = labels.get(span)
        if label is None:
            label = next((lab for s, lab in labels.items() if _overlaps(span, s)), None)
        toponym["ner_label"] = label
    return toponyms
