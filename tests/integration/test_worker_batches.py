"""A worker taking its input in batches through the real broker: every message ends in exactly one place,
bad ones alone among good ones, and outputs keep the order of their partition."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from pathlib import Path

import orjson
import pytest

from services.core.admin import ensure_topics
from services.core.settings import Settings
from services.core.topics import ARTICLES_LANG, ARTICLES_RAW, DEADLETTER
from tests.kafka_helpers import produce, read_json, running_worker

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_a_backlog_taken_in_batches_ends_every_message_once_and_in_partition_order(
    bootstrap: str, isolated_env: dict[str, str], seed_article: dict, tmp_path: Path
) -> None:
    settings = Settings(topic_prefix=isolated_env["INCIDENT_STREAM_TOPIC_PREFIX"])
    messages: list[tuple[bytes | None, bytes]] = []
    for number in range(60):
        key = f"batch-{number}".encode()
        bad = number % 7 == 3
        messages.append((key, b"{not json" if bad else orjson.dumps({**seed_article, "id": key.decode()})))
    good = {key.decode() for key, value in messages if value != b"{not json"}
    asyncio.run(ensure_topics(settings, bootstrap))
    asyncio.run(produce(bootstrap, settings.topic(ARTICLES_RAW), messages))  # a backlog before the worker starts

    batched = {**isolated_env, "INCIDENT_STREAM_WORKER_BATCH_MAX_MESSAGES": "100"}  # opt-in (settings.py says why)
    with running_worker(bootstrap, ["worker", "language"], batched, tmp_path) as worker:
        enriched = read_json(bootstrap, settings.topic(ARTICLES_LANG), expected=len(good))
        dead = read_json(bootstrap, settings.topic(DEADLETTER), expected=len(messages) - len(good))
        assert worker.metric("incident_stream_messages_in_total", stage="language") == len(messages)
        assert worker.metric("incident_stream_messages_processed_total", stage="language", outcome="ok") == len(good)
        assert worker.metric("incident_stream_deadletters_total", stage="language", reason="decode") == len(messages) - len(good)

    assert sorted(article["id"] for article in enriched) == sorted(good)
    assert sorted(record["original_value_b64"] for record in dead) == sorted(
        ["e25vdCBqc29u"] * (len(messages) - len(good)))  # base64 of the original bytes
    offsets: dict[int, list[int]] = defaultdict(list)
    for article in enriched:
        offsets[article["ingest"]["partition"]].append(article["ingest"]["offset"])
    assert all(read == sorted(read) for read in offsets.values())
