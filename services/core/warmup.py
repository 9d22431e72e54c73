"""Warm-up: run a stage on sample inputs before its worker reports ready.

Stages load big things lazily (spaCy pipelines per language, lingua models, the gazetteer name trie), so
the first real message would pay for them while /readyz already says ready. The samples are the valid
examples of the stage's input schema (schemas/<version>/examples/<schema>/valid_*.json), one copy per
language that has a spaCy pipeline, so every model a stage loads per language is loaded here. A stage
function with a `warm_up()` attribute is warmed by calling it instead. Outputs are discarded.
"""

from __future__ import annotations

import copy
import logging
import time
from pathlib import Path

import orjson

from services.core.processing import StageFailure, process_message
from services.core.schemas import schema_dir
from services.core.settings import Settings
from services.core.stage import Message, StageFunction, StageSpec

log = logging.getLogger(__name__)


class WarmUpFailed(Exception):
    """A stage failed on a valid sample input: it would fail on real input too, so the worker must not serve."""


def warm_up_languages(settings: Settings) -> list[str]:
    """Languages with a configured spaCy pipeline (INCIDENT_STREAM_SPACY_MODELS keys)."""
    codes = (item.split("=", 1)[0].strip().lower() for item in settings.spacy_models.split(",") if "=" in item)
    return list(dict.fromkeys(code for code in codes if code))


def sample_inputs(spec: StageSpec, settings: Settings) -> list[tuple[str, Message]]:
    """(name, message) pairs valid for the stage's input schema."""
    examples = sorted((examples_dir() / spec.input_schema).glob("valid_*.json"))
    samples: list[tuple[str, Message]] = []
    for path in examples:
        message: Message = orjson.loads(path.read_bytes())
        samples.append((path.stem, message))
        language = message.get("language")
        if not isinstance(language, dict):
            continue
        for code in warm_up_languages(settings):
            if code != language.get("code"):
                samples.append((f"{path.stem}[{code}]", {**message, "language": {**language, "code": code}}))
    return samples


def warm_up_stage(spec: StageSpec, stage: StageFunction, settings: Settings) -> float:
    """Warm the stage up; its duration in seconds. Raises WarmUpFailed when the stage fails on a sample."""
    started = time.perf_counter()
    hook = getattr(stage, "warm_up", None)
    if callable(hook):
        try:
            hook()
        except Exception as error:
            raise WarmUpFailed(f"stage {spec.name} failed to warm up: {type(error).__name__}: {error}") from error
        return time.perf_counter() - started
    samples = sample_inputs(spec, settings)
    if not samples:
        raise WarmUpFailed(f"stage {spec.name}: no valid example of schema {spec.input_schema} under {examples_dir()}")
    for name, sample in samples:
        try:
            process_message(spec, stage, copy.deepcopy(sample), settings.max_output_bytes())
        except StageFailure as error:
            raise WarmUpFailed(f"stage {spec.name} failed on sample {name}: {error}") from error
    return time.perf_counter() - started


def examples_dir() -> Path:
    return schema_dir() / "examples"
