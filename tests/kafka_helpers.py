"""Test helpers that talk to the real broker: produce, read a topic, run worker processes."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import orjson
from aiokafka import AIOKafkaProducer

from services.cli.tailing import read_topic
from services.core.broker import free_port
from services.core.kafka_security import kafka_client_options
from services.core.settings import Settings

REPO = Path(__file__).resolve().parents[1]


async def produce(bootstrap: str, topic: str, messages: list[tuple[bytes | None, bytes]],
                  settings: Settings | None = None) -> None:
    """Send each (key, value), connecting with the security of `settings` (default: the environment's)."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", max_request_size=8_000_000,
                                **kafka_client_options(settings or Settings()))
    await producer.start()
    try:
        for key, value in messages:
            await producer.send_and_wait(topic, value, key=key)
    finally:
        await producer.stop()


async def read_messages(bootstrap: str, topic: str, expected: int, timeout: float = 60.0,
                        settings: Settings | None = None) -> list[bytes]:
    """At least `expected` messages of the topic (all partitions), or whatever arrived before the timeout."""
    deadline = time.monotonic() + timeout
    values: list[bytes] = []
    while time.monotonic() < deadline:
        values = [record.value or b"" async for record in read_topic(bootstrap, topic, idle_seconds=1.0, settings=settings)]
        if len(values) >= expected:
            return values
        await asyncio.sleep(0.5)
    return values


def read_json(bootstrap: str, topic: str, expected: int, timeout: float = 60.0,
              settings: Settings | None = None) -> list[dict]:
    return [orjson.loads(value) for value in asyncio.run(read_messages(bootstrap, topic, expected, timeout, settings))]


@dataclass
class RunningWorker:
    process: subprocess.Popen[bytes]
    metrics_url: str
    log_path: Path

    def metrics_text(self) -> str:
        with urllib.request.urlopen(self.metrics_url + "/metrics", timeout=5) as response:
            return response.read().decode()

    def metric(self, name: str, **labels: str) -> float:
        """Sum of the samples of `name` whose labels include `labels`."""
        from prometheus_client.parser import text_string_to_metric_families

        total = 0.0
        for family in text_string_to_metric_families(self.metrics_text()):
            for sample in family.samples:
                if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                    total += sample.value
        return total

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def wait_ready(url: str, process: subprocess.Popen[bytes], log_path: Path, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"worker exited with {process.returncode}:\n{log_path.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url + "/readyz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"worker not ready after {timeout}s:\n{log_path.read_text()[-4000:]}")


def spawn_worker(bootstrap: str, command: list[str], env: dict[str, str], log_dir: Path) -> RunningWorker:
    """`incident-stream <command>` as a real process, started and not waited for."""
    port = free_port()
    log_path = log_dir / f"worker-{'-'.join(command)}-{port}.log"
    full_env = {**os.environ, **env, "INCIDENT_STREAM_BOOTSTRAP_SERVERS": bootstrap,
                "INCIDENT_STREAM_METRICS_PORT": str(port), "INCIDENT_STREAM_METRICS_HOST": "127.0.0.1",
                "INCIDENT_STREAM_DATA_DIR": str(log_dir / f"data-{port}"),
                # One gazetteer for every worker of the session: it is read-only once built.
                "INCIDENT_STREAM_GAZETTEER_PATH": os.environ.get(
                    "INCIDENT_STREAM_GAZETTEER_PATH", str(REPO / ".incident-stream" / "gazetteer.sqlite"))}
    with log_path.open("wb") as log_file:
        process = subprocess.Popen([sys.executable, "-m", "services.cli.main", *command], env=full_env,
                                   stdout=log_file, stderr=subprocess.STDOUT, cwd=REPO)
    return RunningWorker(process, f"http://127.0.0.1:{port}", log_path)


@contextmanager
def running_worker(bootstrap: str, command: list[str], env: dict[str, str], log_dir: Path) -> Iterator[RunningWorker]:
    """`incident-stream <command>` as a real process, ready (partitions assigned) before the body runs."""
    worker = spawn_worker(bootstrap, command, env, log_dir)
    try:
        wait_ready(worker.metrics_url, worker.process, worker.log_path)
        yield worker
    finally:
        stop_process(worker.process)


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL after 30 s: a worker that hangs on shutdown must not hang the test run."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
