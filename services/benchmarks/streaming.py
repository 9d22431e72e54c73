"""The pipeline through the broker: publish articles (as fast as possible, or paced) and watch the
outputs, to measure end-to-end articles/s and publish-to-incident latency."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from services.benchmarks.processes import Scrape
from services.cli.demo import settled
from services.core.kafka_security import kafka_client_options
from services.core.settings import Settings
from services.core.topics import ARTICLES_GEO, ARTICLES_RAW, DEADLETTER, INCIDENTS
from services.core.wire import encode_message


@dataclass
class Outputs:
    """When each article id first reached the end of the article path (articles.geo or deadletter), and
    when it first appeared in an incident on `incidents` (monotonic clock, at receipt)."""

    finished: dict[str, float] = field(default_factory=dict)
    in_incident: dict[str, float] = field(default_factory=dict)
    last_seen: float = 0.0


async def watch_outputs(bootstrap: str, settings: Settings, outputs: Outputs, stop: asyncio.Event) -> None:
    geo, dead, incidents = (settings.topic(name) for name in (ARTICLES_GEO, DEADLETTER, INCIDENTS))
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, auto_offset_reset="earliest",
                                fetch_max_wait_ms=50, **kafka_client_options(settings))
    await consumer.start()
    try:
        for _ in range(50):  # a fresh client may not know the new topics yet
            await consumer._client.force_metadata_update()
            if all(consumer.partitions_for_topic(topic) for topic in (geo, dead, incidents)):
                break
            await asyncio.sleep(0.1)
        consumer.assign([TopicPartition(topic, partition) for topic in (geo, dead, incidents)
                         for partition in sorted(consumer.partitions_for_topic(topic) or ())])
        while not stop.is_set():
            batch = await consumer.getmany(timeout_ms=100)
            now = time.monotonic()
            for records in batch.values():
                for record in records:
                    outputs.last_seen = now
                    if record.topic == incidents:
                        for article_id in orjson.loads(record.value or b"{}").get("article_ids") or []:
                            outputs.in_incident.setdefault(article_id, now)
                    elif record.key is not None:
                        outputs.finished.setdefault(record.key.decode(errors="replace"), now)
    finally:
        await consumer.stop()


async def publish(bootstrap: str, settings: Settings, articles: list[dict[str, Any]],
                  rate: float | None = None) -> dict[str, float]:
    """Send the articles to articles.raw, at `rate` per second if given; id -> monotonic send time."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=0 if rate else 5,
                                max_request_size=8_000_000, **kafka_client_options(settings))
    await producer.start()
    sent: dict[str, float] = {}
    try:
        started, pending = time.monotonic(), []
        for index, article in enumerate(articles):
            if rate:
                await asyncio.sleep(max(0.0, started + index / rate - time.monotonic()))
            sent[article["id"]] = time.monotonic()
            pending.append(await producer.send(settings.topic(ARTICLES_RAW), encode_message(article),
                                               key=article["id"].encode()))
        await asyncio.gather(*pending)
    finally:
        await producer.stop()
    return sent


@dataclass(frozen=True)
class PhaseResult:
    sent: dict[str, float]
    outputs: Outputs
    seconds: float  # first send to the last output seen


async def run_phase(bootstrap: str, settings: Settings, articles: list[dict[str, Any]], scrape: Callable[[], Scrape],
                    published_before: int, timeout: float, rate: float | None = None) -> PhaseResult:
    """Publish the articles and wait until each has finished its article path and every stage has processed
    all it consumed (the workers' counters); `published_before` counts the earlier phases' articles."""
    outputs, stop = Outputs(), asyncio.Event()
    watcher = asyncio.create_task(watch_outputs(bootstrap, settings, outputs, stop))
    await asyncio.sleep(2.0)  # the watcher assigned its partitions before anything is sent
    sent = await publish(bootstrap, settings, articles, rate)
    started = min(sent.values())
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            await asyncio.sleep(0.5)
            if set(sent) <= set(outputs.finished) and settled(await asyncio.to_thread(scrape),
                                                              published_before + len(articles)):
                await asyncio.sleep(1.0)  # the merger's last incident updates reach the watcher
                return PhaseResult(sent, outputs, outputs.last_seen - started)
        missing = len(set(sent) - set(outputs.finished))
        raise TimeoutError(f"{missing} of {len(sent)} articles did not finish in {timeout:.0f}s")
    finally:
        stop.set()
        await watcher


def latencies(result: PhaseResult) -> list[float]:
    """Seconds from publish to first appearance in an incident, of each article that made one."""
    return [result.outputs.in_incident[article_id] - sent for article_id, sent in result.sent.items()
            if article_id in result.outputs.in_incident]
