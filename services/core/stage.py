"""What a stage is: a pure function over plain dicts, plus where it reads and writes.

A stage knows nothing of Kafka. Enrichment stages return the one enriched article; the incident
extraction stage returns zero or more incident events. Workers and `incident-stream process`
both call stages through `StageSpec.build`. Its schemas are its topics' (services.core.topics).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from services.core.metrics import Metrics
from services.core.settings import Settings
from services.core.topics import TOPICS_BY_NAME

Message = dict[str, Any]
StageFunction = Callable[[Message], list[Message]]
Table = MutableMapping[str, Any]

log = logging.getLogger(__name__)


def prepare_batch(stage: StageFunction, messages: Sequence[Message]) -> None:
    """Let a stage that reads many messages more cheaply at once (spaCy's `nlp.pipe`) do so before they are
    processed one by one: a stage function may have a `prepare(messages)` method for that. The call per
    message still gives the answer, so budgets, failures and dead letters stay per message; a preparation
    that fails only costs its speed-up."""
    prepare: Callable[[Sequence[Message]], None] | None = getattr(stage, "prepare", None)
    if prepare is None or len(messages) < 2:
        return
    try:
        prepare(messages)
    except Exception as error:  # noqa: BLE001 -- each message is processed (and fails, if it must) on its own
        log.warning("batch preparation failed, processing one by one: %s: %s", type(error).__name__, error)


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


def no_timer(seconds: float, callback: Callable[[], None]) -> None:
    """Outside a worker (`process`, tests) nothing runs periodically."""


@dataclass(frozen=True)
class StageContext:
    """What the builder of a stage with state receives: its tables by name (faust tables in a worker,
    plain dicts elsewhere), the worker's metrics (None outside a worker) and `every(seconds, callback)`,
    which runs a callback periodically on the worker's event loop."""

    settings: Settings
    tables: Mapping[str, Table]
    metrics: Metrics | None = None
    every: Callable[[float, Callable[[], None]], None] = field(default=no_timer)


@dataclass(frozen=True)
class StageSpec:
    name: str
    input_topic: str
    output_topic: str
    key_field: str
    # "module:function", imported lazily: takes Settings and returns a StageFunction, or takes a
    # StageContext when the stage declares tables.
    builder: str
    worker: str = ""  # the worker (`incident-stream worker NAME`) that runs this stage; its own name by default
    tables: tuple[str, ...] = ()  # faust tables the stage keeps its state in (changelog topics are named after them)
    # Run on the event loop, not in the stage's executor: for cheap stages writing tables, since faust
    # sends a table's changelog with the producer it flushes before committing, so state and offsets agree.
    inline: bool = False
    warms_up: bool = True  # run on sample inputs before the worker is ready; False when a sample would become state

    @property
    def worker_name(self) -> str:
        return self.worker or self.name

    @property
    def input_schema(self) -> str:
        return TOPICS_BY_NAME[self.input_topic].schema

    @property
    def output_schema(self) -> str:
        return TOPICS_BY_NAME[self.output_topic].schema

    @property
    def reads_upstream(self) -> bool:
        return TOPICS_BY_NAME[self.input_topic].upstream

    @property
    def reads_articles(self) -> bool:
        topic = TOPICS_BY_NAME[self.input_topic]
        return topic.upstream or topic.records_stages

    @property
    def enriches_articles(self) -> bool:
        return TOPICS_BY_NAME[self.output_topic].records_stages

    def build(self, settings: Settings, context: StageContext | None = None) -> StageFunction:
        """The stage function; a stage with tables gets them from `context` (plain dicts without one)."""
        module_name, _, function_name = self.builder.partition(":")
        factory: Callable[[Any], StageFunction] = getattr(importlib.import_module(module_name), function_name)
        if not self.tables:
            return factory(settings)
        return factory(context or StageContext(settings, {name: {} for name in self.tables}))
