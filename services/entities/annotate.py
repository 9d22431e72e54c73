"""One pass of NLP over an article's text: everything later stages need, with character offsets."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from services.core.budget import check_cap, check_deadline
from services.entities.actors import ActorLexicon
from services.entities.countries import CountryTable, dominant_country
from services.entities.datelines import mark_dateline
from services.entities.ner import ner_entities, relabel_places
from services.entities.person_evidence import PersonCues, PersonEvidence
from services.entities.place_cues import PlaceCues
from services.entities.spacy_models import SpacyPipelines
from services.entities.toponyms import merge_toponyms
from services.gazetteer.cues import DEMONYM_CUE
from services.nlp.sentences import paragraph_sentences

# spaCy strips prefix and suffix punctuation one character at a time, rescanning the token each time:
# quadratic in a token of punctuation only ("(" * 5000 + ")" * 5000 took ~7 s, 40 KB ~90 s)
_SYMBOL_RUN = re.compile(r"[^\w\s]{100,}")
SpanFinder = Callable[[str, str], list[dict[str, Any]]]
PIPE_BATCH_SIZE = 64
LEXICON_ENTITY_KINDS = ("armed_group", "international", "private_military", "identity_militia", "pro_government_militia")


def model_text(text: str) -> str:
    """`text` as the spaCy model reads it: long runs of punctuation blanked, offsets unchanged."""
    return _SYMBOL_RUN.sub(lambda run: " " * len(run.group()), text)


@dataclass
class ArticleAnnotator:
    """Holds the loaded resources; `annotate` is pure given them."""

    pipelines: SpacyPipelines
    countries: CountryTable
    actors: ActorLexicon
    cues: PlaceCues
    find_toponyms: SpanFinder | None
    find_numbers: SpanFinder | None
    find_dates: SpanFinder | None
    label_map: dict[str, str]
    persons: PersonCues
    max_spans: int = 0  # entity spans (NER and gazetteer hits) an article may hold; 0: no cap

    def parse_many(self, texts: list[str], language: str) -> Iterator[tuple[str, Doc]]:
        """(text, its Doc) for texts in one language, parsed together (`nlp.pipe`)."""
        docs = self.pipelines.get(language).pipe([model_text(text) for text in texts], batch_size=PIPE_BATCH_SIZE)
        return zip(texts, docs, strict=True)

    def annotate(self, text: str, language: str, title: str = "",
                 doc: Doc | None = None) -> dict[str, list[dict[str, Any]]]:
        """The entity-stage fields of docs/contracts.md for `text` in `language` (ISO 639-1 or 'und');
        the headline, when given, only helps decide which country the article is about. `doc`: `text`
        already parsed (`parse_many`)."""
        if doc is None:
            doc = self.pipelines.get(language)(model_text(text))
        sentences = paragraph_sentences(text, [(s.start_char, s.end_char) for s in doc.sents]) if text else []
        mentions = self.countries.country_mentions(text)
        article_country = dominant_country(mentions, self.countries.country_mentions(title) if title else None)
        actors = self.actors.find(text, article_country, mentions, [(s["start"], s["end"]) for s in sentences])
        numbers = self.find_numbers(text, language) if self.find_numbers else []
        dates = self.find_dates(text, language) if self.find_dates else []
        gazetteer = self.find_toponyms(text, language) if self.find_toponyms else []
        country_names = [(start, end) for start, end, _code, kind in mentions if kind == "name"]

        entities = ner_entities(doc, self.label_map)
        # Refused before the steps that compare spans with spans, so work and output stay linear.
        check_cap("entity spans", len(entities) + len(gazetteer), self.max_spans)
        check_deadline()
        relabel_places(
            entities, country_names, [(g["start"], g["end"]) for g in gazetteer],
            lambda start, end: self.cues.context_cue(text, start, end, language),
        )
        _relabel_groups(entities, self.actors)
        country_hits = [{"text": text[s:e], "start": s, "end": e, "cue": None} for s, e in country_names]
        # Capitalised demonyms ("Malian", "Sri Lankan") are associative mentions of their country.
        demonyms = [{"text": text[s:e], "start": s, "end": e, "cue": DEMONYM_CUE}
                    for s, e, _code, kind in mentions if kind == "adjective" and text[s].isupper()]
        blocked = [(n["start"], n["end"]) for n in numbers + dates]
        evidence = PersonEvidence(text, entities, self.persons)
        toponyms = merge_toponyms(gazetteer + country_hits + demonyms, self.cues.propose(text, language), entities,
                                  actors, blocked, evidence.is_person, evidence.is_lone_first_name)
        toponyms = mark_dateline(text, toponyms)
        entities = _add_evidence_entities(entities, toponyms, actors)

        starts = [s["start"] for s in sentences]
        for item in (*entities, *actors, *numbers, *dates, *toponyms):
            item["sentence"] = _sentence_index(starts, item["start"])
        return {"sentences": sentences, "entities": entities, "actors": actors, "numbers": numbers,
                "dates": dates, "toponyms": toponyms}


def _relabel_groups(entities: list[dict[str, Any]], actors: ActorLexicon) -> None:
    """The lexicon knows groups the model takes for people or places ("Barkhane" PER, "Minusma" LOC)."""
    for entity in entities:
        if entity["label"] not in ("ORG", "NORP") and actors.names_group(entity["text"]):
            entity["label"] = "ORG"


def _sentence_index(starts: list[int], offset: int) -> int:
    return max(0, bisect.bisect_right(starts, offset) - 1)


def _add_evidence_entities(
    entities: list[dict[str, Any]], toponyms: list[dict[str, Any]], actors: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """Cue-backed places and named groups that NER missed become entities (source gazetteer / lexicon)."""
    taken = [(e["start"], e["end"]) for e in entities]

    def free(start: int, end: int) -> bool:
        return not any(start < e and s < end for s, e in taken)

    added = []
    for toponym in toponyms:
        check_deadline()
        if toponym["cue"] == DEMONYM_CUE:
            continue  # "Malian" stays NORP (or nothing), never a LOC entity
        # A bare gazetteer hit stays a toponym candidate for the geocoder; only cue-backed ones are entities.
        if toponym["cue"] and free(toponym["start"], toponym["end"]):
            added.append({"text": toponym["text"], "label": "LOC", "start": toponym["start"], "end": toponym["end"],
                          "source": "gazetteer"})
            taken.append((toponym["start"], toponym["end"]))
    for actor in actors:
        if actor["kind"] in LEXICON_ENTITY_KINDS and free(actor["start"], actor["end"]):
            added.append({"text": actor["text"], "label": "ORG", "start": actor["start"], "end": actor["end"],
                          "source": "lexicon"})
            taken.append((actor["start"], actor["end"]))
    return sorted(entities + added, key=lambda e: e["start"])
