"""The entity stage: an article with `language` in, the same article with sentences, entities,
actors, numbers, dates and toponym candidates out (docs/contracts.md)."""

from __future__ import annotations

import importlib
import logging
from typing import Any

from services.core.settings import Settings
from services.core.stage import Message, StageFunction
from services.entities.actors import load_actor_lexicon
from services.entities.annotate import ArticleAnnotator, SpanFinder
from services.entities.countries import load_country_table
from services.entities.ner import load_label_map
from services.entities.person_evidence import load_person_cues
from services.entities.place_cues import load_place_cues
from services.entities.spacy_models import SpacyPipelines, parse_model_setting

log = logging.getLogger(__name__)
UNDETERMINED = "und"


def build_annotator(settings: Settings) -> ArticleAnnotator:
    """Loads lexicons and the toponym matcher now; spaCy models load on first use per language."""
    countries = load_country_table()
    return ArticleAnnotator(
        pipelines=SpacyPipelines(parse_model_setting(settings.spacy_models)),
        countries=countries,
        actors=load_actor_lexicon(countries),
        cues=load_place_cues(),
        find_toponyms=_toponym_finder(settings),
        find_numbers=_optional_function("services.nlp.numbers", "find_numbers"),
        find_dates=_optional_function("services.nlp.dates", "find_dates"),
        label_map=load_label_map(),
        persons=load_person_cues(),
    )


def build_entity_stage(settings: Settings) -> StageFunction:
    annotator = build_annotator(settings)

    def extract_entities(article: Message) -> list[Message]:
        enriched: dict[str, Any] = dict(article)
        text, title = article.get("text") or "", article.get("title") or ""
        enriched.update(annotator.annotate(text, article_language(article), title))
        return [enriched]

    return extract_entities


def article_language(article: Message) -> str:
    language = article.get("language")
    code = language.get("code") if isinstance(language, dict) else language
    return str(code or UNDETERMINED).lower()


def _toponym_finder(settings: Settings) -> SpanFinder | None:
    try:
        from services.geocoding.matcher import ToponymMatcher
    except ImportError:
        log.warning("services.geocoding.matcher unavailable: toponyms come from NER and cues only")
        return None
    return ToponymMatcher.from_settings(settings).find


def _optional_function(module: str, name: str) -> SpanFinder | None:
    """A sibling team's extractor, or None (with a warning) until that module ships."""
    try:
        function: SpanFinder = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        log.warning("%s.%s unavailable: the entity stage emits no %s", module, name, name.removeprefix("find_"))
        return None
    return function
