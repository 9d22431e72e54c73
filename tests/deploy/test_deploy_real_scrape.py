"""A real Prometheus scrapes a real worker while articles flow; its counters equal what was published."""

from __future__ import annotations

import asyncio
from pathlib import Path

import orjson
import pytest
from prometheus_server import PrometheusServer

from services.core.metrics import CATALOGUE, PREFIX
from services.core.settings import Settings
from services.core.topics import ARTICLES_LANG, ARTICLES_RAW
from tests.kafka_helpers import produce, read_json, running_worker

pytestmark = [pytest.mark.deploy, pytest.mark.integration, pytest.mark.slow]

ARTICLES = [
    {"url": f"https://wire.example/{n}", "title": f"Report {n}",
     "text": f"Gunmen attacked a village near Gao on Friday, killing {n} people, officials said."}
    for n in range(1, 8)
]
BAD = [b"{broken", orjson.dumps({"text": "no url"})]


def test_prometheus_counts_what_was_published(
    bootstrap: str, isolated_env: dict[str, str], tmp_path: Path, prometheus_binaries: dict[str, str], repo: Path
) -> None:
    settings = Settings(topic_prefix=isolated_env["INCIDENT_STREAM_TOPIC_PREFIX"])
    with running_worker(bootstrap, ["worker", "language"], isolated_env, tmp_path) as worker:
        target = worker.metrics_url.removeprefix("http://")
        rules = [repo / "deploy" / "prometheus" / "alerts.yml"]
        with PrometheusServer({"worker-language": [target]}, rule_files=rules) as prometheus:
            prometheus.wait_for_targets()
            messages = [(a["url"].encode(), orjson.dumps(a)) for a in ARTICLES] + [(b"bad", value) for value in BAD]
            asyncio.run(produce(bootstrap, settings.topic(ARTICLES_RAW), messages))
            assert len(read_json(bootstrap, settings.topic(ARTICLES_LANG), expected=len(ARTICLES))) == len(ARTICLES)

            def total(expr: str, expected: float) -> float | None:
                return prometheus.wait_for(expr, lambda value: value == expected, timeout=60)

            assert total('sum(incident_stream_messages_in_total{stage="language"})', len(messages)) == len(messages)
            assert total('sum(incident_stream_messages_processed_total{stage="language",outcome="ok"})',
                         len(ARTICLES)) == len(ARTICLES)
            assert total('sum(incident_stream_deadletters_total{stage="language"})', len(BAD)) == len(BAD)
            assert total(f'sum(incident_stream_messages_out_total{{topic="{settings.topic(ARTICLES_LANG)}"}})',
                         len(ARTICLES)) == len(ARTICLES)
            assert prometheus.value('up{service="worker-language"}') == 1
            assert prometheus.value('sum(incident_stream_consumer_lag_messages{stage="language"})') is not None
            assert {group["name"] for group in prometheus.rules()}

        # The catalogue the dashboards and rules are checked against is what a worker really exports.
        exported = {line.split()[2] for line in worker.metrics_text().splitlines() if line.startswith("# TYPE")}
        missing = [spec.name for spec in CATALOGUE
                   if PREFIX + spec.name not in exported and PREFIX + spec.name.removesuffix("_total") not in exported]
        assert not missing
