"""Starts a worker process: create topics, build the stage functions, run the faust app."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable

import faust

from services.core.admin import ensure_topics
from services.core.app import WorkerProcess
from services.core.broker import free_port
from services.core.logs import configure_logging, logging_dict_config
from services.core.settings import Settings
from services.core.stage import StageSpec

log = logging.getLogger(__name__)


def build_worker_process(specs: Iterable[StageSpec], settings: Settings, bootstrap_servers: str, label: str
                         ) -> WorkerProcess:
    """The worker with every given stage attached; stage models load here, before consuming starts."""
    process = WorkerProcess(settings, bootstrap_servers, label, settings.metrics_port or free_port())
    for spec in specs:
        log.info("loading stage %s", spec.name)
        process.attach(spec)
    return process


def run_worker_process(specs: list[StageSpec], settings: Settings, bootstrap_servers: str, label: str) -> None:
    configure_logging(settings.log_format, settings.log_level)
    asyncio.run(ensure_topics(settings, bootstrap_servers))
    asyncio.set_event_loop(asyncio.new_event_loop())
    process = build_worker_process(specs, settings, bootstrap_servers, label)
    worker = faust.Worker(process.app, loglevel=settings.log_level,
                          logging_config=logging_dict_config(settings.log_format, settings.log_level))
    worker.execute_from_commandline()
