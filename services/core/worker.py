"""The thin worker around a stage: consume raw bytes, decode, run the stage in an executor, send keyed
outputs and wait for their acknowledgement before the input offset can be committed (at-least-once),
dead-letter every failure, count everything."""

from __future__ import annotations

import asyncio
import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import faust
from faust.types import TP

from services.core import topics
from services.core.deadletter import dead_letter_record
from services.core.metrics import Metrics
from services.core.processing import StageFailure, decode_input, max_input_bytes, process_message
from services.core.settings import Settings
from services.core.stage import Message, StageFunction, StageSpec, new_ingest_warnings
from services.core.timestamps import parse_timestamp
from services.core.warmup import warm_up_stage
from services.core.wire import InvalidMessage, encode_message

log = logging.getLogger(__name__)


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
        # One thread: CPU-bound stages never block heartbeats and commits, and messages stay in order.
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"stage-{spec.name}")
        self.last_processed_monotonic = time.monotonic()
        self.newest_published = 0.0
        self.warmed_up = asyncio.Event()  # messages wait for it: none is processed by a cold or broken stage
        self.warm_up_seconds: float | None = None
        # Started now, in the stage's executor, so it overlaps faust's start-up and the group join; stages
        # with state (the merger) skip it: a sample would become part of their state.
        self._warm_up: Future[float] | None = (
            self.executor.submit(warm_up_stage, spec, stage, settings) if spec.warms_up else None)
        app.agent(self.input_topic, name=f"{spec.name}-agent", concurrency=1)(self._agent)

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
        if not self.warmed_up.is_set():
            await self.warmed_up.wait()
        stage = self.spec.name
        self.metrics.counter("messages_in_total").labels(stage=stage).inc()
        try:
            article = decode_input(self.spec, message.value, max_input_bytes(self.spec, self.settings))
        except InvalidMessage as error:
            await self.dead_letter(message, error.reason, error)
            return
        if self.spec.reads_upstream:
            article["ingest"] = {"topic": message.topic, "partition": message.partition, "offset": message.offset}
        started = time.perf_counter()
        limit = self.settings.max_output_bytes()
        try:
            if self.spec.inline:
                outputs, encoded = process_message(self.spec, self.stage, article, limit)
            else:
                loop = asyncio.get_running_loop()
                outputs, encoded = await loop.run_in_executor(
                    self.executor, process_message, self.spec, self.stage, article, limit)
        except StageFailure as error:
            await self.dead_letter(message, error.reason, error, article_id=article.get("id"))
            return
        duration = time.perf_counter() - started
        await self.send_outputs(encoded)
        self.account(article, outputs, duration)

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

    async def dead_letter(self, message: Any, reason: str, error: BaseException, article_id: str | None = None) -> None:
        stage = self.spec.name
        record = dead_letter_record(
            stage=stage, reason=reason, error=error, value=message.value, key=message.key,
            topic=message.topic, partition=message.partition, offset=message.offset,
        )
        await self.deadletter_topic.send(key=message.key, value=encode_message(record))
        self.metrics.counter("deadletters_total").labels(stage=stage, reason=reason).inc()
        self.metrics.counter("messages_processed_total").labels(stage=stage, outcome="deadletter").inc()
        self.metrics.gauge("last_processed_timestamp_seconds").labels(stage=stage).set(time.time())
        self.last_processed_monotonic = time.monotonic()
        log.warning("dead-lettered: %s", record["error_message"], extra={
            "stage": stage, "reason": reason, "article_id": article_id, "topic": message.topic,
            "partition": message.partition, "offset": message.offset})

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
