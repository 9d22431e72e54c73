"""A worker started before its broker waits for it (health up, not ready, JSON logs) and starts work
when it appears; a running worker whose broker stops answering says so on /readyz."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import orjson
import pytest

from services.core.broker import EmbeddedTansu, free_port
from services.core.settings import Settings
from services.core.topics import ARTICLES_LANG, ARTICLES_RAW
from tests.fault_helpers import get_json, proxied_broker, wait_until
from tests.kafka_helpers import produce, read_json, running_worker, spawn_worker, stop_process, wait_ready

pytestmark = [pytest.mark.integration, pytest.mark.faults]

ARTICLE = {"id": "late-1", "url": "https://wire.example/late-1",
           "text": "Gunmen attacked a village near Gao on Friday, killing five people, officials said."}


def test_worker_started_before_its_broker_waits_and_then_works(isolated_env: dict[str, str], tmp_path: Path) -> None:
    port = free_port()
    bootstrap = f"127.0.0.1:{port}"
    env = {**isolated_env, "INCIDENT_STREAM_BROKER_RETRY_MAX_SECONDS": "2"}
    worker = spawn_worker(bootstrap, ["worker", "language"], env, tmp_path)
    broker = EmbeddedTansu(port=port)
    try:
        wait_until(lambda: get_json(worker.metrics_url + "/healthz")[0] == 200, timeout=60)
        status, readiness = get_json(worker.metrics_url + "/readyz")
        assert status == 503 and readiness["checks"]["broker_reachable"] is False
        wait_until(lambda: "waiting for the broker" in worker.log(), timeout=30)
        assert worker.process.poll() is None, worker.log()
        lines = [line for line in worker.log().splitlines() if line.strip()]
        assert all(json.loads(line)["level"] for line in lines), "every log line is a JSON object"
        assert "Traceback" not in worker.log()

        broker.start()
        wait_ready(worker.metrics_url, worker.process, worker.log_path, timeout=120)
        settings = Settings(topic_prefix=isolated_env["INCIDENT_STREAM_TOPIC_PREFIX"])
        asyncio.run(produce(bootstrap, settings.topic(ARTICLES_RAW), [(ARTICLE["id"].encode(), orjson.dumps(ARTICLE))]))
        outputs = read_json(bootstrap, settings.topic(ARTICLES_LANG), expected=1, timeout=60)
        assert [output["id"] for output in outputs] == [ARTICLE["id"]]
    finally:
        stop_process(worker.process)
        broker.stop()


def test_readiness_notices_a_broker_that_stops_answering(isolated_env: dict[str, str], tmp_path: Path) -> None:
    env = {**isolated_env, "INCIDENT_STREAM_BROKER_PROBE_INTERVAL_SECONDS": "1",
           "INCIDENT_STREAM_BROKER_PROBE_TIMEOUT_SECONDS": "2"}
    with proxied_broker() as (_, proxy), running_worker(proxy.address, ["worker", "language"], env, tmp_path) as worker:
        proxy.blackhole()

        def reports_broker_unreachable() -> bool:
            status, body = get_json(worker.metrics_url + "/readyz")
            return status == 503 and body["checks"]["broker_reachable"] is False

        took = wait_until(reports_broker_unreachable, timeout=15)
        assert took < 15
        assert worker.process.poll() is None
        proxy.blackhole(False)
        proxy.cut()  # connections that lost bytes in the blackhole are out of step: clients reconnect
        wait_ready(worker.metrics_url, worker.process, worker.log_path, timeout=90)
