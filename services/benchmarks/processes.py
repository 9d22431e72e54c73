"""Worker processes of a benchmark: started with their own metrics port, scraped, measured from /proc."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from services.core.broker import free_port

MB = 1024 * 1024
Scrape = defaultdict[tuple[str, str], float]


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far, from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident set size (VmHWM) in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def scrape(port: int) -> Scrape:
    """(metric sample name, stage label) -> value, summed over the other labels."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        text = response.read().decode()
    values: Scrape = defaultdict(float)
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            values[(sample.name, sample.labels.get("stage", ""))] += sample.value
    return values


def ready(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


@dataclass
class Worker:
    name: str
    process: subprocess.Popen[bytes]
    port: int


@dataclass
class WorkerGroup:
    """`incident-stream` worker processes on one broker and topic prefix, logging to `log_dir`."""

    bootstrap: str
    topic_prefix: str
    log_dir: Path
    partitions: int
    group_prefix: str = field(default_factory=lambda: f"bench-{free_port()}")
    workers: list[Worker] = field(default_factory=list)

    def start(self, name: str, command: list[str]) -> Worker:
        port = free_port()
        env = {**os.environ, "INCIDENT_STREAM_BOOTSTRAP_SERVERS": self.bootstrap,
               "INCIDENT_STREAM_METRICS_PORT": str(port), "INCIDENT_STREAM_METRICS_HOST": "127.0.0.1",
               "INCIDENT_STREAM_TOPIC_PREFIX": self.topic_prefix, "INCIDENT_STREAM_LOG_LEVEL": "WARNING",
               "INCIDENT_STREAM_CONSUMER_GROUP_PREFIX": self.group_prefix,
               "INCIDENT_STREAM_PARTITIONS": str(self.partitions)}
        self.log_dir.mkdir(parents=True, exist_ok=True)
        with (self.log_dir / f"{name}-{port}.log").open("wb") as log:
            process = subprocess.Popen([sys.executable, "-m", "services.cli.main", *command], env=env,
                                       stdout=log, stderr=subprocess.STDOUT)
        worker = Worker(name, process, port)
        self.workers.append(worker)
        return worker

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        for worker in self.workers:
            while not ready(worker.port):
                if worker.process.poll() is not None:
                    raise RuntimeError(f"worker {worker.name} exited {worker.process.returncode}; logs in {self.log_dir}")
                if time.monotonic() > deadline:
                    raise TimeoutError(f"worker {worker.name} not ready after {timeout}s; logs in {self.log_dir}")
                time.sleep(0.5)

    def scrape(self) -> Scrape:
        total: Scrape = defaultdict(float)
        for worker in self.workers:
            for key, value in scrape(worker.port).items():
                total[key] += value
        return total

    def cpu(self) -> dict[str, float]:
        return {worker.name: cpu_seconds(worker.process.pid) for worker in self.workers}

    def peak_rss(self) -> dict[str, float]:
        return {worker.name: peak_rss_mb(worker.process.pid) for worker in self.workers}

    def stop(self) -> None:
        for worker in self.workers:
            worker.process.terminate()
        for worker in self.workers:
            try:
                worker.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.process.kill()
                worker.process.wait()
        self.workers.clear()
