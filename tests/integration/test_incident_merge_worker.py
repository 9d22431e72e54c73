"""Reports of one attack from several articles become one incident on the compacted `incidents` topic."""

from __future__ import annotations

import asyncio
from pathlib import Path

import orjson
import pytest

from services.core.pipeline import WORKERS
from services.core.settings import Settings
from services.core.topics import ARTICLES_RAW, INCIDENTS
from services.ingest.reader import read_article_file
from tests.conftest import REPO, SEED_ARTICLE
from tests.kafka_helpers import produce, read_json, running_worker

pytestmark = [pytest.mark.integration, pytest.mark.slow]

REWRITE = REPO / "seeds" / "010_en_indelimane_rewrite.txt"


def latest(incidents: list[dict]) -> dict[str, dict]:
    state: dict[str, dict] = {}
    for incident in incidents:
        state[incident["incident_id"]] = incident
    return state


def test_seed_twice_plus_a_rewrite_is_one_incident(bootstrap: str, isolated_env: dict[str, str], tmp_path: Path) -> None:
    seed = read_article_file(SEED_ARTICLE).articles[0]
    rewrite = read_article_file(REWRITE).articles[0]
    settings = Settings(topic_prefix=isolated_env["INCIDENT_STREAM_TOPIC_PREFIX"])
    stages = ",".join(WORKERS)  # every worker: the four stages and the merger
    messages = [(a["id"].encode(), orjson.dumps(a)) for a in (seed, seed, rewrite)]
    with running_worker(bootstrap, ["run", "--stages", stages], isolated_env, tmp_path) as worker:
        asyncio.run(produce(bootstrap, settings.topic(ARTICLES_RAW), messages[:2]))
        asyncio.run(produce(bootstrap, settings.topic(ARTICLES_RAW), messages[2:]))
        deadline_incidents: dict[str, dict] = {}
        for _ in range(60):
            deadline_incidents = latest(read_json(bootstrap, settings.topic(INCIDENTS), expected=1, timeout=60))
            counts = [i["num_articles"] for i in deadline_incidents.values() if i.get("main")]
            if 3 in counts:
                break
        assert worker.metric("incident_stream_incidents_merged_total", outcome="duplicate") == 0

    mains = [i for i in deadline_incidents.values() if i["location"]["country_code"] == "ML" and i["event_date"] == "2019-11-01"]
    assert len(mains) == 1, [(i["event_date"], i["sub_event_type"], i["num_articles"]) for i in deadline_incidents.values()]
    attack = mains[0]
    assert attack["num_articles"] == 3
    assert attack["num_sources"] == 2
    assert set(attack["article_ids"]) == {seed["id"], rewrite["id"]}
    assert attack["fatalities"]["best"] == 49
    assert attack["event_type"] == "Battles"


def test_a_killed_and_restarted_merger_creates_no_duplicate(
    bootstrap: str, isolated_env: dict[str, str], tmp_path: Path
) -> None:
    from services.core.topics import INCIDENT_EVENTS

    seed = read_article_file(SEED_ARTICLE).articles[0]
    settings = Settings(topic_prefix=isolated_env["INCIDENT_STREAM_TOPIC_PREFIX"])
    stages = ",".join(WORKERS)  # every worker: the four stages and the merger
    with running_worker(bootstrap, ["run", "--stages", stages], isolated_env, tmp_path) as worker:
        asyncio.run(produce(bootstrap, settings.topic(ARTICLES_RAW), [(seed["id"].encode(), orjson.dumps(seed))]))
        events = read_json(bootstrap, settings.topic(INCIDENT_EVENTS), expected=2, timeout=120)
        first = latest(read_json(bootstrap, settings.topic(INCIDENTS), expected=len(events), timeout=60))
        worker.process.kill()  # no clean shutdown, no final commit
        worker.process.wait()

    with running_worker(bootstrap, ["run", "--stages", "merge"], isolated_env, tmp_path) as restarted:
        # Redeliver every event, as an uncommitted batch is redelivered after a crash.
        asyncio.run(produce(bootstrap, settings.topic(INCIDENT_EVENTS),
                            [(e["incident_id"].encode(), orjson.dumps(e)) for e in events]))
        # Events whose offsets the killed worker had not committed come back as well: the restarted
        # merger sees each event once or twice, and either rebuilds the same incident under the same id
        # (state not yet in the changelog) or recognises the replayed report (a duplicate).
        def merged() -> float:
            return restarted.metric("incident_stream_incidents_merged_total")

        for _ in range(120):
            if merged() >= len(events) and restarted.metric("incident_stream_incidents_merged_total",
                                                           outcome="duplicate") >= 1:
                break
            asyncio.run(asyncio.sleep(0.5))
        assert merged() >= len(events)
        assert restarted.metric("incident_stream_incidents_merged_total", outcome="merged") == 0
        after = latest(read_json(bootstrap, settings.topic(INCIDENTS), expected=len(first), timeout=30))

    assert set(after) == set(first), "a restart created an incident under a new id"
    assert all(incident["num_articles"] == 1 for incident in after.values()), "a replayed report was counted twice"
