"""The entity stage: an article with `language` in, the same article with sentences, entities,
actors, numbers, dates and toponym candidates out (docs/contracts.md)."""

from __future__ import annotations

from typing import Any

from services.core.settings import Settings
from services.core.stage import Message, StageFunction
from services.entities.actors import load_actor_lexicon
from services.entities.annotate import ArticleAnnotator
from services.entities.countries import load_country_table
from services.entities.ner import load_label_map
from services.entities.person_evidence import load_person_cues
from services.entities.place_cues import load_place_cues
from services.entities.spacy_models import SpacyPipelines, parse_model_setting
from services.gazetteer.matcher import ToponymMatcher
from services.nlp.dates import find_dates
from services.nlp.numbers import find_numbers

UNDETERMINED = "und"


def build_annotator(settings: Settings) -> ArticleAnnotator:
    """Loads lexicons and the toponym matcher now; spaCy models load on first use per language."""
    countries = load_country_table()
    return ArticleAnnotator(
        pipelines=SpacyPipelines(parse_model_setting(settings.spacy_models)),
        countries=countries,
        actors=load_actor_lexicon(countries),
        cues=load_place_cues(),
        find_toponyms=ToponymMatcher.from_settings(settings).find,
        find_numbers=find_numbers,
        find_dates=find_dates,
        label_map=load_label_map(),
        persons=load_person_cues(),
        max_spans=settings.max_entity_spans,
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
