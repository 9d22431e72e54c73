"""Scale-out check: one worker process of a stage against two in one consumer group, each over a window of
steady work on the input topic the end-to-end run filled, topped up with copies so that neither runs dry."""

from __future__ import annotations

import asyncio
import math
import time
from pathlib import Path

import orjson

from services.benchmarks.main import produce_messages
from services.benchmarks.processes import WorkerGroup, scrape
from services.cli.tailing import read_topic
from services.core.pipeline import WORKERS
from services.core.settings import Settings

PROCESSED = "incident_stream_messages_processed_total"
ASSIGNED = "incident_stream_assigned_partitions"
START_UP_MARGIN_SECONDS = 30  # the second process joining, the group rebalancing, models warming up


async def topic_records(bootstrap: str, settings: Settings, topic: str) -> list[tuple[bytes | None, bytes]]:
    """Every (key, value) on the topic, which nothing writes to any more."""
    return [(record.key, record.value or b"")
            async for record in read_topic(bootstrap, topic, idle_seconds=2.0, settings=settings)]


def copies_of(records: list[tuple[bytes | None, bytes]], count: int) -> list[tuple[bytes, bytes]]:
    """`count` copies of the records, each a new message: its id (and key) suffixed with the copy number."""
    copies = []
    for number in range(count):
        key, value = records[number % len(records)]
        message = orjson.loads(value)
        suffix = f"~copy{number // len(records)}"
        if isinstance(message.get("id"), str):
            message["id"] += suffix
        copies.append(((key or b"") + suffix.encode(), orjson.dumps(message)))
    return copies


def top_up(bootstrap: str, settings: Settings, name: str, rate_hint: float, window: float) -> int:
    """Copies of the input of worker `name` until it holds what two processes at twice `rate_hint` (msg/s of one)
    would process in the window and the start-up margin; the topic's size."""
    topic = settings.topic(WORKERS[name][0].input_topic)
    records = asyncio.run(topic_records(bootstrap, settings, topic))
    wanted = math.ceil(2 * 2 * rate_hint * (window + START_UP_MARGIN_SECONDS))
    if records and wanted > len(records):
        asyncio.run(produce_messages(bootstrap, settings, topic, copies_of(records, wanted - len(records))))
    return max(wanted, len(records))


def steady_rate(name: str, processes: int, bootstrap: str, settings: Settings, log_dir: Path, partitions: int,
                size: int, window: float, timeout: float) -> float | None:
    """Messages/s of `processes` workers NAME over the input topic (`size` messages, read from the start in a
    new consumer group) during `window` seconds, counted from the moment every one of them holds partitions
    (so start-up and rebalancing are left out); None when they ran out of input before the window ended."""
    stage = WORKERS[name][0]
    group = WorkerGroup(bootstrap, settings.topic_prefix, log_dir, partitions)
    try:
        for number in range(processes):
            group.start(f"{name}-{number}", ["worker", name])
        deadline = time.monotonic() + timeout
        first: tuple[float, float] | None = None
        while time.monotonic() < deadline:
            time.sleep(0.2)
            try:
                scrapes = [scrape(worker.port) for worker in group.workers]
            except OSError:
                continue
            done = sum(values[(PROCESSED, stage.name)] for values in scrapes)
            if done >= size:
                return None
            if first is None and all(values[(ASSIGNED, stage.name)] > 0 for values in scrapes) and done > 0:
                first = (time.monotonic(), done)
            if first is not None and time.monotonic() - first[0] >= window:
                return (done - first[1]) / (time.monotonic() - first[0])
        raise TimeoutError(f"{processes} worker(s) {name} did not hold partitions and work for {window:.0f}s "
                           f"within {timeout:.0f}s")
    finally:
        group.stop()
