"""Per-message budgets a stage keeps cooperatively: a deadline its expensive loops check, and caps on
how many things one article may hold.

A Python thread cannot be killed, so a stage running in a worker's executor stops by itself: the
worker sets a deadline in the thread before calling the stage, and every loop whose length grows with
the input calls `check_deadline()`, which raises StageTimeout once the deadline has passed or the
worker cancelled it (shutdown, or it stopped waiting). Outside a worker no deadline is set and
`check_deadline` costs a context-variable read.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from services.core.wire import InvalidMessage


class StageTimeout(Exception):
    """The stage spent its per-message budget; the worker dead-letters the message."""

    reason = "timeout"


class TooComplex(InvalidMessage):
    """The article holds more of something than a stage handles per message (a cap): bad input, refused
    early, at decoding or by the stage before its expensive part."""

    reason = "too_complex"


class Deadline:
    """When a message's budget ends; `cancel()` ends it now (from any thread)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expires = time.monotonic() + seconds
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True

    def check(self) -> None:
        if self.cancelled:
            raise StageTimeout(f"stopped after {self.seconds:g} s budget was cancelled (worker stopping or gave up)")
        if time.monotonic() > self.expires:
            raise StageTimeout(f"over the per-message budget of {self.seconds:g} s")


_current: ContextVar[Deadline | None] = ContextVar("stage_deadline", default=None)


@contextmanager
def running_within(deadline: Deadline) -> Iterator[Deadline]:
    """Make `deadline` the one `check_deadline` sees in this thread (or task) for the block."""
    token = _current.set(deadline)
    try:
        yield deadline
    finally:
        _current.reset(token)


def check_deadline() -> None:
    """Raise StageTimeout when the current message's budget is spent; call it in loops over the input."""
    deadline = _current.get()
    if deadline is not None:
        deadline.check()


def check_cap(what: str, count: int, cap: int) -> None:
    """Refuse an article holding more than `cap` of `what` (0: no cap)."""
    if cap and count > cap:
        raise TooComplex(f"{count} {what} exceed the cap of {cap} per article")
