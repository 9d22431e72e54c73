"""The thin worker around a stage: consume raw bytes, decode, run the stage in an executor, send keyed
outputs and wait for their acknowledgement before the input offset can be committed (at-least-once),
dead-letter every failure, count everything."""

from __future__ import annotations

import asyncio
import base64
import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import faust
from faust.types import TP

from services.core import topics
from services.core.breaker import CLOSED, DeadLetterBreaker
from services.core.budget import Deadline, StageTimeout
from services.core.deadletter import dead_letter_record
from services.core.metrics import Metrics
from services.core.processing import StageFailure, decode_input, max_input_bytes, process_message
from services.core.replay_origin import replay_origin
from services.core.settings import Settings
from services.core.stage import Message, StageFunction, StageSpec, new_ingest_warnings
from services.core.timestamps import parse_timestamp
from services.core.warmup import warm_up_stage
from services.core.wire import InvalidMessage, encode_message

log = logging.getLogger(__name__)

BREAKER_POLL_SECONDS = 1.0


def record_key(record: dict[str, Any]) -> bytes | None:
    """The dead-letter record's key: the original key, cut like the record's copy of it."""
    key = record.get("original_key_b64")
    return base64.b64decode(key) if key is not None else None


def raw_topic(app: faust.App, name: str) -> faust.TopicT:
    return app.topic(name, key_serializer="raw", value_serializer="raw", internal=False)


class StageWorker:
    """One stage's agent: `handle` is called once per input message, in offset order (concurrency=1)."""

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
        # Started now, in the stage's executor, so it overlaps faust's start-up and the group join; stages
        # with state (the merger) skip it: a sample would become part of their state.
        self._warm_up: Future[float] | None = (
            self.executor.submit(warm_up_stage, spec, stage, settings) if spec.warms_up else None)
        app.agent(self.input_topic, name=f"{spec.name}-agent", concurrency=1)(self._agent)

    def _new_executor(self) -> ThreadPoolExecutor:
        # One thread: CPU-bound stages never block heartbeats and commits, and messages stay in order.
        return ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"stage-{self.spec.name}")

    async def _agent(self, stream: faust.StreamT[Any]) -> None:
        async for event in stream.events():
            await self.handle(event.message)

    async def warm_up(self) -> None:
        """Wait for the warm-up the constructor started in the executor; raises WarmUpFailed."""
        self.warm_up_seconds = await asyncio.wrap_future(self._warm_up) if self._warm_up is not None else 0.0
        self.metrics.gauge("stage_warmup_seconds").labels(stage=self.spec.name).set(self.warm_up_seconds)
        log.info("stage %s warmed up in %.2f s", self.spec.name, self.warm_up_seconds,
                 extra={"stage": self.spec.name, "duration_seconds": round(self.warm_up_seconds, 3)})
        self.warmed_up.set()

    async def handle(self, message: Any) -> None:
        """Ends every message in exactly one place: its outputs, or a dead letter with a reason."""
        if not self.warmed_up.is_set():
            await self.warmed_up.wait()
        await self.wait_for_breaker()
        self.metrics.counter("messages_in_total").labels(stage=self.spec.name).inc()
        try:
            reason = await self.process(message)
        except Exception as error:  # noqa: BLE001 -- a crash restarts the agent past this offset: the message would vanish
            reason = "stage_error"
            await self.dead_letter(message, reason, error)
        self.breaker.record(reason)
        self.metrics.gauge("dead_letter_breaker_open").labels(stage=self.spec.name).set(self.breaker_open)

    async def process(self, message: Any) -> str | None:
        """Decode, run, send; the dead-letter reason, or None when the outputs were sent."""
        try:
            article = decode_input(self.spec, message.value, max_input_bytes(self.spec, self.settings),
                                   self.settings.max_text_chars)
        except InvalidMessage as error:
            return await self.dead_letter(message, error.reason, error)
        if self.spec.reads_upstream:  # a replayed copy keeps the position of the raw message it copies
            article["ingest"] = replay_origin(getattr(message, "headers", None)) or {
                "topic": message.topic, "partition": message.partition, "offset": message.offset}
        article_id = article.get("id")
        started = time.perf_counter()
        try:
            outputs, encoded = await self.run(article)
        except StageFailure as error:
            return await self.dead_letter(message, error.reason, error, article_id=article_id)
        duration = time.perf_counter() - started
        try:
            await self.send_outputs(encoded)
        except Exception as error:  # noqa: BLE001 -- ProducerSendError, a broken connection: the message is not lost
            return await self.dead_letter(message, "send", error, article_id=article_id)
        self.account(article, outputs, duration)
        return None

    async def run(self, article: Message) -> tuple[list[Message], list[tuple[bytes, bytes]]]:
        """The stage within its budget; the worker stops waiting after budget plus grace and abandons the thread."""
        budget = self.settings.stage_timeout(self.spec.name)
        deadline = Deadline(budget)
        limit = self.settings.max_output_bytes()
        if self.spec.inline:
            return process_message(self.spec, self.stage, article, limit, deadline)
        running = asyncio.wrap_future(self.executor.submit(process_message, self.spec, self.stage, article, limit, deadline))
        try:
            return await asyncio.wait_for(running, budget + self.settings.stage_timeout_grace_seconds)
        except TimeoutError as error:
            self.abandon_executor()
            raise StageFailure(StageTimeout(f"no answer within {budget:g} s budget and grace; thread abandoned"),
                               "timeout") from error
        finally:  # a stage still running (abandoned, or the worker stopping on SIGTERM) stops at its next check
            deadline.cancel()

    def abandon_executor(self) -> None:
        """A stage thread that ignores its deadline cannot be killed: leave it, and run the next message on a new one."""
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._new_executor()
        self.metrics.counter("stage_abandoned_total").labels(stage=self.spec.name).inc()
        log.error("stage thread abandoned after its budget", extra={"stage": self.spec.name})

    async def wait_for_breaker(self) -> None:
        """While the dead-letter breaker is open, stop pulling messages (faust pauses the fetch once the buffer fills)."""
        while (pause := self.breaker.seconds_until_probe()) > 0:
            self.metrics.gauge("dead_letter_breaker_open").labels(stage=self.spec.name).set(1)
            await asyncio.sleep(min(pause, BREAKER_POLL_SECONDS))
        self.breaker.before_message()

    @property
    def breaker_open(self) -> bool:
        return self.breaker.state != CLOSED

    async def send_outputs(self, encoded: list[tuple[bytes, bytes]]) -> None:
        # Sends are buffered; faust flushes the producer before it commits input offsets, so no offset is
        # committed ahead of its outputs (at-least-once) without waiting for each acknowledgement here.
        for key, value in encoded:
            await self.output_topic.send(key=key, value=value)
        self.metrics.counter("messages_out_total").labels(
            stage=self.spec.name, topic=self.output_topic.get_topic_name()).inc(len(encoded))

    def account(self, article: Message, outputs: list[Message], duration: float) -> None:
        stage = self.spec.name
        self.metrics.histogram("stage_duration_seconds").labels(stage=stage).observe(duration)
        outcome = "ok" if outputs else "empty"
        self.metrics.counter("messages_processed_total").labels(stage=stage, outcome=outcome).inc()
        for warning in new_ingest_warnings(article, outputs):
            self.metrics.counter("ingest_warnings_total").labels(
                stage=stage, field=warning.get("field"), reason=warning.get("reason")).inc()
        self.metrics.gauge("last_processed_timestamp_seconds").labels(stage=stage).set(time.time())
        self.last_processed_monotonic = time.monotonic()
        published = parse_timestamp(article.get("published_at"))
        if published is not None and published.timestamp() > self.newest_published:
            self.newest_published = published.timestamp()
            self.metrics.gauge("newest_article_published_timestamp_seconds").labels(stage=stage).set(self.newest_published)
        log.debug("processed", extra={"stage": stage, "article_id": article.get("id"), "outputs": len(outputs),
                                       "duration_seconds": round(duration, 6)})

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
