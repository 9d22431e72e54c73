"""Alert rules and scrape configuration pass promtool, and every alert has a firing unit test."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.deploy

PROMETHEUS_DIR = Path(__file__).resolve().parents[2] / "deploy" / "prometheus"


def promtool(binaries: dict[str, str], *args: str) -> str:
    result = subprocess.run([binaries["promtool"], *args], check=False, cwd=PROMETHEUS_DIR, capture_output=True, text=True,
                            timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"promtool {' '.join(args)} failed:\n{output}"
    return output


def alert_names() -> list[str]:
    rules = yaml.safe_load((PROMETHEUS_DIR / "alerts.yml").read_text())
    return [rule["alert"] for group in rules["groups"] for rule in group["rules"] if "alert" in rule]


def test_alert_rules_pass_promtool_check(prometheus_binaries: dict[str, str]) -> None:
    output = promtool(prometheus_binaries, "check", "rules", "alerts.yml")
    assert f"SUCCESS: {len(alert_names())} rules found" in output


def test_alert_unit_tests_pass(prometheus_binaries: dict[str, str]) -> None:
    output = promtool(prometheus_binaries, "test", "rules", "alerts_test.yml")
    assert "SUCCESS" in output


def test_scrape_config_passes_promtool_check(prometheus_binaries: dict[str, str]) -> None:
    output = promtool(prometheus_binaries, "check", "config", "prometheus.yml")
    assert "is valid prometheus config file syntax" in output


def test_every_alert_has_a_test_where_it_fires() -> None:
    tests = yaml.safe_load((PROMETHEUS_DIR / "alerts_test.yml").read_text())["tests"]
    firing = {case["alertname"] for test in tests for case in test.get("alert_rule_test", []) if case["exp_alerts"]}
    assert set(alert_names()) - firing == set()


def test_every_alert_is_explained_for_operators() -> None:
    readme = (PROMETHEUS_DIR.parent / "README.md").read_text()
    rules = yaml.safe_load((PROMETHEUS_DIR / "alerts.yml").read_text())
    for group in rules["groups"]:
        for rule in group["rules"]:
            assert rule["labels"]["severity"] in {"warning", "critical"}, rule["alert"]
            assert {"summary", "description"} <= set(rule["annotations"]), rule["alert"]
            assert rule["alert"] in readme, f"{rule['alert']} is not explained in deploy/README.md"
