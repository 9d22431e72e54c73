"""Replays articles.raw through the running pipeline by re-publishing its messages with their origin.

Each message from the start point up to the end of the partition (as it was when the replay began) is
sent again to articles.raw, with its key and bytes unchanged and a header naming the raw message it
copies. The language worker stamps that origin as the article's `ingest` position, which is the merger's
report key: a replayed report goes back to its incident, as a duplicate when its extraction is unchanged
and as an update when it changed (services.incidents.merge). Workers keep running; consumer offsets are
never moved, so it works on any broker, whatever it believes about the group's members.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from services.core.kafka_security import kafka_client_options
from services.core.replay_origin import REPLAY_ORIGIN_HEADER, origin_header
from services.core.settings import Settings
from services.core.topics import ARTICLES_RAW

FETCH_TIMEOUT_MS = 2_000


class ReplayRefused(Exception):
    """The replay cannot start (the start point is not understood, the topic or a partition is missing)."""


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


async def replay_raw(settings: Settings, bootstrap_servers: str, start: ReplayStart,
                     partitions: list[int] | None = None) -> dict[int, int]:
    """Re-publish articles.raw from `start` to each partition's end as of now; returns partition -> messages sent."""
    topic = settings.topic(ARTICLES_RAW)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap_servers, enable_auto_commit=False, group_id=None,
                                client_id="incident-stream-replay", **kafka_client_options(settings))
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap_servers, acks="all", client_id="incident-stream-replay",
                                **kafka_client_options(settings))
    await consumer.start()
    await producer.start()
    try:
        tps = chosen_partitions(consumer, topic, partitions)
        consumer.assign(tps)
        starts, ends = await start_offsets(consumer, tps, start), await consumer.end_offsets(tps)
        sent = {tp.partition: 0 for tp in tps}
        for tp in tps:
            consumer.seek(tp, starts[tp])
        pending = {tp for tp in tps if starts[tp] < ends[tp]}
        while pending:
            batches = await consumer.getmany(*pending, timeout_ms=FETCH_TIMEOUT_MS)
            for tp, records in batches.items():
                for record in records:
                    if record.offset >= ends[tp]:
                        break
                    headers = [(REPLAY_ORIGIN_HEADER, origin_header(record.headers, topic, tp.partition, record.offset))]
                    await producer.send(topic, value=record.value, key=record.key, partition=tp.partition,
                                        headers=headers)
                    sent[tp.partition] += 1
                if await consumer.position(tp) >= ends[tp]:
                    pending.discard(tp)
        await producer.flush()
        return sent
    finally:
        await producer.stop()
        await consumer.stop()


def chosen_partitions(consumer: AIOKafkaConsumer, topic: str, partitions: list[int] | None) -> list[TopicPartition]:
    available = consumer.partitions_for_topic(topic) or set()
    if not available:
        raise ReplayRefused(f"topic {topic} does not exist")
    chosen = sorted(available if partitions is None else set(partitions) & available)
    if partitions is not None and len(chosen) != len(set(partitions)):
        raise ReplayRefused(f"{topic} has partitions {sorted(available)}, not {sorted(set(partitions))}")
    return [TopicPartition(topic, partition) for partition in chosen]


async def start_offsets(consumer: AIOKafkaConsumer, tps: list[TopicPartition], start: ReplayStart) -> dict[TopicPartition, int]:
    """The offset of `start` in each partition, within what the partition holds."""
    first, end = await consumer.beginning_offsets(tps), await consumer.end_offsets(tps)
    if start.timestamp_ms is not None:
        found = await consumer.offsets_for_times({tp: start.timestamp_ms for tp in tps})
        return {tp: found[tp].offset if found.get(tp) is not None else end[tp] for tp in tps}
    offset = start.offset or 0
    return {tp: min(max(offset, first[tp]), end[tp]) for tp in tps}
