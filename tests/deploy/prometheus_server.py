"""A real Prometheus for tests: Debian's `prometheus` binary on a free loopback port.

    with PrometheusServer({"worker-language": ["127.0.0.1:6066"]}) as prometheus:
        prometheus.wait_for('incident_stream_messages_in_total{stage="language"}', lambda v: v == 3)

It scrapes the given targets every second (job `incident-stream`, a `service` label per group, as in
deploy/prometheus/prometheus.yml), keeps its TSDB in a temporary directory, and answers instant
queries through the HTTP API. `ensure_prometheus()` installs the Debian package when it is absent.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Self

BINARIES = ("prometheus", "promtool")
APT_TIMEOUT_SECONDS = 900


class PrometheusUnavailable(RuntimeError):
    """Prometheus is not installed and cannot be installed here (no apt-get)."""


def ensure_prometheus() -> dict[str, str]:
    """Paths of `prometheus` and `promtool`, installing Debian's `prometheus` package if one is missing.

    Raises PrometheusUnavailable without apt-get, subprocess.CalledProcessError if apt fails.
    """
    if not all(shutil.which(name) for name in BINARIES):
        if shutil.which("apt-get") is None:
            raise PrometheusUnavailable(
                "prometheus/promtool are not on PATH and apt-get is not available to install Debian's "
                "`prometheus` package; install Prometheus 2.x so that both binaries are on PATH")
        sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        lock = ["-o", "DPkg::Lock::Timeout=300"]
        for command in (["apt-get", *lock, "update"],
                        ["apt-get", *lock, "install", "-y", "--no-install-recommends", "prometheus"]):
            subprocess.run(sudo + command, check=True, env=env, capture_output=True, text=True,
                           timeout=APT_TIMEOUT_SECONDS)
    paths = {name: shutil.which(name) for name in BINARIES}
    missing = [name for name, path in paths.items() if path is None]
    if missing:
        raise PrometheusUnavailable(f"Debian's prometheus package installed, but {missing} not on PATH")
    return {name: str(path) for name, path in paths.items()}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PrometheusServer:
    """One Prometheus process scraping `targets` (service name -> host:port list, or a plain list)."""

    def __init__(self, targets: Mapping[str, Sequence[str]] | Sequence[str], *, job: str = "incident-stream",
                 scrape_interval: str = "1s", rule_files: Sequence[Path] = (), binary: str | None = None,
                 startup_timeout: float = 30.0) -> None:
        self.targets = dict(targets) if isinstance(targets, Mapping) else {"": list(targets)}
        self.job = job
        self.scrape_interval = scrape_interval
        self.rule_files = [Path(path).resolve() for path in rule_files]
        self.binary = binary or shutil.which("prometheus") or "prometheus"
        self.startup_timeout = startup_timeout
        self.port = 0
        self.directory: Path | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._log: Any = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def config(self) -> dict[str, Any]:
        static_configs = [{"targets": list(addresses), **({"labels": {"service": service}} if service else {})}
                          for service, addresses in self.targets.items()]
        return {
            "global": {"scrape_interval": self.scrape_interval, "scrape_timeout": self.scrape_interval,
                       "evaluation_interval": self.scrape_interval},
            "rule_files": [str(path) for path in self.rule_files],
            "scrape_configs": [{"job_name": self.job, "static_configs": static_configs}],
        }

    def start(self) -> Self:
        self.directory = Path(tempfile.mkdtemp(prefix="prometheus-test-"))
        config_path = self.directory / "prometheus.yml"
        config_path.write_text(json.dumps(self.config(), indent=2))  # JSON is YAML
        self.port = free_port()
        self._log = (self.directory / "prometheus.log").open("wb")
        self._process = subprocess.Popen(
            [self.binary, f"--config.file={config_path}", f"--storage.tsdb.path={self.directory / 'data'}",
             f"--web.listen-address=127.0.0.1:{self.port}", "--log.level=warn"],
            stdout=self._log, stderr=subprocess.STDOUT)
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            assert self._process is not None
            if self._process.poll() is not None:
                raise RuntimeError(f"prometheus exited with {self._process.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/-/ready", timeout=1) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        self.stop()
        raise TimeoutError(f"prometheus not ready after {self.startup_timeout}s")

    def log(self) -> str:
        if self.directory is None or not (self.directory / "prometheus.log").exists():
            return ""
        return (self.directory / "prometheus.log").read_text(errors="replace")[-4000:]

    def api(self, path: str, **params: str) -> Any:
        """GET /api/v1/<path> and return its `data`, raising on an error status."""
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        with urllib.request.urlopen(f"{self.url}/api/v1/{path}{query}", timeout=10) as response:
            body = json.load(response)
        if body.get("status") != "success":
            raise RuntimeError(f"prometheus API {path}: {body}")
        return body["data"]

    def query(self, expr: str) -> list[dict[str, Any]]:
        """Instant query: [{"metric": {labels}, "value": [time, "text"]}, ...]."""
        data = self.api("query", query=expr)
        if data["resultType"] == "scalar":
            return [{"metric": {}, "value": data["result"]}]
        return list(data["result"])

    def value(self, expr: str) -> float | None:
        """The single value of an instant query, None when it returns nothing."""
        result = self.query(expr)
        if not result:
            return None
        if len(result) > 1:
            raise ValueError(f"{expr} returned {len(result)} series; aggregate it (e.g. sum(...))")
        return float(result[0]["value"][1])

    def wait_for(self, expr: str, predicate: Callable[[float | None], bool] = lambda value: value is not None,
                 timeout: float = 30.0) -> float | None:
        """Poll `value(expr)` until `predicate` holds; raise TimeoutError with the last value."""
        deadline = time.monotonic() + timeout
        value = None
        while time.monotonic() < deadline:
            value = self.value(expr)
            if predicate(value):
                return value
            time.sleep(0.2)
        raise TimeoutError(f"{expr} = {value} after {timeout}s\n{self.log()}")

    def wait_for_targets(self, timeout: float = 30.0) -> None:
        """Wait until every configured target has been scraped successfully."""
        expected = sum(len(addresses) for addresses in self.targets.values())
        self.wait_for(f'count(up{{job="{self.job}"}} == 1)', lambda value: value == expected, timeout)

    def rules(self) -> list[dict[str, Any]]:
        return [rule for group in self.api("rules")["groups"] for rule in group["rules"]]

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=5)
        self._process = None
        if self._log is not None:
            self._log.close()
            self._log = None
        if self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)
            self.directory = None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.stop()
