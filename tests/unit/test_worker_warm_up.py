"""Warm-up: stages run on sample inputs before a worker is ready, and a failing warm-up is loud."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from services.core import topics
from services.core.app import WorkerProcess
from services.core.pipeline import STAGES
from services.core.schemas import validate
from services.core.settings import Settings
from services.core.stage import Message, StageSpec
from services.core.warmup import WarmUpFailed, sample_inputs, warm_up_languages, warm_up_stage

pytestmark = pytest.mark.unit

SPEC = StageSpec(name="echo", input_topic=topics.ARTICLES_RAW, output_topic=topics.ARTICLES_LANG, key_field="id",
                 builder="unused:unused")


def with_language(article: Message) -> Message:
    """What a stage writing articles.lang must do to a raw article: an id, a language, a trimmed url,
    a publication time in RFC 3339 or none."""
    return {**article, "id": (article.get("id") or "x").strip(), "url": article["url"].strip(),
            "published_at": None, "language": {"code": "en", "confidence": 1.0}}


class GatedStage:
    """A stage whose warm-up waits until the test opens the gate."""

    def __init__(self) -> None:
        self.gate = threading.Event()

    def __call__(self, article: Message) -> list[Message]:
        return [article]

    def warm_up(self) -> None:
        assert self.gate.wait(10)


@pytest.mark.parametrize("spec", STAGES, ids=lambda spec: spec.name)
def test_every_stage_has_valid_samples_in_every_model_language(spec: StageSpec) -> None:
    samples = sample_inputs(spec, Settings())
    assert samples
    for _, sample in samples:
        validate(spec.input_schema, sample)
    if spec.input_schema == "enriched_article":
        assert {sample["language"]["code"] for _, sample in samples} >= {"en", "fr"}


def test_languages_come_from_the_spacy_setting() -> None:
    assert warm_up_languages(Settings(spacy_models="en=a, fr=b,de=/models/de")) == ["en", "fr", "de"]


def test_a_stage_failing_on_a_sample_fails_the_warm_up() -> None:
    def broken(article: Message) -> list[Message]:
        raise KeyError("gazetteer")

    with pytest.raises(WarmUpFailed, match="echo failed on sample valid_"):
        warm_up_stage(SPEC, broken, Settings())
    seen: list[str] = []
    duration = warm_up_stage(SPEC, lambda article: seen.append(article["url"]) or [with_language(article)], Settings())
    # valid_full, valid_minimal and the four valid_published_at_* forms, once each; outputs discarded
    assert len(seen) == 6 and duration >= 0


def test_not_ready_while_warming_up(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    process = WorkerProcess(settings, "127.0.0.1:1", "unit", 6066)
    stage = GatedStage()
    worker = process.add_stage(SPEC, stage)
    state = process.readiness()
    assert not state["ready"] and state["checks"]["warmed_up"] is False
    assert state["warming_up_stages"] == ["echo"]
    stage.gate.set()
    asyncio.run(process._warm_up())
    state = process.readiness()
    assert state["checks"]["warmed_up"] is True and state["warming_up_stages"] == []
    assert worker.warm_up_seconds is not None
    gauge = process.metrics.registry.get_sample_value("incident_stream_stage_warmup_seconds", {"stage": "echo"})
    assert gauge == worker.warm_up_seconds


def test_stateful_stages_skip_the_warm_up(tmp_path: Path) -> None:
    process = WorkerProcess(Settings(data_dir=tmp_path), "127.0.0.1:1", "unit", 6066)
    calls: list[Message] = []
    process.add_stage(StageSpec(**{**SPEC.__dict__, "warms_up": False}), lambda article: calls.append(article) or [])
    asyncio.run(process._warm_up())
    assert process.readiness()["checks"]["warmed_up"] is True and calls == []
