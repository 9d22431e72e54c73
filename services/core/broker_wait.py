"""Waiting for a broker that is not there yet: the worker's health endpoints answer meanwhile
(/healthz 200, /readyz 503 with broker_reachable false), and topic creation is retried with capped,
jittered exponential backoff until the broker answers."""

from __future__ import annotations

import asyncio
import logging
import random
import signal

from aiohttp import web

from services.core.admin import ensure_topics
from services.core.settings import Settings

log = logging.getLogger(__name__)

WAITING_READINESS = {"ready": False, "checks": {"warmed_up": False, "broker_reachable": False,
                                                "partitions_assigned": False, "not_stalled": True},
                     "waiting_for": "broker"}


def next_delay(settings: Settings, attempt: int) -> float:
    """Capped exponential backoff, plus up to 50% jitter so a fleet of workers does not retry in step."""
    base = min(settings.broker_retry_max_seconds, settings.broker_retry_initial_seconds * 2.0 ** min(attempt, 30))
    return base * (1 + random.random() / 2)  # jitter, not cryptography


def waiting_app(label: str) -> web.Application:
    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({"alive": True, "stages": [], "waiting_for": "broker", "worker": label})

    async def readyz(request: web.Request) -> web.Response:
        return web.json_response(WAITING_READINESS, status=503)

    async def metrics(request: web.Request) -> web.Response:
        return web.Response(text="", content_type="text/plain")

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics)
    return app


async def create_topics_when_broker_answers(settings: Settings, bootstrap_servers: str, label: str, port: int) -> bool:
    """Create the topics, waiting for the broker as long as it takes; serve health meanwhile.
    False when SIGTERM or SIGINT arrived while waiting (the worker should exit cleanly)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    runner = web.AppRunner(waiting_app(label), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, settings.metrics_host, port).start()
    try:
        attempt = 0
        while not stop.is_set():
            try:
                await asyncio.wait_for(ensure_topics(settings, bootstrap_servers),
                                       settings.broker_probe_timeout_seconds * 4)
                if attempt:
                    log.info("broker %s answers, starting", bootstrap_servers, extra={"stage": label})
                return True
            except Exception as error:  # noqa: BLE001 -- refused, timed out, unknown host: all mean "wait"
                delay = next_delay(settings, attempt)
                log.warning("waiting for the broker %s (%s: %s), next try in %.1f s", bootstrap_servers,
                            type(error).__name__, error, delay, extra={"stage": label})
                attempt += 1
                try:
                    await asyncio.wait_for(stop.wait(), delay)
                except TimeoutError:
                    pass
        log.info("stopped while waiting for the broker", extra={"stage": label})
        return False
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)
        await runner.cleanup()
