"""One message through one stage, independent of Kafka: decode, validate, run, validate outputs.

Workers call `decode_input` on the event loop and `run_stage` in an executor; `incident-stream
process` calls both directly. Failures come back as an InvalidMessage (bad input) or a StageFailure
(the stage raised or produced invalid output); the caller turns either into a dead-letter record.
"""

from __future__ import annotations

from typing import Any

from services.core.budget import Deadline, StageTimeout, TooComplex, check_cap, running_within
from services.core.schemas import validate
from services.core.settings import Settings
from services.core.stage import Message, StageFunction, StageSpec
from services.core.version import PIPELINE_VERSION
from services.core.wire import OversizeMessage, SchemaViolation, decode_message, encode_message


class StageFailure(Exception):
    """The stage function raised (`stage_error`, or `timeout`/`too_complex` from its budget), its output
    broke the output schema (`stage_error`), could not be encoded (`encode`) or is too big (`oversize`)."""

    def __init__(self, cause: BaseException, reason: str = "stage_error") -> None:
        super().__init__(f"{type(cause).__name__}: {cause}")
        self.cause = cause
        self.reason = reason


def max_input_bytes(spec: StageSpec, settings: Settings) -> int:
    """Upstream producers are held to max_message_bytes; a stage reading our own topic accepts whatever
    the stage before it was allowed to write, so a grown enriched article is never refused one stage later."""
    return settings.max_message_bytes if spec.reads_upstream else settings.max_output_bytes()


def decode_input(spec: StageSpec, value: bytes | None, max_bytes: int, max_text_chars: int = 0, *,
                 validated: bool = False) -> dict[str, Any]:
    """The message as a dict, or InvalidMessage; an article text above `max_text_chars` is TooComplex.
    `validated`: the bytes are an output this process validated against the same schema (in-process only)."""
    message = decode_message(value, max_bytes)
    if not validated:
        validate(spec.input_schema, message)
    if spec.reads_articles and isinstance(message.get("text"), str):
        check_cap("characters of text", len(message["text"]), max_text_chars)
    return message


def record_stage(article: Message, stage: str) -> None:
    """Note on an enriched article which stages ran, under which pipeline version."""
    pipeline = article.get("pipeline")
    earlier = pipeline.get("stages", []) if isinstance(pipeline, dict) else []
    stages = [name for name in earlier if name != stage]
    article["pipeline"] = {"version": PIPELINE_VERSION, "stages": [*stages, stage]}


def run_stage(spec: StageSpec, stage: StageFunction, message: Message) -> list[Message]:
    try:
        outputs = stage(message)
        for output in outputs:
            if spec.enriches_articles:
                record_stage(output, spec.name)
            validate(spec.output_schema, output)
    except SchemaViolation as error:
        raise StageFailure(error) from error
    except (StageTimeout, TooComplex) as error:
        raise StageFailure(error, error.reason) from error
    except Exception as error:  # any bug in a stage must dead-letter the message, not kill the worker
        raise StageFailure(error) from error
    return outputs


def encode_outputs(spec: StageSpec, outputs: list[Message], max_bytes: int) -> list[tuple[bytes, bytes]]:
    """(key, value) pairs to send; an output the producer would refuse is a stage failure, said plainly."""
    encoded = []
    for output in outputs:
        try:
            value = encode_message(output)
        except (TypeError, ValueError) as error:  # orjson: nesting beyond 255 levels, a non-JSON value
            raise StageFailure(error, "encode") from error
        if len(value) > max_bytes:
            raise StageFailure(OversizeMessage(f"{spec.name} output of {len(value)} bytes exceeds {max_bytes} bytes"),
                               "oversize")
        encoded.append((output_key(spec, output), value))
    return encoded


def process_message(spec: StageSpec, stage: StageFunction, message: Message, max_output_bytes: int,
                    deadline: Deadline | None = None) -> tuple[list[Message], list[tuple[bytes, bytes]]]:
    """Run the stage and encode its outputs: the CPU-bound part of a worker, run in its executor, within
    `deadline` when given (the stage's loops check it; see services.core.budget)."""
    if deadline is None:
        outputs = run_stage(spec, stage, message)
    else:
        with running_within(deadline):
            outputs = run_stage(spec, stage, message)
    return outputs, encode_outputs(spec, outputs, max_output_bytes)


def output_key(spec: StageSpec, output: Message) -> bytes:
    """The output's Kafka key: the value at `key_field`, a dotted path ("location.country_code")."""
    value: Any = output
    for part in spec.key_field.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return str(value if value not in (None, "") else "unknown").encode("utf-8")
