"""Scale-out check: one worker process of a stage against two in one consumer group, re-reading the input
topic the end-to-end run filled, from the start, in a new consumer group."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from aiokafka import AIOKafkaConsumer, TopicPartition

from services.benchmarks.processes import WorkerGroup, scrape
from services.core.kafka_security import kafka_client_options
from services.core.pipeline import WORKERS
from services.core.settings import Settings

PROCESSED = "incident_stream_messages_processed_total"
ASSIGNED = "incident_stream_assigned_partitions"


async def topic_size(bootstrap: str, settings: Settings, topic: str) -> int:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, **kafka_client_options(settings))
    await consumer.start()
    try:
        partitions = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]
        return sum((await consumer.end_offsets(partitions)).values())
    finally:
        await consumer.stop()


def steady_rate(name: str, processes: int, bootstrap: str, settings: Settings, log_dir: Path, partitions: int,
                timeout: float) -> float | None:
    """Messages/s of `processes` workers NAME over the input topic, counted from the moment every one of
    them holds partitions (so start-up and rebalancing are left out); None if they finished before that."""
    stage = WORKERS[name][0]
    total = asyncio.run(topic_size(bootstrap, settings, settings.topic(stage.input_topic)))
    group = WorkerGroup(bootstrap, settings.topic_prefix, log_dir, partitions)
    try:
        for number in range(processes):
            group.start(f"{name}-{number}", ["worker", name])
        first: tuple[float, float] | None = None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            time.sleep(0.2)
            try:
                scrapes = [scrape(worker.port) for worker in group.workers]
            except OSError:
                continue
            done = sum(values[(PROCESSED, stage.name)] for values in scrapes)
            if first is None and all(values[(ASSIGNED, stage.name)] > 0 for values in scrapes):
                first = (time.monotonic(), done)
            if done >= total:
                if first is None or done - first[1] < total / 4:
                    return None
                return (done - first[1]) / (time.monotonic() - first[0])
        raise TimeoutError(f"{processes} worker(s) {name} did not process {total} messages in {timeout:.0f}s")
    finally:
        group.stop()
