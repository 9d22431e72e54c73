"""The worker ends every message in exactly one place, whatever fails after decoding: its outputs, or a
dead letter with a reason (in-memory topics standing in for the producer; the agent never crashes)."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pytest

from services.core import topics
from services.core.app import WorkerProcess
from services.core.budget import check_deadline
from services.core.settings import Settings
from services.core.stage import Message, StageSpec
from services.core.worker import StageWorker

pytestmark = pytest.mark.unit

SPEC = StageSpec(name="echo", input_topic=topics.ARTICLES_RAW, output_topic=topics.ARTICLES_LANG, key_field="id",
                 builder="unused:unused")
ARTICLE = {"id": "a1", "url": "https://wire.example/1", "text": "Gunmen attacked a village near Gao."}


class ProducerSendError(Exception):
    """What faust raises when the producer refuses a record (too big for the request limit)."""


class MemoryTopic:
    """A topic the test reads back; refuses values above `max_bytes` like the producer's request limit."""

    def __init__(self, name: str, max_bytes: int, fail: bool = False) -> None:
        self.name, self.max_bytes, self.fail = name, max_bytes, fail
        self.sent: list[tuple[bytes | None, bytes]] = []

    async def send(self, *, key: bytes | None, value: bytes) -> None:
        if self.fail or len(value) > self.max_bytes:
            raise ProducerSendError(f"record of {len(value)} bytes refused")
        self.sent.append((key, value))

    def get_topic_name(self) -> str:
        return self.name

    def records(self) -> list[dict[str, Any]]:
        return [orjson.loads(value) for _, value in self.sent]


@dataclass
class Raw:
    value: bytes
    key: bytes | None = b"a1"
    topic: str = "articles.raw"
    partition: int = 0
    offset: int = 0


def with_language(article: Message) -> list[Message]:
    return [{**article, "language": {"code": "en", "confidence": 1.0}, "published_at": None}]


class Stage:
    def __init__(self, function: Any = with_language) -> None:
        self.function = function

    def __call__(self, article: Message) -> list[Message]:
        result: list[Message] = self.function(article)
        return result

    def warm_up(self) -> None:
        """Nothing to warm up."""


def worker_of(tmp_path: Path, function: Any = with_language, **settings: Any) -> tuple[WorkerProcess, StageWorker]:
    process = WorkerProcess(Settings(data_dir=tmp_path, **settings), "127.0.0.1:1", "unit", 6066)
    worker = process.add_stage(SPEC, Stage(function))
    limit = process.settings.max_output_bytes() + 4096
    worker.output_topic = MemoryTopic("articles.lang", limit)  # type: ignore[assignment]
    worker.deadletter_topic = MemoryTopic("deadletter", limit)  # type: ignore[assignment]
    return process, worker


def feed(worker: StageWorker, *messages: Raw) -> None:
    async def run() -> None:
        await worker.warm_up()
        for message in messages:
            await worker.handle(message)

    asyncio.run(run())


def sample(process: WorkerProcess, name: str, **labels: str) -> float:
    return process.metrics.registry.get_sample_value(f"incident_stream_{name}", {"stage": "echo", **labels}) or 0.0


def outcomes_add_up(process: WorkerProcess) -> bool:
    outcomes = ("ok", "empty", "deadletter", "deadletter_failed")
    processed = sum(sample(process, "messages_processed_total", outcome=outcome) for outcome in outcomes)
    return sample(process, "messages_in_total") == processed > 0


def dead_letters(worker: StageWorker) -> list[dict[str, Any]]:
    return worker.deadletter_topic.records()  # type: ignore[attr-defined, no-any-return]


def nested(levels: int) -> bytes:
    return orjson.dumps(ARTICLE)[:-1] + b',"extra":' + b"[" * levels + b"]" * levels + b"}"


def test_a_valid_article_with_a_deeply_nested_field_is_dead_lettered_as_unencodable(tmp_path: Path) -> None:
    process, worker = worker_of(tmp_path)
    feed(worker, Raw(nested(400)), Raw(orjson.dumps(ARTICLE), offset=1))
    assert [record["reason"] for record in dead_letters(worker)] == ["encode"]
    assert len(worker.output_topic.sent) == 1  # type: ignore[attr-defined]  # the next message goes on
    assert outcomes_add_up(process)


def test_a_raw_message_too_big_to_dead_letter_whole_keeps_a_truncated_original(tmp_path: Path) -> None:
    process, worker = worker_of(tmp_path)
    huge = orjson.dumps({**ARTICLE, "text": "x" * 1_600_000})
    feed(worker, Raw(huge))
    (record,) = dead_letters(worker)
    assert record["reason"] == "oversize" and record["original_truncated"] is True
    assert record["original_size_bytes"] == len(huge) and len(record["original_sha256"]) == 64
    assert outcomes_add_up(process)


def test_a_stage_output_that_cannot_be_encoded_is_dead_lettered(tmp_path: Path) -> None:
    def deep(article: Message) -> list[Message]:
        value: Any = []
        for _ in range(300):
            value = [value]
        return [{**with_language(article)[0], "extra": value}]

    process, worker = worker_of(tmp_path, deep)
    feed(worker, Raw(orjson.dumps(ARTICLE)))
    assert [record["reason"] for record in dead_letters(worker)] == ["encode"]
    assert outcomes_add_up(process)


def test_a_send_that_raises_dead_letters_the_message(tmp_path: Path) -> None:
    process, worker = worker_of(tmp_path)
    worker.output_topic.fail = True  # type: ignore[attr-defined]
    feed(worker, Raw(orjson.dumps(ARTICLE)))
    assert [record["reason"] for record in dead_letters(worker)] == ["send"]
    assert outcomes_add_up(process)


def test_a_dead_letter_that_cannot_be_sent_is_counted_and_the_worker_goes_on(tmp_path: Path) -> None:
    process, worker = worker_of(tmp_path)
    worker.deadletter_topic.fail = True  # type: ignore[attr-defined]
    feed(worker, Raw(b"not json"), Raw(orjson.dumps(ARTICLE), offset=1))
    assert sample(process, "deadletter_send_failures_total", reason="decode") == 1
    assert sample(process, "messages_processed_total", outcome="deadletter_failed") == 1
    assert outcomes_add_up(process)


def test_a_stage_over_its_budget_is_dead_lettered_as_timeout(tmp_path: Path) -> None:
    def endless(article: Message) -> list[Message]:
        while True:
            check_deadline()

    process, worker = worker_of(tmp_path, endless, stage_timeout_seconds=0.2)
    started = time.monotonic()
    feed(worker, Raw(orjson.dumps(ARTICLE)))
    assert time.monotonic() - started < 5
    assert [record["reason"] for record in dead_letters(worker)] == ["timeout"]
    assert sample(process, "stage_abandoned_total") == 0
    assert outcomes_add_up(process)


def test_a_stage_that_ignores_its_budget_is_abandoned_and_the_next_message_runs(tmp_path: Path) -> None:
    calls: list[str] = []

    def stuck_once(article: Message) -> list[Message]:
        calls.append(article["id"])
        if len(calls) == 1:
            time.sleep(1.5)  # no deadline check: the thread cannot be stopped
        return with_language(article)

    process, worker = worker_of(tmp_path, stuck_once, stage_timeout_seconds=0.1, stage_timeout_grace_seconds=0.1)
    feed(worker, Raw(orjson.dumps(ARTICLE)), Raw(orjson.dumps({**ARTICLE, "id": "a2"}), offset=1))
    assert [record["reason"] for record in dead_letters(worker)] == ["timeout"]
    assert [orjson.loads(value)["id"] for _, value in worker.output_topic.sent] == ["a2"]  # type: ignore[attr-defined]
    assert sample(process, "stage_abandoned_total") == 1
    assert outcomes_add_up(process)


def test_an_article_over_the_text_cap_is_refused_before_the_stage_runs(tmp_path: Path) -> None:
    calls: list[Message] = []
    process, worker = worker_of(tmp_path, lambda article: calls.append(article) or with_language(article),
                                max_text_chars=1000)
    feed(worker, Raw(orjson.dumps({**ARTICLE, "text": "Gao " * 1000})))
    assert [record["reason"] for record in dead_letters(worker)] == ["too_complex"] and calls == []
    assert outcomes_add_up(process)


def test_a_stage_failing_on_most_messages_pauses_and_says_why_until_a_probe_succeeds(tmp_path: Path) -> None:
    broken = {"now": True}

    def flaky(article: Message) -> list[Message]:
        if broken["now"]:
            raise KeyError("model missing")
        return with_language(article)

    process, worker = worker_of(tmp_path, flaky, breaker_window=10, breaker_min_messages=4, breaker_share=0.5,
                                breaker_cooldown_seconds=0.5)
    feed(worker, *(Raw(orjson.dumps(ARTICLE), offset=n) for n in range(4)))
    state = process.readiness()
    assert state["checks"]["dead_letter_breaker_closed"] is False and state["dead_letter_breaker_open"] == ["echo"]
    assert sample(process, "dead_letter_breaker_open") == 1
    broken["now"] = False
    started = time.monotonic()
    feed(worker, Raw(orjson.dumps(ARTICLE), offset=4))  # waits out the cool-down, then probes
    assert time.monotonic() - started >= 0.4
    assert "dead_letter_breaker_open" not in process.readiness() and sample(process, "dead_letter_breaker_open") == 0
    assert len(worker.output_topic.sent) == 1  # type: ignore[attr-defined]
    assert outcomes_add_up(process)
