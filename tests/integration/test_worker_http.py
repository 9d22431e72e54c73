"""A worker's HTTP server answers /metrics, /healthz and /readyz only: faust's own pages (a table's records,
the router) are not served."""

from __future__ import annotations

import asyncio
import urllib.error
import urllib.request
from pathlib import Path

import orjson
import pytest

from services.core.schemas import schema_dir
from services.core.settings import Settings
from services.core.topics import INCIDENT_EVENTS, INCIDENTS
from tests.kafka_helpers import produce, read_json, running_worker

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_only_metrics_and_health_pages_are_served(bootstrap: str, isolated_env: dict[str, str], tmp_path: Path) -> None:
    settings = Settings(topic_prefix=isolated_env["INCIDENT_STREAM_TOPIC_PREFIX"])
    event = orjson.loads((schema_dir() / "examples" / "incident_event" / "valid_seed_main.json").read_bytes())
    with running_worker(bootstrap, ["run", "--stages", "merge"], isolated_env, tmp_path) as worker:
        asyncio.run(produce(bootstrap, settings.topic(INCIDENT_EVENTS), [(event["incident_id"].encode(), orjson.dumps(event))]))
        incident_id = read_json(bootstrap, settings.topic(INCIDENTS), expected=1)[0]["incident_id"]
        ours = {path: status(worker.metrics_url + path) for path in ("/metrics", "/healthz", "/readyz")}
        faust_pages = {path: status(worker.metrics_url + path) for path in (
            f"/table/incidents-by-id/{incident_id}/", "/table/incidents-by-id/", "/table/", "/router/", "/", "/graph/",
            "/stats/", "/performance/")}
    assert ours == {"/metrics": 200, "/healthz": 200, "/readyz": 200}
    assert set(faust_pages.values()) == {404}, faust_pages
