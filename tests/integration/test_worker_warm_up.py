"""A worker is not ready until its stages have warmed up, and a stage that cannot warm up stops the worker."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from services.core.broker import free_port
from tests.conftest import REPO
from tests.kafka_helpers import stop_process

pytestmark = [pytest.mark.integration, pytest.mark.slow]

WARM_UP_SECONDS = 8.0


def readyz(url: str) -> tuple[int, dict[str, Any]] | None:
    try:
        with urllib.request.urlopen(url + "/readyz", timeout=2) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())
    except OSError:
        return None  # not listening yet


def start(kind: str, bootstrap: str, env: dict[str, str], log_dir: Path) -> tuple[subprocess.Popen[bytes], str, Path]:
    port = free_port()
    log_path = log_dir / f"{kind}.log"
    full_env = {**os.environ, **env, "INCIDENT_STREAM_BOOTSTRAP_SERVERS": bootstrap, "INCIDENT_STREAM_METRICS_PORT": str(port),
                "INCIDENT_STREAM_METRICS_HOST": "127.0.0.1", "INCIDENT_STREAM_DATA_DIR": str(log_dir / "data"),
                "WARM_UP_SECONDS": str(WARM_UP_SECONDS)}
    with log_path.open("wb") as log_file:
        process = subprocess.Popen([sys.executable, "-m", "tests.integration.warmup_worker", kind], env=full_env,
                                   stdout=log_file, stderr=subprocess.STDOUT, cwd=REPO)
    return process, f"http://127.0.0.1:{port}", log_path


def test_readyz_says_warming_up_until_the_stage_is_warm(bootstrap: str, isolated_env: dict[str, str], tmp_path: Path) -> None:
    process, url, log_path = start("slow", bootstrap, isolated_env, tmp_path)
    started = time.monotonic()
    answers: list[tuple[float, int, dict[str, Any]]] = []
    try:
        while time.monotonic() - started < 90 and process.poll() is None:
            answer = readyz(url)
            if answer is not None:
                answers.append((time.monotonic() - started, *answer))
                if answer[0] == 200:
                    break
            time.sleep(0.25)
        assert answers and answers[-1][1] == 200, log_path.read_text()[-3000:]
        with urllib.request.urlopen(url + "/metrics", timeout=5) as response:
            metrics = response.read().decode()
    finally:
        stop_process(process)
    warming = [body for _, status, body in answers if status == 503 and not body["checks"]["warmed_up"]]
    assert warming and warming[0]["warming_up_stages"] == ["slow-warm-up"]
    ready_after, _, ready = answers[-1]
    assert ready["checks"]["warmed_up"] and ready["warming_up_stages"] == []
    assert ready_after >= WARM_UP_SECONDS
    line = next(line for line in metrics.splitlines() if line.startswith("incident_stream_stage_warmup_seconds{"))
    assert float(line.rsplit(" ", 1)[1]) >= WARM_UP_SECONDS
    assert "stage slow-warm-up warmed up in" in log_path.read_text()


def test_a_stage_that_cannot_warm_up_stops_the_worker(bootstrap: str, isolated_env: dict[str, str], tmp_path: Path) -> None:
    process, url, log_path = start("broken", bootstrap, isolated_env, tmp_path)
    statuses = set()
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and process.poll() is None:
            answer = readyz(url)
            if answer is not None:
                statuses.add(answer[0])
            time.sleep(0.25)
    finally:
        stop_process(process)
    log = log_path.read_text()
    assert process.returncode not in (0, None), log[-3000:]
    assert 200 not in statuses
    assert "warm-up failed" in log and "model file not found" in log
