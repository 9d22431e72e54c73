"""The stages chained in one process, without Kafka: the same functions, the same wire round trip."""

from __future__ import annotations

from dataclasses import dataclass, field

import orjson

from services.core.pipeline import ARTICLE_STAGES
from services.core.processing import decode_input, max_input_bytes, process_message
from services.core.records import EnrichedArticle, IncidentEvent
from services.core.settings import Settings
from services.core.stage import Message, StageFunction, StageSpec
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
        try:
            value = encode_message(raw)
        except TypeError as error:  # nesting beyond what orjson writes: a dead letter in streaming too
            return PipelineResult(failed_stage=self.stages[0][0].name if self.stages else None, reason="encode",
                                  error=str(error))
        return self.run_bytes(value)

    def run_bytes(self, value: bytes) -> PipelineResult:
        """One raw message as a producer sent it, through every stage."""
        result = PipelineResult()
        for spec, stage in self.stages:
            try:
                message = decode_input(spec, value, max_input_bytes(spec, self.settings),
                                       self.settings.max_text_chars)
                _, encoded_pairs = process_message(spec, stage, message, self.settings.max_output_bytes())
            except Exception as error:  # noqa: BLE001 -- InvalidMessage or StageFailure: both are dead letters in streaming
                result.failed_stage, result.reason, result.error = spec.name, getattr(error, "reason", "stage_error"), str(error)
                return result
            encoded = [value for _, value in encoded_pairs]
            if not spec.enriches_articles:  # the extraction: its outputs are the article's incident events
                result.incident_events = [orjson.loads(item) for item in encoded]
                return result
            value = encoded[0]
            result.article = orjson.loads(value)
        return result
