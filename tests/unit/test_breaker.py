"""The dead-letter breaker: opens when most recent messages fail for the stage's own fault, pauses for a
cool-down, then lets one probe decide."""

from __future__ import annotations

import pytest

from services.core.breaker import CLOSED, HALF_OPEN, OPEN, DeadLetterBreaker

pytestmark = pytest.mark.unit


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def breaker(clock: Clock) -> DeadLetterBreaker:
    return DeadLetterBreaker(window=10, share=0.5, min_messages=4, cooldown_seconds=30, clock=clock)


def test_bad_input_never_opens_it() -> None:
    subject = breaker(Clock())
    for reason in ["decode", "utf8", "schema", "oversize", "too_complex"] * 4:
        subject.record(reason)
    assert subject.state == CLOSED and subject.seconds_until_probe() == 0


def test_it_opens_above_the_share_of_stage_faults_once_enough_messages_were_seen() -> None:
    subject = breaker(Clock())
    for reason in ["stage_error", "timeout", "encode"]:
        subject.record(reason)
    assert subject.state == CLOSED  # three messages: below the minimum
    subject.record(None)
    assert subject.state == OPEN  # 3 of 4 are faults
    subject = breaker(Clock())
    for reason in [None, "stage_error", None, "stage_error"]:
        subject.record(reason)
    assert subject.state == CLOSED  # exactly half is not more than half
    subject.record("timeout")
    assert subject.state == OPEN and subject.seconds_until_probe() == 30 and subject.last_reason == "timeout"


def test_after_the_cool_down_one_probe_closes_or_reopens_it() -> None:
    clock = Clock()
    subject = breaker(clock)
    for _ in range(4):
        subject.record("stage_error")
    assert subject.state == OPEN
    clock.now = 30
    assert subject.state == HALF_OPEN and subject.seconds_until_probe() == 0
    subject.before_message()
    subject.record("stage_error")  # the probe failed: another cool-down
    assert subject.state == OPEN and subject.seconds_until_probe() == 30
    clock.now = 60
    subject.before_message()
    subject.record(None)
    assert subject.state == CLOSED
    subject.record("stage_error")  # the window was cleared: one fault does not reopen it
    assert subject.state == CLOSED
