"""Named entities from spaCy, normalised to PER/ORG/LOC/GPE/NORP/MISC and corrected by place evidence.

Small models call African places persons or organisations ("Mali", "Gao", "N'Djamena" PERSON,
"Burkina Faso" ORG). A span the gazetteer or the country table knows as a place is relabelled:
country names always ("Mali is never a person"), other place names when the context says place
("in", "near", "region of", "X region").
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from services.nlp.entity_labels import PLACE_LABELS
from services.nlp.folding import fold_case_and_accents
from services.nlp.languages import words_of_every_language

LABELS_PATH = Path(__file__).parent / "data" / "ner_labels.json"
RELABELABLE = frozenset({"PER", "ORG", "MISC"})
_LEADING_DETERMINERS = tuple(words_of_every_language("span_words", "leading_determiners"))
# Direction words that keep a country a place ("Northern Mali", "le nord du Mali" is found by cues).
COUNTRY_QUALIFIERS = frozenset(words_of_every_language("span_words", "country_qualifiers"))

CueFinder = Callable[[int, int], str | None]


def load_label_map(path: Path = LABELS_PATH) -> dict[str, str]:
    labels: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))["labels"]
    return labels


def ner_entities(doc: Doc, label_map: dict[str, str]) -> list[dict[str, Any]]:
    """spaCy entities with contract labels; numeric and date labels are dropped."""
    text = doc.text  # Doc.text joins every token on each access
    entities = []
    for ent in doc.ents:
        label = label_map.get(ent.label_)
        if label is None:
            continue
        start, end = _trim(text, ent.start_char, ent.end_char)
        if start < end:
            entities.append({"text": text[start:end], "label": label, "start": start, "end": end, "source": "ner"})
    return entities


def relabel_places(
    entities: list[dict[str, Any]], country_names: Iterable[tuple[int, int]], place_spans: Iterable[tuple[int, int]],
    cue_at: CueFinder,
) -> None:
    """Relabels in place PER/ORG/MISC spans that are places by evidence (country name, or known place with a cue)."""
    countries = list(country_names)
    places = list(place_spans)
    for entity in entities:
        if entity["label"] not in RELABELABLE:
            continue
        span = (entity["start"], entity["end"])
        if span in countries or _qualified_country(entity["text"], span, countries):
            entity["label"] = "GPE"
            continue
        known = [p for p in places if p[0] <= span[0] and span[1] <= p[1]]
        if any(cue_at(*span) is not None or cue_at(*place) is not None for place in known):
            entity["label"] = "GPE"
    _one_sense_per_article(entities, places)


def _one_sense_per_article(entities: list[dict[str, Any]], places: list[tuple[int, int]]) -> None:
    """A gazetteer name that is a place once in the article is a place everywhere in it ("Sahel")."""
    place_names = {fold_case_and_accents(e["text"]) for e in entities if e["label"] in PLACE_LABELS}
    known = set(places)
    for entity in entities:
        if entity["label"] in RELABELABLE and (entity["start"], entity["end"]) in known \
                and fold_case_and_accents(entity["text"]) in place_names:
            entity["label"] = "GPE"


def _qualified_country(text: str, span: tuple[int, int], countries: list[tuple[int, int]]) -> bool:
    """'Northern Mali', 'central Mali': a country name preceded only by a direction word."""
    for start, end in countries:
        if span[0] < start and end == span[1]:
            qualifier = fold_case_and_accents(text[: start - span[0]]).strip()
            if qualifier in COUNTRY_QUALIFIERS:
                return True
    return False


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drops a leading determiner and trailing punctuation or possessive from an entity span."""
    folded = fold_case_and_accents(text[start:end])
    for determiner in _LEADING_DETERMINERS:
        if folded.startswith(determiner) and end - start > len(determiner):
            start += len(determiner)
            break
    while end > start and (text[end - 1] in ".,;:'’\"" or text[end - 1].isspace()):
        end -= 1
    if text[start:end].endswith(("'s", "’s")):
        end -= 2
    return start, end
