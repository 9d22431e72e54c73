"""The one shape of an ACLED rule: what it reads (`RuleInput`) and the table entry (`Rule`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class RuleInput:
    """One sentence or snippet as the rules see it: demands already blanked, and the class scores so far
    (the cue sums, then each earlier rule's output)."""

    text: str
    language: str
    scores: Mapping[str, float]


RuleFunction = Callable[[RuleInput], dict[str, float]]


@dataclass(frozen=True)
class Rule:
    """A named ACLED rule: a pure function from the scores so far to the new scores."""

    name: str
    apply: RuleFunction
