"""Shared fixtures: one real broker per test session, and a fresh topic prefix per test."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from services.core.broker import kafka_broker
from services.core.settings import Settings

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED_ARTICLE = SHARED / "seeds" / "000_79f011f0f223f87e.txt"


@pytest.fixture(scope="session")
def bootstrap() -> Iterator[str]:
    """KAFKA_BOOTSTRAP_SERVERS, else testcontainers' Kafka when Docker answers, else embedded Tansu."""
    with kafka_broker() as servers:
        yield servers


@pytest.fixture
def isolated_env(tmp_path: Path) -> dict[str, str]:
    """Environment for a worker whose topics and consumer groups no other test shares."""
    prefix = f"t{uuid.uuid4().hex[:8]}."
    return {
        "INCIDENT_STREAM_TOPIC_PREFIX": prefix,
        "INCIDENT_STREAM_CONSUMER_GROUP_PREFIX": f"{prefix}incident-stream",
        "INCIDENT_STREAM_LOG_FORMAT": "json",
        "INCIDENT_STREAM_PARTITIONS": "2",
    }


@pytest.fixture
def isolated_settings(isolated_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Settings:
    for key, value in isolated_env.items():
        monkeypatch.setenv(key, value)
    return Settings()


@pytest.fixture(scope="session")
def seed_article() -> dict:
    from services.ingest.reader import read_article_file

    parsed = read_article_file(SEED_ARTICLE)
    assert parsed.articles, parsed.rejections
    return parsed.articles[0]


SUITES = ("unit", "integration", "deploy", "eval")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test without a suite marker takes its folder's (tests/unit -> unit), so `make test` never skips it."""
    for item in items:
        if any(item.get_closest_marker(suite) for suite in SUITES):
            continue
        folder = item.path.parent.name
        if folder in SUITES:
            item.add_marker(getattr(pytest.mark, folder))
