"""Hostile input through a real worker: every message consumed is accounted for by an outcome
(messages_in_total == the sum of messages_processed_total), and the worker stays up and ready."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import orjson
import pytest

from services.core.settings import Settings
from services.core.topics import ARTICLES_RAW
from tests.fault_helpers import get_json, sized
from tests.kafka_helpers import RunningWorker, produce, running_worker

pytestmark = [pytest.mark.integration, pytest.mark.faults]

VALID = {"id": "ok-1", "url": "https://wire.example/ok-1", "text": "Gunmen attacked a village near Gao on Friday."}


def nested(depth: int) -> object:
    value: object = "bottom"
    for _ in range(depth):
        value = [value]
    return value


ORDINARY_HOSTILE: list[tuple[bytes | None, bytes | None]] = [
    (b"bad-json", b"{not json"),
    (b"bad-utf8", b"\xff\xfe{\"id\": \"x\"}"),
    (b"list", b"[1, 2, 3]"),
    (b"number", b"42"),
    (b"string", b'"an article"'),
    (b"null", b"null"),
    (b"tombstone", None),
    (b"no-text", orjson.dumps({"id": "no-text", "url": "https://wire.example/no-text"})),
    (b"bad-url", orjson.dumps({"id": "bad-url", "url": "javascript:alert(1)", "text": "Gunmen attacked Gao."})),
    (b"oversize", orjson.dumps({**VALID, "id": "big", "text": "word " * 240_000})),  # ~1.2 MB > 1 MB limit
    (b"ok-1", orjson.dumps(VALID)),
]


def accounted(worker: RunningWorker, expected: int, timeout: float = 90.0) -> tuple[float, float]:
    """(messages in, sum of outcomes) once the stage consumed `expected` messages."""
    deadline = time.monotonic() + timeout
    while worker.metric("incident_stream_messages_in_total", stage="language") < expected:
        if time.monotonic() > deadline or worker.process.poll() is not None:
            break
        time.sleep(0.5)
    time.sleep(2)
    return (worker.metric("incident_stream_messages_in_total", stage="language"),
            worker.metric("incident_stream_messages_processed_total", stage="language"))


def send_and_account(bootstrap: str, env: dict[str, str], tmp_path: Path,
                     messages: list[tuple[bytes | None, bytes | None]]) -> None:
    settings = Settings(topic_prefix=env["INCIDENT_STREAM_TOPIC_PREFIX"])
    with running_worker(bootstrap, ["worker", "language"], env, tmp_path) as worker:
        asyncio.run(produce(bootstrap, settings.topic(ARTICLES_RAW), messages))  # type: ignore[arg-type]
        consumed, outcomes = accounted(worker, len(messages))
        assert consumed == len(messages), worker.log()[-3000:]
        assert outcomes == consumed, f"{consumed - outcomes} messages vanished without an outcome"
        assert get_json(worker.metrics_url + "/readyz")[0] == 200
        assert "Agent crashed" not in worker.log() and "Traceback" not in worker.log()


def test_ordinary_hostile_input_is_all_accounted_for(bootstrap: str, isolated_env: dict[str, str], tmp_path: Path) -> None:
    send_and_account(bootstrap, isolated_env, tmp_path, ORDINARY_HOSTILE * sized(1, 20))


def test_deeply_nested_field_is_accounted_for(bootstrap: str, isolated_env: dict[str, str], tmp_path: Path) -> None:
    deep = orjson.dumps({**VALID, "id": "deep", "extra": nested(250)})[:-1] + b',"deeper":' + b"[" * 600 + b"]" * 600 + b"}"
    send_and_account(bootstrap, isolated_env, tmp_path, [(b"deep", deep), (b"ok-1", orjson.dumps(VALID))])


def test_message_above_one_and_a_half_megabytes_is_accounted_for(bootstrap: str, isolated_env: dict[str, str],
                                                                 tmp_path: Path) -> None:
    huge = orjson.dumps({**VALID, "id": "huge", "text": "word " * 400_000})  # ~2 MB
    send_and_account(bootstrap, isolated_env, tmp_path, [(b"huge", huge), (b"ok-1", orjson.dumps(VALID))])
