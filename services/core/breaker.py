"""A circuit breaker on dead letters (after arroyo's DlqLimit): a stage that dead-letters most of what
it reads is more likely broken (a bad deploy, a missing model) than fed bad input, so it pauses
instead of dead-lettering a whole topic.

Only reasons that point at the stage count (`STAGE_FAULTS`); bad input (decode, utf8, schema,
oversize, too_complex) is the producer's fault and a burst of it must not stop good messages.
Closed: every outcome is recorded. Open: the stage pauses for the cool-down. Half-open: one message
probes; its outcome closes the breaker (window cleared) or opens it for another cool-down.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

STAGE_FAULTS = frozenset({"stage_error", "timeout", "encode", "send"})

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half_open"


class DeadLetterBreaker:
    """Decides, from the outcomes of a stage's recent messages, whether it may consume."""

    def __init__(self, window: int, share: float, min_messages: int, cooldown_seconds: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.share = share
        self.min_messages = min(min_messages, window)
        self.cooldown_seconds = cooldown_seconds
        self.clock = clock
        self._faults: deque[bool] = deque(maxlen=window)
        self._opened_at: float | None = None
        self._probing = False
        self.last_reason: str | None = None

    @property
    def state(self) -> str:
        if self._opened_at is None:
            return CLOSED
        return HALF_OPEN if self._probing or self.clock() - self._opened_at >= self.cooldown_seconds else OPEN

    def seconds_until_probe(self) -> float:
        """0 when a message may be processed now; else how long the stage stays paused."""
        if self._opened_at is None or self._probing:
            return 0.0
        return max(0.0, self._opened_at + self.cooldown_seconds - self.clock())

    def before_message(self) -> None:
        """Call when a message is let through; after a cool-down it is the half-open probe."""
        if self._opened_at is not None and self.seconds_until_probe() == 0.0:
            self._probing = True

    def record(self, dead_letter_reason: str | None) -> None:
        """The outcome of one message: None when it produced its outputs, else its dead-letter reason."""
        fault = dead_letter_reason in STAGE_FAULTS
        if dead_letter_reason is not None and fault:
            self.last_reason = dead_letter_reason
        if self._probing:
            self._probing = False
            if fault:
                self._opened_at = self.clock()
            else:
                self._opened_at = None
                self._faults.clear()
            return
        self._faults.append(fault)
        if self._opened_at is None and self._trips():
            self._opened_at = self.clock()

    def _trips(self) -> bool:
        count = len(self._faults)
        return count >= self.min_messages and sum(self._faults) > self.share * count
