"""The PrometheusServer helper scrapes a real prometheus_client endpoint and answers queries."""

from __future__ import annotations

from pathlib import Path

import pytest
from prometheus_client import start_http_server
from prometheus_server import PrometheusServer

from services.core.metrics import Metrics

pytestmark = [pytest.mark.deploy, pytest.mark.slow]

ALERTS = Path(__file__).resolve().parents[2] / "deploy" / "prometheus" / "alerts.yml"


def test_scrapes_a_metrics_endpoint_and_queries_the_api(prometheus_binaries: dict[str, str]) -> None:
    metrics = Metrics()
    server, thread = start_http_server(0, addr="127.0.0.1", registry=metrics.registry)
    try:
        target = f"127.0.0.1:{server.server_port}"
        consumed = metrics.counter("messages_in_total").labels(stage="language")
        consumed.inc(3)
        prometheus = PrometheusServer({"worker-language": [target]}, rule_files=[ALERTS],
                                      binary=prometheus_binaries["prometheus"])
        with prometheus:
            prometheus.wait_for_targets()
            query = 'incident_stream_messages_in_total{job="incident-stream", service="worker-language", stage="language"}'
            assert prometheus.wait_for(query, lambda value: value == 3) == 3
            consumed.inc(2)
            assert prometheus.wait_for(query, lambda value: value == 5) == 5
            assert prometheus.value('process_resident_memory_bytes{service="worker-language"}') > 0
            assert prometheus.value(f'up{{instance="{target}"}}') == 1
            alerts = {rule["name"] for rule in prometheus.rules() if rule["type"] == "alerting"}
            assert "IncidentStreamConsumerStalled" in alerts
            directory = prometheus.directory
        assert not prometheus.running
        assert directory is not None and not directory.exists()
    finally:
        server.shutdown()
        thread.join(timeout=5)


def test_reports_a_dead_target(prometheus_binaries: dict[str, str]) -> None:
    with PrometheusServer(["127.0.0.1:1"], binary=prometheus_binaries["prometheus"]) as prometheus:
        assert prometheus.wait_for('up{job="incident-stream"}', lambda value: value == 0) == 0
