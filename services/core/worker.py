"""The thin worker around a stage: consume raw bytes, decode and run the stage in an executor, send keyed
outputs and wait for their acknowledgement before the input offset can be committed (at-least-once),
dead-letter every failure, count everything.

A stage without tables takes what its consumer already holds, up to worker_batch_max_messages at once:
one hand-off to the stage thread and one pass of sends per batch, every message still ending alone."""

from __future__ import annotations

import asyncio
import base64
import logging
import time
from collections.abc import AsyncGenerator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import aclosing
from dataclasses import dataclass, field
from functools import partial
from typing import Any, cast

import faust
from faust.types import TP

from services.core import topics
from services.core.batch import StageBatch
from services.core.breaker import CLOSED, DeadLetterBreaker
from services.core.budget import Deadline, StageTimeout
from services.core.deadletter import dead_letter_record
from services.core.metrics import Metrics
from services.core.processing import StageFailure, decode_input, max_input_bytes, process_message
from services.core.replay_origin import replay_origin
from services.core.settings import Settings
from services.core.stage import Message, StageFunction, StageSpec, new_ingest_warnings, prepare_batch
from services.core.timestamps import parse_timestamp
from services.core.warmup import warm_up_stage
from services.core.wire import InvalidMessage, encode_message

log = logging.getLogger(__name__)

BREAKER_POLL_SECONDS = 1.0


def record_key(record: dict[str, Any]) -> bytes | None:
    """The dead-letter record's key: the original key, cut like the record's copy of it."""
    key = record.get("original_key_b64")
    return base64.b64decode(key) if key is not None else None


@dataclass
class Processed:
    """What the stage thread made of one message: its encoded outputs, or the failure that dead-letters it."""

    article_id: str | None = None
    outputs: list[Message] = field(default_factory=list)
    encoded: list[tuple[bytes, bytes]] = field(default_factory=list)
    duration: float = 0.0
    published: float | None = None  # the input's published_at, Unix seconds
    warnings: list[dict[str, str]] = field(default_factory=list)  # ingest warnings the stage added
    failure: InvalidMessage | StageFailure | None = None


def published_seconds(article: Message) -> float | None:
    published = parse_timestamp(article.get("published_at"))
    return published.timestamp() if published is not None else None


def raw_topic(app: faust.App, name: str) -> faust.TopicT:
    return app.topic(name, key_serializer="raw", value_serializer="raw", internal=False)


class StageWorker:
    """One stage's agent: `handle_batch` is called with input messages in offset order (concurrency=1)."""

    def __init__(self, app: faust.App, spec: StageSpec, stage: StageFunction, settings: Settings, metrics: Metrics) -> None:
        self.app = app
        self.spec = spec
        self.stage = stage
        self.settings = settings
        self.metrics = metrics
        self.input_topic = raw_topic(app, settings.topic(spec.input_topic))
        self.output_topic = raw_topic(app, settings.topic(spec.output_topic))
        self.deadletter_topic = raw_topic(app, settings.topic(topics.DEADLETTER))
        self.executor = self._new_executor()
        self.breaker = DeadLetterBreaker(settings.breaker_window, settings.breaker_share, settings.breaker_min_messages,
                                         settings.breaker_cooldown_seconds)
        self.last_processed_monotonic = time.monotonic()
        self.newest_published = 0.0
        self.warmed_up = asyncio.Event()  # messages wait for it: none is processed by a cold or broken stage
        self.warm_up_seconds: float | None = None
        # Looked up once: a labelled child per message costs a lock and a dict lookup each.
        name = spec.name
        self.messages_in = metrics.counter("messages_in_total").labels(stage=name)
        self.messages_out = metrics.counter("messages_out_total").labels(stage=name, topic=self.output_topic.get_topic_name())
        self.processed = {outcome: metrics.counter("messages_processed_total").labels(stage=name, outcome=outcome)
                          for outcome in ("ok", "empty")}
        self.stage_duration = metrics.histogram("stage_duration_seconds").labels(stage=name)
        self.last_processed = metrics.gauge("last_processed_timestamp_seconds").labels(stage=name)
        self.breaker_gauge = metrics.gauge("dead_letter_breaker_open").labels(stage=name)
        # A stage with tables reads faust's current event to place its changelog writes: one message at a time.
        self.batch_max_messages = 1 if spec.tables else settings.worker_batch_max_messages
        # Started now, in the stage's executor, so it overlaps faust's start-up and the group join; stages
        # with state (the merger) skip it: a sample would become part of their state.
        self._warm_up: Future[float] | None = (
            self.executor.submit(warm_up_stage, spec, stage, settings) if spec.warms_up else None)
        app.agent(self.input_topic, name=f"{spec.name}-agent", concurrency=1)(self._agent)

    def _new_executor(self) -> ThreadPoolExecutor:
        # One thread: CPU-bound stages never block heartbeats and commits, and messages stay in order.
        return ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"stage-{self.spec.name}")

    async def _agent(self, stream: faust.StreamT[Any]) -> None:
        # Either way faust acks a message only once handled, and flushes the producer before committing.
        if self.batch_max_messages == 1:
            async for event in stream.events():
                await self.handle_batch([event.message])
            return
        batches = cast(faust.Stream[Any], stream).take_events(  # the agent's stream is a Stream; StreamT lacks it
            self.batch_max_messages, self.settings.worker_batch_wait_seconds)
        async for events in batches:
            await self.handle_batch([event.message for event in events])

    async def warm_up(self) -> None:
        """Wait for the warm-up the constructor started in the executor; raises WarmUpFailed."""
        self.warm_up_seconds = await asyncio.wrap_future(self._warm_up) if self._warm_up is not None else 0.0
        self.metrics.gauge("stage_warmup_seconds").labels(stage=self.spec.name).set(self.warm_up_seconds)
        log.info("stage %s warmed up in %.2f s", self.spec.name, self.warm_up_seconds,
                 extra={"stage": self.spec.name, "duration_seconds": round(self.warm_up_seconds, 3)})
        self.warmed_up.set()

    async def handle(self, message: Any) -> None:
        """Ends the message in exactly one place: its outputs, or a dead letter with a reason."""
        await self.handle_batch([message])

    async def handle_batch(self, messages: Sequence[Any]) -> None:
        """Ends every message in exactly one place, in order: its outputs, or a dead letter with a reason."""
        if not self.warmed_up.is_set():
            await self.warmed_up.wait()
        remaining = list(messages)
        while remaining:
            await self.wait_for_breaker()
            count = len(remaining) if self.breaker.state == CLOSED else 1  # a half-open breaker probes with one
            chunk, remaining = remaining[:count], remaining[count:]
            self.messages_in.inc(len(chunk))
            for reason in await self.process_batch(chunk):
                self.breaker.record(reason)
            self.breaker_gauge.set(self.breaker_open)

    async def process_batch(self, messages: list[Any]) -> list[str | None]:
        """Run the stage on the messages and send each one's outputs as soon as they are made; each one's
        dead-letter reason, or None."""
        article_ids: list[str | None] = [None] * len(messages)
        reasons: list[str | None] = []
        try:
            async with aclosing(self.outcomes(messages, article_ids)) as outcomes:
                async for index, outcome in outcomes:
                    try:
                        reason = await self.finish(messages[index], outcome, article_ids[index])
                    except Exception as error:  # noqa: BLE001 -- a crash restarts the agent past this offset: the message would vanish
                        reason = await self.dead_letter(messages[index], "stage_error", error, article_id=article_ids[index])
                    reasons.append(reason)
        except Exception as error:  # noqa: BLE001 -- the batch broke down outside any one message: the rest end as stage errors
            for index in range(len(reasons), len(messages)):
                reasons.append(await self.dead_letter(messages[index], "stage_error", error, article_id=article_ids[index]))
        self.last_processed.set(time.time())
        self.last_processed_monotonic = time.monotonic()
        return reasons

    async def finish(self, message: Any, outcome: Processed | BaseException, article_id: str | None) -> str | None:
        """Send the outputs of one message, or dead-letter it; the dead-letter reason, or None."""
        if isinstance(outcome, BaseException):
            return await self.dead_letter(message, "stage_error", outcome, article_id=article_id)
        if outcome.failure is not None:
            return await self.dead_letter(message, outcome.failure.reason, outcome.failure, article_id=article_id)
        try:
            await self.send_outputs(outcome.encoded)
        except Exception as error:  # noqa: BLE001 -- ProducerSendError, a broken connection: the message is not lost
            return await self.dead_letter(message, "send", error, article_id=article_id)
        self.account(outcome)
        return None

    def ingest_of(self, message: Any) -> dict[str, Any] | None:
        """Where the stage reading upstream notes the message came from; a replayed copy keeps the position of
        the raw message it copies."""
        if not self.spec.reads_upstream:
            return None
        return replay_origin(getattr(message, "headers", None)) or {
            "topic": message.topic, "partition": message.partition, "offset": message.offset}

    def decode(self, message: Any) -> Message | InvalidMessage:
        try:
            return decode_input(self.spec, message.value, max_input_bytes(self.spec, self.settings),
                                self.settings.max_text_chars)
        except InvalidMessage as error:
            return error

    def read_ahead(self, messages: list[Any], start: int, decoded: dict[int, Message | InvalidMessage]) -> None:
        """For a stage that reads a batch at once (services.core.stage.prepare_batch): decode the messages
        from `start` on, for `process_one`, and let the stage prepare the valid ones. In the stage thread."""
        for index in range(start, len(messages)):
            decoded[index] = self.decode(messages[index])
        prepare_batch(self.stage, [article for article in decoded.values() if isinstance(article, dict)])

    def process_one(self, message: Any, article_ids: list[str | None], index: int,
                    decoded: dict[int, Message | InvalidMessage], deadline: Deadline) -> Processed:
        """Decode (unless read ahead), validate and run one message, within `deadline`: the CPU-bound part, in
        the stage thread."""
        article = decoded.pop(index) if index in decoded else self.decode(message)
        if isinstance(article, InvalidMessage):
            return Processed(failure=article)
        if (ingest := self.ingest_of(message)) is not None:
            article["ingest"] = ingest
        article_id = article_ids[index] = article.get("id")
        started = time.perf_counter()
        try:
            outputs, encoded = process_message(self.spec, self.stage, article, self.settings.max_output_bytes(), deadline)
        except StageFailure as error:
            return Processed(article_id=article_id, failure=error)
        duration = time.perf_counter() - started
        return Processed(article_id, outputs, encoded, duration, published_seconds(article),
                         new_ingest_warnings(article, outputs))

    async def outcomes(self, messages: list[Any], article_ids: list[str | None],
                       start: int = 0) -> AsyncGenerator[tuple[int, Processed | BaseException], None]:
        """(index, outcome) of each message from `start` on, in order, as the stage thread makes them. Each message
        has its budget; the worker stops waiting after budget plus grace, abandons the thread and runs the rest
        on a new one."""
        budget = self.settings.stage_timeout(self.spec.name)
        decoded: dict[int, Message | InvalidMessage] = {}
        steps = [partial(self.process_one, messages[index], article_ids, index, decoded)
                 for index in range(start, len(messages))]
        reads_ahead = hasattr(self.stage, "prepare") and len(messages) - start > 1
        batch = StageBatch(steps, budget, partial(self.read_ahead, messages, start, decoded) if reads_ahead else None)
        if self.spec.inline:
            batch.run()
        else:
            self.executor.submit(batch.run)
        try:
            for index, outcome in enumerate(batch.outcomes, start):
                if not outcome.done():
                    waiting = asyncio.wrap_future(outcome)
                    done, _ = await asyncio.wait([waiting], timeout=budget + self.settings.stage_timeout_grace_seconds)
                    if not done:
                        waiting.cancel()
                        batch.abandon()
                        self.abandon_executor()
                        yield index, Processed(failure=StageFailure(
                            StageTimeout(f"no answer within {budget:g} s budget and grace; thread abandoned"), "timeout"))
                        async with aclosing(self.outcomes(messages, article_ids, index + 1)) as rest:
                            async for later in rest:
                                yield later
                        return
                error = outcome.exception()
                yield index, error if error is not None else outcome.result()
        finally:  # a stage still running (the worker stopping on SIGTERM) stops at its next check
            batch.abandon()

    def abandon_executor(self) -> None:
        """A stage thread that ignores its deadline cannot be killed: leave it, and run the next message on a new one."""
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._new_executor()
        self.metrics.counter("stage_abandoned_total").labels(stage=self.spec.name).inc()
        log.error("stage thread abandoned after its budget", extra={"stage": self.spec.name})

    async def wait_for_breaker(self) -> None:
        """While the dead-letter breaker is open, stop pulling messages (faust pauses the fetch once the buffer fills)."""
        while (pause := self.breaker.seconds_until_probe()) > 0:
            self.breaker_gauge.set(1)
            await asyncio.sleep(min(pause, BREAKER_POLL_SECONDS))
        self.breaker.before_message()

    @property
    def breaker_open(self) -> bool:
        return self.breaker.state != CLOSED

    async def send_outputs(self, encoded: list[tuple[bytes, bytes]]) -> None:
        # Sends are buffered; faust flushes the producer before it commits input offsets, so no offset is
        # committed ahead of its outputs (at-least-once) without waiting for each acknowledgement here.
        # Sends of outcomes already made reach the producer without yielding to the loop: one request for them.
        for key, value in encoded:
            await self.output_topic.send(key=key, value=value)
        self.messages_out.inc(len(encoded))

    def account(self, outcome: Processed) -> None:
        self.stage_duration.observe(outcome.duration)
        self.processed["ok" if outcome.outputs else "empty"].inc()
        for warning in outcome.warnings:
            self.metrics.counter("ingest_warnings_total").labels(
                stage=self.spec.name, field=warning.get("field"), reason=warning.get("reason")).inc()
        if outcome.published is not None and outcome.published > self.newest_published:
            self.newest_published = outcome.published
            self.metrics.gauge("newest_article_published_timestamp_seconds").labels(
                stage=self.spec.name).set(self.newest_published)
        if log.isEnabledFor(logging.DEBUG):
            log.debug("processed", extra={"stage": self.spec.name, "article_id": outcome.article_id,
                                           "outputs": len(outcome.outputs), "duration_seconds": round(outcome.duration, 6)})

    async def dead_letter(self, message: Any, reason: str, error: BaseException, article_id: str | None = None) -> str:
        """Send the message's dead-letter record (its original truncated if too big); never raises. The reason."""
        stage = self.spec.name
        record = dead_letter_record(
            stage=stage, reason=reason, error=error, value=message.value, key=message.key,
            topic=message.topic, partition=message.partition, offset=message.offset,
            max_record_bytes=self.settings.max_output_bytes(),
        )
        context = {"stage": stage, "reason": reason, "article_id": article_id, "topic": message.topic,
                   "partition": message.partition, "offset": message.offset}
        outcome = "deadletter"
        try:
            await self.deadletter_topic.send(key=record_key(record), value=encode_message(record))
        except Exception as send_error:  # noqa: BLE001 -- nothing left to route it to: log it and go on
            outcome = "deadletter_failed"
            self.metrics.counter("deadletter_send_failures_total").labels(stage=stage, reason=reason).inc()
            log.error("dead-letter record not sent: %s: %s", type(send_error).__name__, send_error,
                      extra={**context, "original_size_bytes": record["original_size_bytes"],
                             "original_sha256": record["original_sha256"]})
        self.metrics.counter("deadletters_total").labels(stage=stage, reason=reason).inc()
        self.metrics.counter("messages_processed_total").labels(stage=stage, outcome=outcome).inc()
        self.metrics.gauge("last_processed_timestamp_seconds").labels(stage=stage).set(time.time())
        self.last_processed_monotonic = time.monotonic()
        log.warning("dead-lettered: %s", record["error_message"], extra=context)
        return reason

    async def partition_lags(self) -> dict[TP, int]:
        consumer = self.app.consumer
        name = self.input_topic.get_topic_name()
        lags: dict[TP, int] = {}
        for tp in consumer.assignment():
            if tp.topic != name:
                continue
            highwater = consumer.highwater(tp)
            read = consumer._read_offset.get(tp)  # type: ignore[attr-defined]
            position = read + 1 if read is not None else await consumer.position(tp)
            if highwater is None or position is None:
                continue
            lags[tp] = max(0, highwater - position)
        return lags
