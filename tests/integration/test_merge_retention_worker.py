"""The merge worker forgets incidents past its retention horizon: deletions reach the changelog as tombstones."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import orjson
import pytest

from services.cli.tailing import read_topic
from services.core.schemas import schema_dir
from services.core.settings import Settings
from services.core.topics import INCIDENT_EVENTS, INCIDENTS
from tests.kafka_helpers import produce, read_json, running_worker

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def event(number: int, event_date: str) -> dict:
    sample = orjson.loads((schema_dir() / "examples" / "incident_event" / "valid_seed_main.json").read_bytes())
    sample.update(incident_id=f"incident-{number}", article_id=f"article-{number}", url=f"https://wire.example/{number}",
                  event_date=event_date, published_at=f"{event_date}T12:00:00+00:00")
    sample["location"] = {**sample["location"], "name": f"place {number}", "admin1": f"admin {number}",
                          "latitude": 10.0 + number, "geonameid": None}
    return sample


async def changelog(bootstrap: str, topic: str) -> list[tuple[str, bytes | None]]:
    return [((record.key or b"").decode(), record.value) async for record in read_topic(bootstrap, topic, idle_seconds=2.0)]


def test_old_incidents_are_evicted_with_tombstones(bootstrap: str, isolated_env: dict[str, str], tmp_path: Path) -> None:
    env = {**isolated_env, "INCIDENT_STREAM_MERGE_RETENTION_DAYS": "5"}
    settings = Settings(topic_prefix=env["INCIDENT_STREAM_TOPIC_PREFIX"])
    old = [event(n, f"2019-11-0{n}") for n in range(1, 4)]
    with running_worker(bootstrap, ["run", "--stages", "merge"], env, tmp_path) as worker:
        asyncio.run(produce(bootstrap, settings.topic(INCIDENT_EVENTS), [(e["incident_id"].encode(), orjson.dumps(e)) for e in old]))
        assert len(read_json(bootstrap, settings.topic(INCIDENTS), expected=3, timeout=60)) == 3

        def entries() -> float:
            return worker.metric("incident_stream_merge_table_entries", table="incidents-by-id")

        deadline = time.monotonic() + 30
        while entries() != 3 and time.monotonic() < deadline:
            time.sleep(0.5)
        before = entries()
        newer = event(9, "2019-11-20")  # same country: the watermark moves 17 days past the three
        asyncio.run(produce(bootstrap, settings.topic(INCIDENT_EVENTS), [(b"incident-9", orjson.dumps(newer))]))
        deadline = time.monotonic() + 30
        while worker.metric("incident_stream_merge_evictions_total", table="incidents-by-id") < 3 and time.monotonic() < deadline:
            time.sleep(0.5)
        evicted = worker.metric("incident_stream_merge_evictions_total", table="incidents-by-id")
        while entries() != 1 and time.monotonic() < deadline:
            time.sleep(0.5)
        after = entries()

    assert (before, evicted, after) == (3, 3, 1)
    topic = f"{env['INCIDENT_STREAM_CONSUMER_GROUP_PREFIX']}-pipeline-incidents-by-id-changelog"
    records = asyncio.run(changelog(bootstrap, topic))
    tombstones = {key for key, value in records if value is None}
    evicted_ids = {f"incident-{n}" for n in (1, 2, 3)}
    assert evicted_ids <= {key.strip('"') for key in tombstones}, records[-6:]
    # The incidents topic still holds their last state: forgetting is internal to the merger.
    kept = {i["incident_id"] for i in read_json(bootstrap, settings.topic(INCIDENTS), 4)}
    assert evicted_ids | {"incident-9"} <= kept
