"""Starts a worker process: wait for the broker and create topics, build the stage functions, run the faust app."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable

import faust

from services.core.app import WorkerProcess
from services.core.broker import free_port
from services.core.broker_wait import create_topics_when_broker_answers
from services.core.logs import configure_logging, logging_dict_config
from services.core.settings import Settings
from services.core.stage import StageSpec

log = logging.getLogger(__name__)


def build_worker_process(specs: Iterable[StageSpec], settings: Settings, bootstrap_servers: str, label: str,
                         web_port: int | None = None) -> WorkerProcess:
    """The worker with every given stage attached; stage models load here, before consuming starts."""
    process = WorkerProcess(settings, bootstrap_servers, label, web_port or settings.metrics_port or free_port())
    for spec in specs:
        log.info("loading stage %s", spec.name)
        process.attach(spec)
    return process


def run_worker_process(specs: list[StageSpec], settings: Settings, bootstrap_servers: str, label: str) -> None:
    """Wait for the broker (serving health meanwhile), create the topics, then run the stages until stopped."""
    configure_logging(settings.log_format, settings.log_level)
    web_port = settings.metrics_port or free_port()
    if not asyncio.run(create_topics_when_broker_answers(settings, bootstrap_servers, label, web_port)):
        return
    asyncio.set_event_loop(asyncio.new_event_loop())
    process = build_worker_process(specs, settings, bootstrap_servers, label, web_port)
    worker = faust.Worker(process.app, loglevel=settings.log_level,
                          logging_config=logging_dict_config(settings.log_format, settings.log_level))
    # At WARNING and above faust draws a start-up spinner and, for it, sets the root logger to DEBUG: every
    # debug record of faust, aiokafka and the worker, several per message, would be built and then dropped.
    worker.spinner = None
    worker.execute_from_commandline()
