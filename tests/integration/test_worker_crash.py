"""A worker killed mid-stream and restarted loses nothing and produces the same keyed records (at-least-once)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import orjson
import pytest

from services.core.settings import Settings
from services.core.topics import ARTICLES_LANG, ARTICLES_RAW
from tests.kafka_helpers import produce, read_json, running_worker

pytestmark = [pytest.mark.integration, pytest.mark.slow]

COUNT = 400


def test_killed_language_worker_resumes_without_loss(bootstrap: str, isolated_env: dict[str, str], tmp_path: Path) -> None:
    settings = Settings(topic_prefix=isolated_env["INCIDENT_STREAM_TOPIC_PREFIX"])
    articles = [{"id": f"a{n:04d}", "url": f"https://wire.example/{n}",
                 "text": f"Report {n}: gunmen attacked a village near Gao on Friday, officials said."} for n in range(COUNT)]
    asyncio.run(produce(bootstrap, settings.topic(ARTICLES_RAW), [(a["id"].encode(), orjson.dumps(a)) for a in articles]))

    with running_worker(bootstrap, ["worker", "language"], isolated_env, tmp_path) as worker:
        deadline = time.monotonic() + 60
        while worker.metric("incident_stream_messages_processed_total") < COUNT // 4 and time.monotonic() < deadline:
            time.sleep(0.05)
        worker.process.kill()  # SIGKILL: no flush, no final commit
        worker.process.wait()

    with running_worker(bootstrap, ["worker", "language"], isolated_env, tmp_path):
        outputs = read_json(bootstrap, settings.topic(ARTICLES_LANG), expected=COUNT, timeout=120)

    by_id: dict[str, list[dict]] = {}
    for output in outputs:
        by_id.setdefault(output["id"], []).append(output)
    assert set(by_id) == {a["id"] for a in articles}, "an article was lost across the crash"
    for copies in by_id.values():  # redelivered articles give the same record under the same key
        assert all({k: v for k, v in c.items() if k != "ingest"} == {k: v for k, v in copies[0].items() if k != "ingest"}
                   for c in copies)
