"""Fixtures of the deployment tests: the Prometheus binaries, installed from Debian when absent."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from prometheus_server import PrometheusUnavailable, ensure_prometheus

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def prometheus_binaries() -> dict[str, str]:
    """{"prometheus": path, "promtool": path}; installs Debian's package, skips only without apt-get."""
    try:
        return ensure_prometheus()
    except PrometheusUnavailable as error:
        pytest.skip(str(error))
    except subprocess.CalledProcessError as error:
        pytest.fail(f"installing Debian's prometheus package failed: {error.cmd}\n{error.stderr}")


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO
