"""spaCy model configuration: lang=package_or_path pairs, repackaged installs, blank fallbacks."""

from __future__ import annotations

import pytest

from services.entities.spacy_models import SpacyPipelines, blank_pipeline, parse_model_setting


@pytest.mark.unit
def test_model_setting_is_parsed_per_language() -> None:
    assert parse_model_setting(" en=en_core_web_sm, fr=/models/fr_lg ,bad") == {
        "en": "en_core_web_sm", "fr": "/models/fr_lg"}


@pytest.mark.unit
def test_a_missing_model_fails_at_startup() -> None:
    with pytest.raises(ValueError, match="en=en_core_web_trf_missing"):
        SpacyPipelines({"en": "en_core_web_trf_missing"})


@pytest.mark.unit
def test_languages_without_a_model_get_a_sentencizer() -> None:
    pipelines = SpacyPipelines({})
    assert pipelines.get("es").pipe_names == ["sentencizer"]
    assert blank_pipeline("und").lang == "xx"
    doc = pipelines.get("pt")("Houve um ataque. Morreram 5 pessoas.")
    assert len(list(doc.sents)) == 2


@pytest.mark.unit
@pytest.mark.slow
def test_trained_pipeline_runs_only_sentences_and_ner() -> None:
    nlp = SpacyPipelines(parse_model_setting("en=en_core_web_sm")).get("en")
    assert sorted(nlp.pipe_names) == ["ner", "senter"]
