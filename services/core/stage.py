"""What a stage is: a pure function over plain dicts, plus where it reads and writes.

A stage knows nothing of Kafka. Enrichment stages return the one enriched article; the incident
extraction stage returns zero or more incident events. Workers and `incident-stream process`
both call stages through `StageSpec.build(settings)`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from services.core.settings import Settings

Message = dict[str, Any]
StageFunction = Callable[[Message], list[Message]]


def new_ingest_warnings(article: Message, outputs: list[Message]) -> list[dict[str, str]]:
    """The `ingest_warnings` a stage added: an input field it could not use, noted on its output instead
    of refusing the article ({"field": ..., "reason": ...}); the worker counts them."""
    before = article.get("ingest_warnings") or []
    return [warning for output in outputs for warning in output.get("ingest_warnings") or []
            if isinstance(warning, dict) and warning not in before]


class StageError(Exception):
    """A stage could not process this input; the worker dead-letters it with this message."""


def build_identity_stage(settings: Settings) -> StageFunction:
    """A stage that passes its input on unchanged (re-keying, and measuring the worker's own cost)."""

    def identity(message: Message) -> list[Message]:
        return [message]

    return identity


@dataclass(frozen=True)
class StageSpec:
    name: str
    input_topic: str
    output_topic: str
    input_schema: str
    output_schema: str
    key_field: str
    builder: str  # "module:function" taking Settings, returning a StageFunction; imported lazily
    warms_up: bool = True  # run on sample inputs before the worker is ready; False for stages with state

    def build(self, settings: Settings) -> StageFunction:
        module_name, _, function_name = self.builder.partition(":")
        factory: Callable[[Settings], StageFunction] = getattr(importlib.import_module(module_name), function_name)
        return factory(settings)
