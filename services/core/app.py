"""The faust application of a worker process: its stages, HTTP endpoints, sensors and timers."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

import faust
from faust.exceptions import ConsumerNotStarted
from faust.web.base import BlueprintManager
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from services.core.admin import broker_answers
from services.core.faust_transport import FetchWaitTransport
from services.core.kafka_security import faust_credentials, kafka_client_options
from services.core.metrics import Metrics
from services.core.settings import Settings
from services.core.stage import StageContext, StageFunction, StageSpec
from services.core.worker import StageWorker

log = logging.getLogger(__name__)

LAG_INTERVAL_SECONDS = 5.0
LOOP_TICK_SECONDS = 1.0


class PrometheusSensor(faust.Sensor):
    """Counts what faust itself does: commits and rebalances."""

    def __init__(self, metrics: Metrics, label: str) -> None:
        super().__init__()
        self.metrics = metrics
        self.stage_label = label

    def on_commit_completed(self, consumer: Any, state: Any) -> None:
        self.metrics.counter("commits_total").labels(stage=self.stage_label).inc()

    def on_rebalance_start(self, app: Any) -> dict[str, Any]:
        self.metrics.counter("rebalances_total").labels(stage=self.stage_label).inc()
        return {}


def create_app(settings: Settings, bootstrap_servers: str, label: str, web_port: int) -> faust.App:
    (settings.data_dir / label).mkdir(parents=True, exist_ok=True)
    app = faust.App(
        f"{settings.consumer_group_prefix}-{label}",
        broker=[f"kafka://{server.strip()}" for server in bootstrap_servers.split(",")],
        broker_credentials=faust_credentials(kafka_client_options(settings)),
        store=settings.table_store,
        datadir=str(settings.data_dir / label),
        web_enabled=True,
        web_bind=settings.metrics_host,
        web_port=web_port,
        web_host=settings.metrics_host,
        topic_disable_leader=True,
        topic_partitions=settings.partitions,
        topic_replication_factor=settings.replication_factor,
        consumer_auto_offset_reset="earliest",
        broker_session_timeout=settings.session_timeout_seconds,
        broker_rebalance_timeout=settings.rebalance_timeout_seconds,
        broker_heartbeat_interval=max(1.0, settings.session_timeout_seconds / 5),
        broker_commit_every=100,
        broker_commit_interval=1.0,
        producer_acks=-1,
        producer_linger=settings.producer_linger_seconds,
        producer_max_request_size=settings.max_output_bytes() + 4096,
        consumer_max_fetch_size=max(settings.max_message_bytes * 2, 4_194_304),
    )
    app.transport = FetchWaitTransport(app, settings.consumer_fetch_max_wait_seconds)
    # faust's own pages (/router/, /table/<name>/<key>/ with whole table records, /) are not ours to serve:
    # the HTTP server answers /metrics, /healthz and /readyz only.
    app.web.blueprints = BlueprintManager()
    return app


class WorkerProcess:
    """A faust app hosting one or more stage workers, with /metrics, /healthz and /readyz."""

    def __init__(self, settings: Settings, bootstrap_servers: str, label: str, web_port: int) -> None:
        self.settings = settings
        self.label = label
        self.metrics = Metrics()
        self.app = create_app(settings, bootstrap_servers, label, web_port)
        self.app.sensors.add(PrometheusSensor(self.metrics, label))
        self.stage_workers: list[StageWorker] = []
        self.loop_lag = 0.0
        self.warm_up_error: str | None = None
        self.bootstrap_servers = bootstrap_servers
        self.broker_answering = True  # the last metadata probe's answer (consumer state misses a silent broker)
        self._lag_series: dict[str, set[tuple[str, str, str]]] = {}
        self._register_pages()
        self.app.timer(LAG_INTERVAL_SECONDS)(self._update_lag)
        self.app.timer(settings.broker_probe_interval_seconds)(self._probe_broker)
        self.app.task(self._measure_loop_lag)
        self.app.task(self._warm_up)

    def attach(self, spec: StageSpec) -> StageWorker:
        """Build the stage (with this worker's tables, metrics and timers when it keeps state) and consume its input."""
        tables = {name: self.app.Table(name, default=None, partitions=self.settings.partitions) for name in spec.tables}
        return self.add_stage(spec, spec.build(self.settings, StageContext(self.settings, tables, self.metrics, self.every)))

    def add_stage(self, spec: StageSpec, stage: StageFunction) -> StageWorker:
        worker = StageWorker(self.app, spec, stage, self.settings, self.metrics)
        self.stage_workers.append(worker)
        return worker

    def every(self, seconds: float, callback: Callable[[], None]) -> None:
        """Run `callback` every `seconds` on the event loop."""

        async def tick() -> None:
            callback()

        self.app.timer(seconds, name=f"{self.label}-{callback.__qualname__}")(tick)

    async def _warm_up(self) -> None:
        """Warm every stage up (each in its own executor, concurrently); a failure crashes the worker."""
        try:
            await asyncio.gather(*(worker.warm_up() for worker in self.stage_workers))
        except Exception as error:  # noqa: BLE001 -- whatever broke a warm-up, the worker must not serve
            self.warm_up_error = f"{type(error).__name__}: {error}"
            log.critical("warm-up failed, the worker stops: %s", self.warm_up_error, extra={"worker": self.label})
            await self.app.crash(error)

    async def _probe_broker(self) -> None:
        answering = await broker_answers(self.settings, self.bootstrap_servers)
        if answering != self.broker_answering:
            log.warning("broker %s %s", self.bootstrap_servers, "answers again" if answering else "stopped answering",
                        extra={"stage": self.label})
        self.broker_answering = answering

    async def _update_lag(self) -> None:
        lag_gauge = self.metrics.gauge("consumer_lag_messages")
        for worker in self.stage_workers:
            lags = await worker.partition_lags()
            current = {(worker.spec.name, tp.topic, str(tp.partition)) for tp in lags}
            # Partitions lost in a rebalance stop being this worker's lag: drop their series.
            for labels in self._lag_series.get(worker.spec.name, set()) - current:
                lag_gauge.remove(*labels)
            self._lag_series[worker.spec.name] = current
            for tp, lag in lags.items():
                lag_gauge.labels(stage=worker.spec.name, topic=tp.topic, partition=str(tp.partition)).set(lag)
            self.metrics.gauge("assigned_partitions").labels(stage=worker.spec.name).set(len(lags))

    async def _measure_loop_lag(self) -> None:
        while True:
            started = time.monotonic()
            await asyncio.sleep(LOOP_TICK_SECONDS)
            self.loop_lag = max(0.0, time.monotonic() - started - LOOP_TICK_SECONDS)
            for worker in self.stage_workers:
                self.metrics.gauge("event_loop_lag_seconds").labels(stage=worker.spec.name).set(self.loop_lag)

    def readiness(self) -> dict[str, Any]:
        consumer_started = self.app.consumer is not None and getattr(self.app.consumer, "_active_partitions", None) is not None
        try:
            assignment = self.app.consumer.assignment() if consumer_started else set()
        except ConsumerNotStarted:  # the consumer object exists before its thread does
            consumer_started, assignment = False, set()
        stalled = [worker.spec.name for worker in self.stage_workers if self._is_stalled(worker)]
        warming = [worker.spec.name for worker in self.stage_workers if not worker.warmed_up.is_set()]
        breaker_open = [worker.spec.name for worker in self.stage_workers if worker.breaker_open]
        checks = {
            "warmed_up": not warming,
            "broker_reachable": consumer_started and not self.app.rebalancing and self.broker_answering,
            "partitions_assigned": len(assignment) > 0,
            "not_stalled": not stalled,
            "dead_letter_breaker_closed": not breaker_open,
        }
        state = {"ready": all(checks.values()), "checks": checks, "stalled_stages": stalled,
                 "warming_up_stages": warming, "assigned_partitions": len(assignment)}
        if breaker_open:  # most recent messages dead-lettered for the stage's own fault: paused, see services.core.breaker
            state["dead_letter_breaker_open"] = breaker_open
        if self.warm_up_error:
            state["warm_up_error"] = self.warm_up_error
        return state

    def _is_stalled(self, worker: StageWorker) -> bool:
        idle = time.monotonic() - worker.last_processed_monotonic
        if idle < self.settings.stall_seconds:
            return False
        lag_gauge = self.metrics.gauge("consumer_lag_messages")
        return any(
            sample.value > 0
            for metric in lag_gauge.collect() for sample in metric.samples
            if sample.labels.get("stage") == worker.spec.name
        )

    def _register_pages(self) -> None:
        app = self.app

        @app.page("/metrics")
        async def metrics_page(web: Any, request: Any) -> Any:
            return web.bytes(generate_latest(self.metrics.registry), content_type=CONTENT_TYPE_LATEST.split(";")[0])

        @app.page("/healthz")
        async def liveness(web: Any, request: Any) -> Any:
            return web.json({"alive": True, "stages": [worker.spec.name for worker in self.stage_workers]})

        @app.page("/readyz")
        async def readiness(web: Any, request: Any) -> Any:
            state = self.readiness()
            return web.json(state, status=200 if state["ready"] else 503)
