"""Replays articles.raw through the pipeline by rewinding the language stage's consumer group.

Rewinding (instead of re-publishing) keeps each raw message's topic/partition/offset, which is the
merger's report key: a replayed report goes back to its incident, as a duplicate when its extraction is
unchanged and as an update when it changed (services.incidents.merge). Offsets of a group can only be
moved while none of its members runs, so the command refuses while the group is active.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from services.core.kafka_security import kafka_client_options
from services.core.settings import Settings
from services.core.topics import ARTICLES_RAW

EMPTY_GROUP_STATES = ("Empty", "Dead", "")


class ReplayRefused(Exception):
    """The offsets cannot be moved now (the group runs, or the start point is not understood)."""


@dataclass(frozen=True)
class ReplayStart:
    """Where a replay starts: an offset in every partition, or the first message at or after a time."""

    offset: int | None = None
    timestamp_ms: int | None = None

    @classmethod
    def parse(cls, value: str) -> ReplayStart:
        """'earliest', an offset (digits) or an ISO 8601 time (UTC when it has no offset)."""
        if value == "earliest":
            return cls(offset=0)
        if value.isdigit():
            return cls(offset=int(value))
        try:
            moment = datetime.fromisoformat(value)  # 3.11 reads a trailing Z
        except ValueError as error:
            raise ReplayRefused(f"--from {value!r} is neither 'earliest', an offset nor an ISO 8601 time") from error
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return cls(timestamp_ms=int(moment.timestamp() * 1000))


def group_id(settings: Settings, worker: str) -> str:
    """The consumer group of a worker process label (`worker language` -> language, `run` -> pipeline)."""
    return f"{settings.consumer_group_prefix}-{worker}"


async def group_state(admin: AIOKafkaAdminClient, group: str) -> str:
    """The group's state, '' when it has no member (Tansu keeps saying Stable after the last member left)."""
    described = await admin.describe_consumer_groups([group])
    for response in described:
        for entry in getattr(response, "groups", []):
            # DescribeGroups v0+: (error_code, group_id, state, protocol_type, protocol, members, ...)
            if entry[1] == group and entry[5]:
                return str(entry[2])
    return ""


async def wait_until_group_empty(settings: Settings, bootstrap_servers: str, group: str, wait_seconds: float) -> None:
    """Return once the group has no member; a stopped worker's membership may outlive it by a session timeout."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, client_id="incident-stream-replay",
                                **kafka_client_options(settings))
    deadline = time.monotonic() + wait_seconds
    try:
        await admin.start()
        while (state := await group_state(admin, group)) not in EMPTY_GROUP_STATES:
            if time.monotonic() >= deadline:
                raise ReplayRefused(f"consumer group {group} is {state}: stop its workers first, then replay")
            await asyncio.sleep(1.0)
    finally:
        await admin.close()


async def replay_offsets(settings: Settings, bootstrap_servers: str, worker: str, start: ReplayStart,
                         partitions: list[int] | None = None, wait_seconds: float = 0.0) -> dict[int, int]:
    """Set the worker's committed offsets on articles.raw to `start`; returns partition -> new offset."""
    group, topic = group_id(settings, worker), settings.topic(ARTICLES_RAW)
    await wait_until_group_empty(settings, bootstrap_servers, group, wait_seconds)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap_servers, group_id=group, enable_auto_commit=False,
                                client_id="incident-stream-replay", **kafka_client_options(settings))
    await consumer.start()
    try:
        available = consumer.partitions_for_topic(topic) or set()
        if not available:
            raise ReplayRefused(f"topic {topic} does not exist")
        chosen = sorted(available if partitions is None else set(partitions) & available)
        if partitions is not None and len(chosen) != len(set(partitions)):
            raise ReplayRefused(f"{topic} has partitions {sorted(available)}, not {sorted(set(partitions))}")
        tps = [TopicPartition(topic, partition) for partition in chosen]
        consumer.assign(tps)
        offsets = await start_offsets(consumer, tps, start)
        await consumer.commit(offsets)
        return {tp.partition: offset for tp, offset in offsets.items()}
    finally:
        await consumer.stop()


async def start_offsets(consumer: AIOKafkaConsumer, tps: list[TopicPartition], start: ReplayStart) -> dict[TopicPartition, int]:
    """The offset of `start` in each partition, within what the partition holds."""
    first, end = await consumer.beginning_offsets(tps), await consumer.end_offsets(tps)
    if start.timestamp_ms is not None:
        found = await consumer.offsets_for_times({tp: start.timestamp_ms for tp in tps})
        return {tp: found[tp].offset if found.get(tp) is not None else end[tp] for tp in tps}
    offset = start.offset or 0
    return {tp: min(max(offset, first[tp]), end[tp]) for tp in tps}
