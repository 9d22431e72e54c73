"""Every PromQL expression in the alert rules and dashboards names only metrics the workers export."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from prometheus_client import CollectorRegistry, GCCollector, PlatformCollector, ProcessCollector
from promql_names import grafana_variable_expr, label_names, metric_names, series_metric_name

from services.core import metrics as catalogue

pytestmark = pytest.mark.deploy

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
DASHBOARDS = sorted((DEPLOY / "grafana" / "dashboards").glob("*.json"))
# Labels Prometheus adds to every scraped series (job, instance; service from our relabelling) and
# the histogram bucket label.
TARGET_LABELS = {"job", "instance", "service", "le"}


def exported_names() -> set[str]:
    """The catalogue's names, prometheus_client's default collectors' names, and `up`."""
    registry = CollectorRegistry()
    for collector in (ProcessCollector, PlatformCollector, GCCollector):
        collector(registry=registry)
    defaults = {sample.name for family in registry.collect() for sample in family.samples}
    return catalogue.metric_names() | defaults | {"up"}


def known_labels() -> set[str]:
    return {label for spec in catalogue.CATALOGUE for label in spec.labels} | TARGET_LABELS


def rule_expressions() -> Iterator[tuple[str, str]]:
    rules = yaml.safe_load((DEPLOY / "prometheus" / "alerts.yml").read_text())
    for group in rules["groups"]:
        for rule in group["rules"]:
            yield f"alerts.yml {rule.get('alert') or rule.get('record')}", rule["expr"]


def dashboard_expressions(node: Any, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        title = f"{where} / {node['title']}" if isinstance(node.get("title"), str) else where
        if isinstance(node.get("expr"), str):
            yield title, node["expr"]
        if node.get("type") == "query" and isinstance(node.get("query"), dict):
            yield f"{where} / variable {node['name']}", grafana_variable_expr(node["query"]["query"])
        for value in node.values():
            yield from dashboard_expressions(value, title)
    elif isinstance(node, list):
        for item in node:
            yield from dashboard_expressions(item, where)


def all_expressions() -> list[tuple[str, str]]:
    found = list(rule_expressions())
    for path in DASHBOARDS:
        found += dashboard_expressions(json.loads(path.read_text()), path.name)
    return found


def test_dashboards_and_rules_have_expressions() -> None:
    assert {path.name for path in DASHBOARDS} == {"pipeline.json", "analysts.json"}
    where = {place.split(" ")[0] for place, _ in all_expressions()}
    assert {"alerts.yml", "pipeline.json", "analysts.json"} <= where


@pytest.mark.parametrize(("where", "expr"), all_expressions(), ids=lambda value: str(value)[:60])
def test_expression_names_only_exported_metrics(where: str, expr: str) -> None:
    names = metric_names(expr)
    assert names, f"{where}: no metric found in {expr!r}"
    assert names - exported_names() == set(), f"{where}: unknown metrics in {expr!r}"
    assert label_names(expr) - known_labels() == set(), f"{where}: unknown labels in {expr!r}"


def test_alert_unit_test_series_are_exported_metrics() -> None:
    tests = yaml.safe_load((DEPLOY / "prometheus" / "alerts_test.yml").read_text())["tests"]
    series = {series_metric_name(item["series"]) for test in tests for item in test["input_series"]}
    assert series - exported_names() == set()


def test_name_extraction_catches_unknown_names() -> None:
    expr = ('sum by (stage) (rate(incident_stream_mesages_in_total{stage=~"$stage"}[$__rate_interval]))'
            ' / on (stage) group_left sum by (stage) (incident_stream_messages_in_total offset 5m) > 1e3')
    assert metric_names(expr) == {"incident_stream_mesages_in_total", "incident_stream_messages_in_total"}
    assert metric_names(expr) - exported_names() == {"incident_stream_mesages_in_total"}
    assert label_names('sum by (stages) (up{jb="x"})') - known_labels() == {"stages", "jb"}


def test_committed_dashboards_are_the_generator_output() -> None:
    spec = importlib.util.spec_from_file_location("grafana_generate", DEPLOY / "grafana" / "generate.py")
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = generate  # dataclasses look their module up while the class is built
    spec.loader.exec_module(generate)
    for name, build in generate.DASHBOARDS.items():
        committed = (DEPLOY / "grafana" / "dashboards" / name).read_text(encoding="utf-8")
        assert committed == generate.render(build), f"run python deploy/grafana/generate.py ({name} is stale)"


def test_pipeline_dashboard_has_the_four_rows() -> None:
    dashboard = json.loads((DEPLOY / "grafana" / "dashboards" / "pipeline.json").read_text())
    rows = [panel["title"] for panel in dashboard["panels"] if panel["type"] == "row"]
    assert rows == ["Stages: rate, errors, duration", "Freshness", "Kafka health", "Saturation"]
    ids = [panel["id"] for panel in dashboard["panels"]]
    assert len(ids) == len(set(ids))
