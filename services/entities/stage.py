"""The entity stage: an article with `language` in, the same article with sentences, entities,
actors, numbers, dates and toponym candidates out (docs/contracts.md)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from spacy.tokens import Doc

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
# What `prepare` parses ahead, outside any one message's budget: a few seconds of spaCy at most.
PREPARED_CHARS_PER_TEXT = 20_000
PREPARED_CHARS_PER_BATCH = 200_000


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


class EntityStage:
    """The stage function. `prepare` parses the texts of a batch about to come one by one with spaCy's
    `nlp.pipe`, a language at a time (about a tenth faster than a text at a time); a text not prepared
    is parsed when it comes."""

    def __init__(self, annotator: ArticleAnnotator) -> None:
        self.annotator = annotator
        self._parsed: dict[tuple[str, str], Doc] = {}

    def prepare(self, articles: Sequence[Message]) -> None:
        texts: dict[str, list[str]] = {}
        budget = PREPARED_CHARS_PER_BATCH
        for article in articles:
            text = article.get("text") or ""
            # A long text is parsed when it comes, within its own message's budget (services.core.budget).
            if 0 < len(text) <= min(PREPARED_CHARS_PER_TEXT, budget):
                texts.setdefault(article_language(article), []).append(text)
                budget -= len(text)
        self._parsed = {}  # one batch's parses at a time, used or not
        self._parsed = {(language, text): doc for language, batch in texts.items()
                        for text, doc in self.annotator.parse_many(batch, language)}

    def __call__(self, article: Message) -> list[Message]:
        enriched: dict[str, Any] = dict(article)
        text, title, language = article.get("text") or "", article.get("title") or "", article_language(article)
        doc = self._parsed.pop((language, text), None)
        enriched.update(self.annotator.annotate(text, language, title, doc))
        return [enriched]


def build_entity_stage(settings: Settings) -> StageFunction:
    return EntityStage(build_annotator(settings))


def article_language(article: Message) -> str:
    language = article.get("language")
    code = language.get("code") if isinstance(language, dict) else language
    return str(code or UNDETERMINED).lower()
