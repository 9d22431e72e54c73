"""`incident-stream replay` re-publishes articles.raw to the running pipeline: every article is processed
again, and the incidents come back as the same incidents (no new id, no duplicate)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import orjson
import pytest

from services.core.pipeline import WORKERS
from services.core.settings import Settings
from services.core.topics import ARTICLES_GEO, ARTICLES_RAW, INCIDENTS
from services.ingest.reader import expand_paths, read_article_file
from tests.kafka_helpers import REPO, produce, read_json, running_worker

pytestmark = [pytest.mark.integration, pytest.mark.faults]


def replay(bootstrap: str, env: dict[str, str], *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "services.cli.main", "replay", *options], check=False,
                          cwd=REPO, text=True,
                          capture_output=True, timeout=120,
                          env={**os.environ, **env, "INCIDENT_STREAM_BOOTSTRAP_SERVERS": bootstrap})


def latest_incidents(bootstrap: str, topic: str) -> dict[str, dict]:
    latest: dict[str, dict] = {}
    for incident in read_json(bootstrap, topic, expected=1, timeout=30):
        latest[incident["incident_id"]] = incident
    return latest


def merger_caught_up(run: Any, deadline: float) -> None:
    while run.metric("incident_stream_messages_in_total", stage="merge") < run.metric(
            "incident_stream_messages_out_total", stage="merge-route"):
        assert time.monotonic() < deadline, "the merger did not catch up"
        time.sleep(1)


def test_replay_from_the_start_updates_incidents_without_duplicates(bootstrap: str, isolated_env: dict[str, str],
                                                                    tmp_path: Path) -> None:
    articles = [a for path in expand_paths([REPO / "seeds"]) for a in read_article_file(path).articles]
    settings = Settings(topic_prefix=isolated_env["INCIDENT_STREAM_TOPIC_PREFIX"])
    stages = ["run", "--stages", ",".join(WORKERS)]
    with running_worker(bootstrap, stages, isolated_env, tmp_path) as pipeline:
        asyncio.run(produce(bootstrap, settings.topic(ARTICLES_RAW), [(a["id"].encode(), orjson.dumps(a)) for a in articles]))
        read_json(bootstrap, settings.topic(ARTICLES_GEO), expected=len(articles), timeout=240)
        time.sleep(5)  # the last events reach the merger
        merger_caught_up(pipeline, time.monotonic() + 120)
        before = latest_incidents(bootstrap, settings.topic(INCIDENTS))
        assert before
        reports_before = pipeline.metric("incident_stream_incidents_merged_total")

        replayed = replay(bootstrap, isolated_env, "--from", "earliest")
        assert replayed.returncode == 0, replayed.stderr

        deadline = time.monotonic() + 240
        while pipeline.metric("incident_stream_messages_processed_total", stage="language") < 2 * len(articles):
            assert time.monotonic() < deadline, "the replay did not reprocess every article"
            time.sleep(1)
        while pipeline.metric("incident_stream_incidents_merged_total") < 2 * reports_before:
            assert time.monotonic() < deadline, "the merger did not see every replayed report"
            time.sleep(1)
        merger_caught_up(pipeline, deadline)
        assert pipeline.metric("incident_stream_incidents_merged_total", outcome="duplicate") > 0
    # Retention may have forgotten old seeds' incidents: their replay counts as "new" in the merger, yet
    # comes back under the same incident id, so the compacted topic holds no duplicate.
    after = latest_incidents(bootstrap, settings.topic(INCIDENTS))
    assert set(after) == set(before), "the replay created incidents"
    for incident_id, incident in after.items():
        assert incident["num_articles"] == before[incident_id]["num_articles"]
        assert incident["fatalities"] == before[incident_id]["fatalities"]
