"""Prints a topic's messages as JSON lines."""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import AsyncIterator

from aiokafka import AIOKafkaConsumer
from aiokafka.structs import ConsumerRecord

from services.core.kafka_security import kafka_client_options
from services.core.settings import Settings


async def read_topic(bootstrap_servers: str, topic: str, from_beginning: bool = True, idle_seconds: float = 5.0,
                     limit: int | None = None, settings: Settings | None = None,
                     ) -> AsyncIterator[ConsumerRecord[bytes, bytes]]:
    """Messages of every partition, without joining a consumer group, until idle for idle_seconds.
    Connects with the security of `settings`, by default the environment's."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap_servers, enable_auto_commit=False,
                                auto_offset_reset="earliest" if from_beginning else "latest",
                                **kafka_client_options(settings or Settings()))
    await consumer.start()
    try:
        partitions = consumer.partitions_for_topic(topic)
        for _ in range(50):
            if partitions:
                break
            await asyncio.sleep(0.1)
            await consumer._client.force_metadata_update()
            partitions = consumer.partitions_for_topic(topic)
        if not partitions:
            raise SystemExit(f"topic {topic!r} does not exist")
        from aiokafka import TopicPartition

        consumer.assign([TopicPartition(topic, partition) for partition in sorted(partitions)])
        count, last_seen = 0, time.monotonic()
        while time.monotonic() - last_seen < idle_seconds:
            batch = await consumer.getmany(timeout_ms=500)
            for records in batch.values():
                for record in records:
                    yield record
                    count += 1
                    last_seen = time.monotonic()
                    if limit is not None and count >= limit:
                        return
    finally:
        await consumer.stop()


async def tail_topic(bootstrap_servers: str, topic: str, from_beginning: bool, idle_seconds: float, limit: int | None,
                     settings: Settings | None = None) -> int:
    count = 0
    async for record in read_topic(bootstrap_servers, topic, from_beginning, idle_seconds, limit, settings):
        sys.stdout.write((record.value or b"").decode("utf-8", errors="replace") + "\n")
        count += 1
    sys.stdout.flush()
    return count
