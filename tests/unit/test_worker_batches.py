"""A batch of messages through a worker ends each message alone, in order: one bad message, one failing
stage call or one stage that ignores its budget ends in a dead letter, and the others in their outputs."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import orjson
import pytest

from services.core.batch import StageBatch
from services.core.budget import Deadline, check_deadline, running_within
from services.core.stage import Message
from services.core.worker import StageWorker
from tests.unit.test_worker_outcomes import (
    ARTICLE,
    Raw,
    dead_letters,
    outcomes_add_up,
    sample,
    with_language,
    worker_of,
)

pytestmark = pytest.mark.unit


def article(number: int) -> Raw:
    return Raw(orjson.dumps({**ARTICLE, "id": f"a{number}"}), key=f"a{number}".encode(), offset=number)


def feed_batch(worker: StageWorker, *messages: Raw) -> None:
    async def run() -> None:
        await worker.warm_up()
        await worker.handle_batch(list(messages))

    asyncio.run(run())


def sent_ids(worker: StageWorker) -> list[str]:
    return [orjson.loads(value)["id"] for _, value in worker.output_topic.sent]  # type: ignore[attr-defined]


def test_one_undecodable_message_in_a_batch_is_dead_lettered_alone(tmp_path: Path) -> None:
    process, worker = worker_of(tmp_path)
    feed_batch(worker, article(0), Raw(b"not json", offset=1), article(2))
    assert sent_ids(worker) == ["a0", "a2"]
    assert [(record["reason"], record["offset"]) for record in dead_letters(worker)] == [("decode", 1)]
    assert sample(process, "messages_in_total") == 3 and outcomes_add_up(process)


def test_a_stage_failing_on_one_message_of_a_batch_keeps_the_others_in_order(tmp_path: Path) -> None:
    def fails_on_a1(message: Message) -> list[Message]:
        if message["id"] == "a1":
            raise ValueError("bad article")
        return with_language(message)

    process, worker = worker_of(tmp_path, fails_on_a1)
    feed_batch(worker, *(article(n) for n in range(4)))
    assert sent_ids(worker) == ["a0", "a2", "a3"]
    assert [record["reason"] for record in dead_letters(worker)] == ["stage_error"]
    assert sample(process, "messages_processed_total", outcome="ok") == 3 and outcomes_add_up(process)


def test_a_stage_stuck_in_a_batch_is_abandoned_and_the_rest_of_the_batch_runs_once_on_a_new_thread(tmp_path: Path) -> None:
    release = threading.Event()
    calls: list[str] = []

    def stuck_on_a1(message: Message) -> list[Message]:
        calls.append(message["id"])
        if message["id"] == "a1":
            release.wait()  # no deadline check: the thread cannot be stopped
        return with_language(message)

    process, worker = worker_of(tmp_path, stuck_on_a1, stage_timeout_seconds=0.05, stage_timeout_grace_seconds=0.05)
    first_thread = worker.executor
    try:
        feed_batch(worker, *(article(n) for n in range(4)))
    finally:
        release.set()
    first_thread.shutdown(wait=True)  # the abandoned thread, released, must not go on with a2 and a3
    assert sent_ids(worker) == ["a0", "a2", "a3"]
    assert [record["reason"] for record in dead_letters(worker)] == ["timeout"]
    assert sample(process, "stage_abandoned_total") == 1 and outcomes_add_up(process)
    assert calls.count("a2") == 1 and calls.count("a3") == 1


def test_a_batch_step_runs_within_its_own_fresh_deadline() -> None:
    seen: list[Deadline] = []

    def step(deadline: Deadline) -> str:
        seen.append(deadline)
        with running_within(deadline):
            check_deadline()
        return "done"

    batch = StageBatch([step, step], budget_seconds=5.0)
    batch.run()
    assert [outcome.result() for outcome in batch.outcomes] == ["done", "done"]
    assert seen[0] is not seen[1] and seen[1].seconds == 5.0


def test_an_abandoned_batch_runs_no_further_step_and_cancels_the_running_one() -> None:
    ran: list[int] = []
    batch: StageBatch[int]

    def first(deadline: Deadline) -> int:
        ran.append(1)
        batch.abandon()  # the worker gives up while this step runs
        with running_within(deadline):
            check_deadline()
        return 1

    def second(deadline: Deadline) -> int:
        ran.append(2)
        return 2

    batch = StageBatch([first, second], budget_seconds=60.0)
    batch.run()
    assert ran == [1]
    assert type(batch.outcomes[0].exception()).__name__ == "StageTimeout"
    assert not batch.outcomes[1].done()


def test_a_batch_that_cannot_reach_its_stage_thread_dead_letters_every_message(tmp_path: Path) -> None:
    class ShutDownExecutor:
        def submit(self, *args: object) -> None:
            raise RuntimeError("cannot schedule new futures after interpreter shutdown")

    process, worker = worker_of(tmp_path)
    feed_batch(worker)  # warmed up on the real thread first
    worker.executor = ShutDownExecutor()  # type: ignore[assignment]
    feed_batch(worker, *(article(n) for n in range(3)))
    assert worker.output_topic.sent == []  # type: ignore[attr-defined]
    assert [record["offset"] for record in dead_letters(worker)] == [0, 1, 2]
    assert outcomes_add_up(process)


class PreparingStage:
    """A stage that reads its batch ahead (as the entity stage parses it with nlp.pipe); may fail at it."""

    def __init__(self, fails: bool) -> None:
        self.fails = fails
        self.prepared: list[list[str]] = []

    def prepare(self, messages: list[Message]) -> None:
        self.prepared.append([message["id"] for message in messages])
        if self.fails:
            raise RuntimeError("the batch model is broken")

    def __call__(self, message: Message) -> list[Message]:
        return with_language(message)


@pytest.mark.parametrize("fails", [False, True])
def test_a_stage_reading_its_batch_ahead_gets_the_valid_messages_once_and_each_still_ends_alone(
        tmp_path: Path, fails: bool) -> None:
    stage = PreparingStage(fails)
    process, worker = worker_of(tmp_path)
    worker.stage = stage
    feed_batch(worker, article(0), Raw(b"not json", offset=1), article(2), article(3))
    assert stage.prepared[-1] == ["a0", "a2", "a3"]  # the undecodable one is not prepared
    assert sent_ids(worker) == ["a0", "a2", "a3"]
    assert [record["reason"] for record in dead_letters(worker)] == ["decode"]
    assert outcomes_add_up(process)
