"""One message through one stage, as workers and `process` both run it: every failure is typed."""

from __future__ import annotations

import orjson
import pytest

from services.core.processing import (
    StageFailure,
    decode_input,
    max_input_bytes,
    process_message,
    record_stage,
)
from services.core.stage import StageSpec, prepare_batch
from services.core.wire import InvalidMessage, SchemaViolation

pytestmark = pytest.mark.unit

SPEC = StageSpec(name="test", input_topic="articles.raw", output_topic="articles.lang", key_field="id",
                 builder="services.core.stage:build_identity_stage")
ARTICLE = {"id": "a1", "url": "https://x.example/1", "text": "Gunmen attacked a village near Gao."}


def enrich(article: dict) -> list[dict]:
    return [{**article, "language": {"code": "en", "confidence": 0.9}}]


def test_outputs_are_validated_encoded_keyed_and_stamped() -> None:
    outputs, encoded = process_message(SPEC, enrich, dict(ARTICLE), 100_000)
    assert encoded == [(b"a1", orjson.dumps(outputs[0]))]
    assert outputs[0]["pipeline"]["stages"] == ["test"]


def test_a_stage_that_raises_is_a_stage_failure() -> None:
    def broken(article: dict) -> list[dict]:
        raise ZeroDivisionError("division by zero in the stage")

    with pytest.raises(StageFailure) as failure:
        process_message(SPEC, broken, dict(ARTICLE), 100_000)
    assert failure.value.reason == "stage_error" and "ZeroDivisionError" in str(failure.value)


def test_an_output_that_breaks_its_schema_is_a_stage_failure() -> None:
    with pytest.raises(StageFailure, match="schema violation"):
        process_message(SPEC, lambda article: [{**article, "language": {"code": "english"}}], dict(ARTICLE), 100_000)


def test_an_output_too_large_to_send_is_a_stage_failure() -> None:
    with pytest.raises(StageFailure, match="exceeds"):
        process_message(SPEC, enrich, {**ARTICLE, "text": "x" * 5000}, 1000)


def test_inputs_are_decoded_and_validated() -> None:
    assert decode_input(SPEC, orjson.dumps(ARTICLE), 10_000) == ARTICLE
    with pytest.raises(SchemaViolation):
        decode_input(SPEC, orjson.dumps({"text": "no url"}), 10_000)
    with pytest.raises(InvalidMessage):
        decode_input(SPEC, b"\x00\x01", 10_000)


def test_record_stage_is_idempotent() -> None:
    article: dict = {"pipeline": {"version": "0", "stages": ["language", "entities"]}}
    record_stage(article, "entities")
    assert article["pipeline"]["stages"] == ["language", "entities"]


def test_a_stage_accepts_what_the_stage_before_it_was_allowed_to_write() -> None:
    from services.core.pipeline import STAGES
    from services.core.settings import Settings

    settings = Settings(max_message_bytes=10_000)
    limits = {spec.name: max_input_bytes(spec, settings) for spec in STAGES}
    assert limits["language"] == 10_000  # upstream producers are held to the configured limit
    assert all(limits[name] == settings.max_output_bytes() for name in ("entities", "geocoding", "incidents"))
    assert settings.max_output_bytes() > settings.max_message_bytes


class PreparingStage:
    """A stage that reads a batch first: records what it was asked to prepare, and may fail at it."""

    def __init__(self, fails: bool) -> None:
        self.fails = fails
        self.prepared: list[str] = []

    def prepare(self, messages: list[dict]) -> None:
        self.prepared = [message["id"] for message in messages]
        if self.fails:
            raise RuntimeError("the batch model is broken")

    def __call__(self, message: dict) -> list[dict]:
        return enrich(message)


@pytest.mark.parametrize("fails", [False, True])
def test_a_batch_is_prepared_and_a_failed_preparation_only_costs_its_speed_up(fails: bool) -> None:
    stage = PreparingStage(fails)
    batch = [{**ARTICLE, "id": f"a{n}"} for n in range(3)]
    prepare_batch(stage, batch)
    assert stage.prepared == ["a0", "a1", "a2"]
    assert [process_message(SPEC, stage, message, 100_000)[0][0]["id"] for message in batch] == ["a0", "a1", "a2"]


def test_a_single_message_or_a_stage_without_prepare_is_not_prepared() -> None:
    stage = PreparingStage(fails=False)
    prepare_batch(stage, [dict(ARTICLE)])
    assert stage.prepared == []
    prepare_batch(enrich, [dict(ARTICLE), dict(ARTICLE)])  # a plain function: nothing to call, nothing raised


def test_input_already_validated_in_this_process_is_not_validated_again() -> None:
    invalid = orjson.dumps({"id": "a1", "text": 5})
    with pytest.raises(SchemaViolation):
        decode_input(SPEC, invalid, 100_000)
    assert decode_input(SPEC, invalid, 100_000, validated=True)["text"] == 5
