"""docker-compose.yml follows the Compose Specification and runs every stage the way operators expect."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from services.core.pipeline import WORKERS
from services.core.settings import Settings

pytestmark = pytest.mark.deploy

REPO = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((Path(__file__).with_name("compose-spec.json")).read_text())
WORKER_STAGES = list(WORKERS)
HEAVY_STAGES = {"entities", "geocoding"}
SECRET_KEY = re.compile(r"PASSWORD|SECRET|TOKEN|CREDENTIAL", re.IGNORECASE)
VARIABLE = re.compile(r"\$(?:\{(?P<braced>[A-Za-z_]\w*)(?P<op>:?[-?])?(?P<arg>[^}]*)\}|(?P<bare>[A-Za-z_]\w*)|(?P<dollar>\$))")


def interpolate(node: Any, env: dict[str, str]) -> Any:
    """Compose variable substitution: ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, $$."""
    if isinstance(node, dict):
        return {key: interpolate(value, env) for key, value in node.items()}
    if isinstance(node, list):
        return [interpolate(item, env) for item in node]
    if not isinstance(node, str):
        return node

    def substitute(match: re.Match[str]) -> str:
        if match.group("dollar"):
            return "$"
        name = match.group("braced") or match.group("bare")
        op, arg = match.group("op") or "", match.group("arg") or ""
        value = env.get(name)
        unset_or_empty = not value if op.startswith(":") else value is None
        if op.endswith("-") and unset_or_empty:
            return arg
        if op.endswith("?") and unset_or_empty:
            raise ValueError(f"required variable {name}: {arg}")
        return value or ""

    return VARIABLE.sub(substitute, node)


def env_example() -> dict[str, str]:
    env = {}
    for line in (REPO / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            env[key.strip()] = value.strip()
    return env


def variables_used(text: str) -> set[str]:
    return {match.group("braced") or match.group("bare") for match in VARIABLE.finditer(text)} - {None}


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    return yaml.safe_load((REPO / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def compose(raw: dict[str, Any]) -> dict[str, Any]:
    """The file as `docker compose` sees it after `cp .env.example .env` and setting the password."""
    env = env_example() | {"GRAFANA_ADMIN_PASSWORD": "not-a-real-password"}
    return interpolate(raw, env)


def validator() -> jsonschema.protocols.Validator:
    return jsonschema.Draft201909Validator(SCHEMA)


def test_compose_file_validates_against_the_compose_specification(raw: dict[str, Any],
                                                                  compose: dict[str, Any]) -> None:
    for document in (raw, compose):
        errors = [f"{error.json_path}: {error.message}" for error in validator().iter_errors(document)]
        assert errors == []


def test_the_schema_rejects_what_compose_rejects(compose: dict[str, Any]) -> None:
    broken = copy.deepcopy(compose)
    broken["services"]["worker-language"]["helthcheck"] = broken["services"]["worker-language"].pop("healthcheck")
    broken["services"]["kafka"]["restart"] = ["always"]
    assert len(list(validator().iter_errors(broken))) >= 2


def test_every_stage_runs_as_its_own_worker_service(compose: dict[str, Any]) -> None:
    commands = {name: service.get("command") for name, service in compose["services"].items()}
    for stage in WORKER_STAGES:
        assert commands.get(f"worker-{stage}") == ["worker", stage]
    assert commands["topics"] == ["topics", "create"]


def test_the_worker_services_are_the_pipeline_tables_workers(compose: dict[str, Any]) -> None:
    workers = {name: service.get("command") for name, service in compose["services"].items()
               if name.startswith("worker-") or (service.get("command") or [None])[0] == "worker"}
    assert workers == {f"worker-{name}": ["worker", name] for name in WORKERS}
    assert [stage.name for stage in WORKERS["merge"]] == ["merge-route", "merge"]


def test_workers_wait_for_topics_restart_and_report_health(compose: dict[str, Any]) -> None:
    for stage in WORKER_STAGES:
        service = compose["services"][f"worker-{stage}"]
        assert service["depends_on"]["topics"] == {"condition": "service_completed_successfully"}
        assert service["restart"] in {"always", "unless-stopped", "on-failure"}
        assert "6066/healthz" in " ".join(service["healthcheck"]["test"])
        assert service["environment"]["INCIDENT_STREAM_BOOTSTRAP_SERVERS"] == "kafka:9092"
        replicas = service.get("deploy", {}).get("replicas", 1)
        assert replicas >= 2 if stage in HEAVY_STAGES else replicas == 1
        assert "ports" not in service, "replicated workers cannot publish a fixed host port"


def test_long_running_services_have_healthchecks_and_restart_policies(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        if name == "topics":
            assert service["restart"] == "on-failure"
            continue
        assert "healthcheck" in service, name
        assert service["restart"] in {"always", "unless-stopped"}, name


def test_kafka_runs_kraft_on_a_named_volume(compose: dict[str, Any]) -> None:
    kafka = compose["services"]["kafka"]
    assert kafka["image"].startswith("apache/kafka:")
    assert "controller" in kafka["environment"]["KAFKA_PROCESS_ROLES"]
    assert kafka["environment"]["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] == "false"
    volume = kafka["volumes"][0].split(":")[0]
    assert volume in compose["volumes"]


def test_named_volumes_are_declared_and_bind_mounts_exist(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        for mount in service.get("volumes", []):
            source = mount.split(":")[0]
            if source.startswith("."):
                assert (REPO / source).exists(), f"{name}: {source} does not exist"
            else:
                assert source in compose["volumes"], f"{name}: volume {source} is not declared"


def test_no_credentials_in_the_file(raw: dict[str, Any]) -> None:
    env = env_example()
    for name, service in raw["services"].items():
        for key, value in (service.get("environment") or {}).items():
            if SECRET_KEY.search(key):
                assert re.fullmatch(r"\$\{\w+(:?[?-][^}]*)?\}", str(value)), f"{name}.{key} is a literal"
                assert env[variables_used(str(value)).pop()] == "", f"{key} must be empty in .env.example"


def test_env_example_lists_every_variable_and_only_those(raw: dict[str, Any]) -> None:
    used = variables_used(json.dumps(raw))
    declared = set(env_example())
    assert used - declared == set()
    assert declared - used - {"COMPOSE_PROJECT_NAME"} == set()


def test_worker_environment_names_real_settings(compose: dict[str, Any]) -> None:
    fields = {f"INCIDENT_STREAM_{name.upper()}" for name in Settings.model_fields}
    for stage in WORKER_STAGES:
        environment = compose["services"][f"worker-{stage}"]["environment"]
        unknown = {key for key in environment if key.startswith("INCIDENT_STREAM_")} - fields
        assert unknown == set()


def test_prometheus_discovers_every_worker_service_and_alerts_know_them(compose: dict[str, Any]) -> None:
    config = yaml.safe_load((REPO / "deploy" / "prometheus" / "prometheus.yml").read_text())
    job = next(job for job in config["scrape_configs"] if job["job_name"] == "incident-stream")
    names = {name for sd in job["dns_sd_configs"] for name in sd["names"]}
    workers = {name for name in compose["services"] if name.startswith("worker-")}
    assert names == workers
    assert all(sd["port"] == 6066 for sd in job["dns_sd_configs"])
    alerts = (REPO / "deploy" / "prometheus" / "alerts.yml").read_text()
    assert all(f'service="{name}"' in alerts for name in workers)


def test_grafana_is_provisioned_with_prometheus_and_the_dashboards(compose: dict[str, Any]) -> None:
    grafana = compose["services"]["grafana"]
    assert grafana["environment"]["GF_SECURITY_ADMIN_PASSWORD"] == "not-a-real-password"
    datasources = yaml.safe_load(
        (REPO / "deploy/grafana/provisioning/datasources/prometheus.yml").read_text())["datasources"]
    assert datasources[0]["url"] == "http://prometheus:9090"
    for dashboard in (REPO / "deploy/grafana/dashboards").glob("*.json"):
        uids = {node["uid"] for node in _datasources(json.loads(dashboard.read_text()))}
        assert uids == {datasources[0]["uid"]}, dashboard.name


def _datasources(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        found = [node["datasource"]] if isinstance(node.get("datasource"), dict) else []
        return found + [item for value in node.values() for item in _datasources(value)]
    if isinstance(node, list):
        return [item for value in node for item in _datasources(value)]
    return []


def test_dockerfile_installs_the_package_on_python_311_slim() -> None:
    dockerfile = (REPO / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim", dockerfile, re.MULTILINE)
    assert "pip install" in dockerfile
    assert 'ENTRYPOINT ["incident-stream"]' in dockerfile
    assert "EXPOSE 6066" in dockerfile
