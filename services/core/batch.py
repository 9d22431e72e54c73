"""A batch of messages through a stage in its executor thread: one hand-off to the thread per batch instead
of one per message, while each message keeps its own budget (a Deadline from when it starts) and its own
outcome, so one that fails or times out ends alone and the others go on."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import Generic, TypeVar

from services.core.budget import Deadline

Outcome = TypeVar("Outcome")


class StageBatch(Generic[Outcome]):
    """`run` (in the stage thread) calls each step with a fresh Deadline, in order; the event loop reads
    `outcomes[i]` as they complete. `abandon` (from the loop) cancels the running step's deadline and
    stops the thread before the next step: a thread the worker gave up on must not go on with the batch."""

    def __init__(self, steps: Sequence[Callable[[Deadline], Outcome]], budget_seconds: float,
                 before: Callable[[], None] | None = None) -> None:
        self.steps = steps
        self.before = before  # run first, in the thread: reading the whole batch ahead, only to save time
        self.budget_seconds = budget_seconds
        self.outcomes: list[Future[Outcome]] = [Future() for _ in steps]
        self.abandoned = False
        self.current: Deadline | None = None

    def run(self) -> None:
        if self.before is not None and not self.abandoned:
            try:
                self.before()
            except Exception:  # noqa: BLE001, S110 -- each step still does on its own whatever was not done ahead
                pass
        for step, outcome in zip(self.steps, self.outcomes, strict=True):
            if self.abandoned or not outcome.set_running_or_notify_cancel():
                return
            self.current = Deadline(self.budget_seconds)
            if self.abandoned:  # abandoned while this step was starting
                self.current.cancel()
            try:
                outcome.set_result(step(self.current))
            except BaseException as error:  # noqa: BLE001 -- handed to the loop, which ends the message with it
                outcome.set_exception(error)

    def abandon(self) -> None:
        self.abandoned = True
        if self.current is not None:
            self.current.cancel()
