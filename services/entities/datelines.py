"""Datelines: "KABUL (Reuters) -", "LAGOS, Nigeria:", "NAIROBI -", "BAMAKO, 3 mai (AFP) -" at the start
of a text name where the story was filed, which is often not where its events happened. The place
names of a dateline are flagged (`dateline`); the incident stage uses them only when the event's own
sentences name no place."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

DATA_PATH = Path(__file__).parent / "data" / "datelines.json"
DATELINE_CUE = "dateline"
LEAD_CHARS = 160  # a dateline opens the text (or its first paragraph after a byline)
_UPPER_CITY = r"(?P<city>[A-ZÀ-Ý][A-ZÀ-Ý'’.\-]+(?:[ ][A-ZÀ-Ý][A-ZÀ-Ý'’.\-]+){0,3})"
_TITLE_CITY = r"(?P<city>[A-ZÀ-Ý][\w'’.\-]+(?:[ ][A-ZÀ-Ý][\w'’.\-]+){0,3})"
_QUALIFIER = r"(?:,[ ]*(?P<where>[A-ZÀ-Ý][\w'’.\-]+(?:[ ][A-ZÀ-Ý][\w'’.\-]+){0,2})(?![\w'’\-])(?!\.?[ ]*\d))?"
_DATE = r"(?:,?[ ]*(?:\d{1,2}[ ]+[^\W\d_]+\.?(?:[ ]+\d{4})?|[^\W\d_]+\.?[ ]+\d{1,2}(?:,[ ]+\d{4})?))?"
_SEPARATOR = r"[ ]*(?:[-–—:]|\s*\n)"


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    agencies = json.loads(DATA_PATH.read_text(encoding="utf-8"))["agencies"]
    agency = r"[ ]*\((?:" + "|".join(re.escape(a) for a in sorted(agencies, key=len, reverse=True)) + r")\)"
    # Capitals alone make a dateline; a name in ordinary case needs the agency to be one.
    upper = re.compile(rf"[ \t]*{_UPPER_CITY}{_QUALIFIER}{_DATE}(?:{agency})?{_SEPARATOR}")
    titled = re.compile(rf"[ \t]*{_TITLE_CITY}{_QUALIFIER}{_DATE}{agency}{_SEPARATOR}", re.IGNORECASE)
    return upper, titled


def _paragraph_starts(text: str) -> list[int]:
    starts = [0] + [m.end() for m in re.finditer(r"\n\s*", text[:LEAD_CHARS])]
    return starts[:3]


def find_dateline(text: str) -> list[tuple[int, int]]:
    """The spans of the dateline's place names (city, then its region or country), or none."""
    upper, titled = _patterns()
    for start in _paragraph_starts(text):
        for pattern in (upper, titled):
            match = pattern.match(text, start)
            if match is None or (pattern is titled and not match.group("city")[0].isupper()):
                continue
            spans = [match.span("city")]
            if match.group("where"):
                spans.append(match.span("where"))
            return spans
    return []


def mark_dateline(text: str, toponyms: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The toponyms with `dateline` set on those of the dateline; a dateline name no toponym covers is
    added (cue "dateline")."""
    spans = find_dateline(text)
    marked = list(toponyms)
    for start, end in spans:
        covering = [t for t in marked if t["start"] <= start and end <= t["end"] or start <= t["start"] < end]
        for toponym in covering:
            toponym["dateline"] = True
        if not covering:
            marked.append({"text": text[start:end], "start": start, "end": end, "cue": DATELINE_CUE,
                           "ner_label": None, "dateline": True})
    return sorted(marked, key=lambda t: t["start"])
