"""`incident-stream process` and the streaming workers give the same records for the same articles."""

from __future__ import annotations

import asyncio
from pathlib import Path

import orjson
import pytest

from services.core.inprocess import InProcessPipeline
from services.core.pipeline import WORKERS
from services.core.settings import Settings
from services.core.topics import ARTICLES_GEO, ARTICLES_RAW, INCIDENT_EVENTS, INCIDENTS
from services.incidents.merge_state import MergeState
from services.ingest.reader import expand_paths, read_article_file
from tests.conftest import REPO
from tests.kafka_helpers import produce, read_json, running_worker

pytestmark = [pytest.mark.integration, pytest.mark.slow]

STREAM_ONLY_FIELDS = {"ingest"}


def comparable(record: dict) -> dict:
    return {key: value for key, value in record.items() if key not in STREAM_ONLY_FIELDS and key != "report_key"}


def incident_summary(incidents: list[dict]) -> dict[frozenset[str], tuple]:
    """Merged incidents by the set of reports they merged (ids depend on arrival order; content does not)."""
    return {
        frozenset(i["reports"]): (i["event_type"], i["sub_event_type"], i["event_date"], i["num_articles"],
                                  i["num_sources"], i["fatalities"]["best"], i["location"]["country_code"])
        for i in incidents
    }


def test_streaming_and_process_agree_on_every_seed(bootstrap: str, isolated_env: dict[str, str], tmp_path: Path) -> None:
    articles = [a for path in expand_paths([REPO / "seeds"]) for a in read_article_file(path).articles]
    settings = Settings(topic_prefix=isolated_env["INCIDENT_STREAM_TOPIC_PREFIX"])
    pipeline = InProcessPipeline(Settings())
    expected_articles, expected_events = {}, {}
    for article in articles:
        result = pipeline.run(article)
        assert result.failed_stage is None, (article["id"], result.error)
        assert result.article is not None
        expected_articles[article["id"]] = comparable(result.article)
        for event in result.incident_events:
            expected_events[event["incident_id"]] = comparable(event)

    merger = MergeState.configured(Settings())
    merged: dict[str, dict] = {}  # latest state per incident, as the compacted topic keeps it
    for article in articles:
        for event in pipeline.run(article).incident_events:
            incident, _, _ = merger.add(event)
            merged[incident["incident_id"]] = incident
    expected_incidents = incident_summary(list(merged.values()))

    stages = ",".join(WORKERS)  # every worker: the four stages and the merger
    with running_worker(bootstrap, ["run", "--stages", stages], isolated_env, tmp_path):
        asyncio.run(produce(bootstrap, settings.topic(ARTICLES_RAW),
                            [(a["id"].encode(), orjson.dumps(a)) for a in articles]))
        streamed_articles = read_json(bootstrap, settings.topic(ARTICLES_GEO), expected=len(articles), timeout=240)
        streamed_events = read_json(bootstrap, settings.topic(INCIDENT_EVENTS), expected=len(expected_events), timeout=120)
        latest: dict[str, dict] = {}
        for _ in range(30):
            for incident in read_json(bootstrap, settings.topic(INCIDENTS), expected=len(expected_incidents), timeout=60):
                latest[incident["incident_id"]] = incident
            if incident_summary(list(latest.values())) == expected_incidents:
                break

    assert {a["id"]: comparable(a) for a in streamed_articles} == expected_articles
    assert {e["incident_id"]: comparable(e) for e in streamed_events} == expected_events
    assert incident_summary(list(latest.values())) == expected_incidents
    assert all(article["ingest"]["topic"] == settings.topic(ARTICLES_RAW) for article in streamed_articles)
