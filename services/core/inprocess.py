"""The stages chained in one process, without Kafka: the same functions, the same wire round trip."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import orjson

from services.core.pipeline import ARTICLE_STAGES
from services.core.processing import decode_input, max_input_bytes, process_message
from services.core.records import EnrichedArticle, IncidentEvent
from services.core.settings import Settings
from services.core.stage import Message, StageFunction, StageSpec, prepare_batch
from services.core.wire import encode_message


@dataclass
class PipelineResult:
    article: EnrichedArticle | None = None  # as decoded from the wire, after the stage's output schema
    incident_events: list[IncidentEvent] = field(default_factory=list)
    failed_stage: str | None = None
    reason: str | None = None
    error: str | None = None


class InProcessPipeline:
    """Runs raw articles through the given stages in order (by default every stage reading articles: the
    enrichments, then the extraction of incident events)."""

    def __init__(self, settings: Settings, stage_names: list[str] | None = None) -> None:
        self.settings = settings
        wanted = stage_names or [stage.name for stage in ARTICLE_STAGES]
        self.stages: list[tuple[StageSpec, StageFunction]] = [
            (spec, spec.build(settings)) for spec in ARTICLE_STAGES if spec.name in wanted
        ]

    def run(self, raw: Message) -> PipelineResult:
        return self.run_many([raw])[0]

    def run_many(self, raws: Sequence[Message]) -> list[PipelineResult]:
        """Raw articles through every stage, a stage at a time over all of them (a stage may prepare the
        batch at once: services.core.stage.prepare_batch); a result per article, in order."""
        results = [PipelineResult() for _ in raws]
        values: list[bytes | None] = []
        for raw, result in zip(raws, results, strict=True):
            try:
                values.append(encode_message(raw))
            except TypeError as error:  # nesting beyond what orjson writes: a dead letter in streaming too
                result.failed_stage = self.stages[0][0].name if self.stages else None
                result.reason, result.error = "encode", str(error)
                values.append(None)
        self._run_stages(values, results)
        return results

    def run_bytes(self, value: bytes) -> PipelineResult:
        """One raw message as a producer sent it, through every stage."""
        result = PipelineResult()
        self._run_stages([value], [result])
        return result

    def _run_stages(self, values: list[bytes | None], results: list[PipelineResult]) -> None:
        previous_output: str | None = None
        for spec, stage in self.stages:
            # An output of the stage before, on this stage's input topic, was validated against its schema here.
            validated = spec.input_topic == previous_output
            previous_output = spec.output_topic
            messages: dict[int, Message] = {}
            for index, value in enumerate(values):
                if value is None:
                    continue
                try:
                    messages[index] = decode_input(spec, value, max_input_bytes(spec, self.settings),
                                                   self.settings.max_text_chars, validated=validated)
                except Exception as error:  # noqa: BLE001 -- InvalidMessage, TooComplex: dead letters in streaming
                    self._fail(results[index], spec, error)
                    values[index] = None
            prepare_batch(stage, list(messages.values()))
            for index, message in messages.items():
                try:
                    _, encoded_pairs = process_message(spec, stage, message, self.settings.max_output_bytes())
                except Exception as error:  # noqa: BLE001 -- StageFailure: a dead letter in streaming
                    self._fail(results[index], spec, error)
                    values[index] = None
                    continue
                encoded = [value for _, value in encoded_pairs]
                if not spec.enriches_articles:  # the extraction: its outputs are the article's incident events
                    results[index].incident_events = [orjson.loads(item) for item in encoded]
                    values[index] = None
                    continue
                values[index] = encoded[0]
                results[index].article = orjson.loads(encoded[0])

    @staticmethod
    def _fail(result: PipelineResult, spec: StageSpec, error: Exception) -> None:
        """As a worker would dead-letter it: the stage, the reason, the error."""
        result.failed_stage, result.reason, result.error = spec.name, getattr(error, "reason", "stage_error"), str(error)
