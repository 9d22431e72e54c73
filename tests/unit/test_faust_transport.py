"""The worker's consumer fetches with the configured wait, not faust's fixed 1.5 s (each pipeline hop
waited up to 0.75 s on a broker that holds fetches)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from services.core.app import WorkerProcess
from services.core.settings import Settings

pytestmark = pytest.mark.unit


def test_the_worker_consumer_fetches_with_the_configured_wait(tmp_path: Path) -> None:
    async def created_consumer_wait() -> int:
        settings = Settings(data_dir=tmp_path, consumer_fetch_max_wait_seconds=0.02)
        process = WorkerProcess(settings, "127.0.0.1:1", "unit", 6066)
        thread = process.app.consumer._thread  # type: ignore[attr-defined]
        consumer = thread._create_worker_consumer(process.app.transport)
        wait: int = consumer._fetch_max_wait_ms
        return wait

    assert asyncio.run(created_consumer_wait()) == 20
