"""Every Kafka client connects through TLS: server verification, a wrong CA refused, client certificates.

The embedded Tansu speaks plaintext only, so a TLS-terminating proxy sits in front of it and is what the
broker advertises: no client can reach the broker except through TLS."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import orjson
import pytest
from aiokafka.errors import KafkaConnectionError
from rich.console import Console

from services.cli.publishing import publish_files
from services.cli.tailing import read_topic
from services.core.admin import ensure_topics
from services.core.schemas import schema_dir
from services.core.settings import Settings
from services.core.topics import ARTICLES_RAW, INCIDENT_EVENTS, INCIDENTS
from tests.conftest import SEED_ARTICLE
from tests.kafka_helpers import produce, read_json, running_worker
from tests.tls_helpers import Certificates, make_certificates, tls_broker

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    return make_certificates(tmp_path_factory.mktemp("pki"))


def tls_settings(ca: Path, **extra: object) -> Settings:
    fields = {"topic_prefix": f"t{uuid.uuid4().hex[:8]}.", **extra}
    return Settings(security_protocol="SSL", ssl_ca_file=ca, **fields)


async def read_values(bootstrap: str, topic: str, settings: Settings) -> list[bytes]:
    return [record.value or b"" async for record in read_topic(bootstrap, topic, idle_seconds=2.0, settings=settings)]


def test_publish_and_tail_through_tls(certificates: Certificates) -> None:
    with tls_broker(certificates, require_client_cert=False) as proxy:
        bootstrap = f"127.0.0.1:{proxy.port}"
        settings = tls_settings(certificates.ca)
        assert asyncio.run(ensure_topics(settings, bootstrap))
        summary = asyncio.run(publish_files([SEED_ARTICLE], settings, bootstrap, Console(stderr=True)))
        values = asyncio.run(read_values(bootstrap, settings.topic(ARTICLES_RAW), settings))
    assert summary.published and [orjson.loads(value)["id"] for value in values] == summary.published


def test_a_broker_signed_by_another_ca_is_refused(certificates: Certificates, tmp_path: Path) -> None:
    stranger = make_certificates(tmp_path / "other")
    with tls_broker(certificates, require_client_cert=False) as proxy, pytest.raises(KafkaConnectionError):
        asyncio.run(ensure_topics(tls_settings(stranger.ca), f"127.0.0.1:{proxy.port}"))


def test_mutual_tls_worker_needs_and_presents_its_certificate(
        certificates: Certificates, isolated_env: dict[str, str], tmp_path: Path) -> None:
    client_files = {"ssl_cert_file": certificates.client_cert, "ssl_key_file": certificates.client_key}
    event = orjson.loads((schema_dir() / "examples" / "incident_event" / "valid_seed_main.json").read_bytes())
    with tls_broker(certificates, require_client_cert=True) as proxy:
        bootstrap = f"127.0.0.1:{proxy.port}"
        with pytest.raises(KafkaConnectionError):
            asyncio.run(ensure_topics(tls_settings(certificates.ca), bootstrap))
        assert proxy.client_subjects == []

        settings = tls_settings(certificates.ca, topic_prefix=isolated_env["INCIDENT_STREAM_TOPIC_PREFIX"], **client_files)
        env = {**isolated_env, "INCIDENT_STREAM_SECURITY_PROTOCOL": "SSL",
               "INCIDENT_STREAM_SSL_CA_FILE": str(certificates.ca),
               "INCIDENT_STREAM_SSL_CERT_FILE": str(certificates.client_cert),
               "INCIDENT_STREAM_SSL_KEY_FILE": str(certificates.client_key)}
        # The worker process creates its topics (admin client), then consumes and produces (faust) through TLS.
        with running_worker(bootstrap, ["run", "--stages", "merge"], env, tmp_path):
            asyncio.run(produce(bootstrap, settings.topic(INCIDENT_EVENTS),
                                [(event["incident_id"].encode(), orjson.dumps(event))], settings))
            incidents = read_json(bootstrap, settings.topic(INCIDENTS), expected=1, timeout=60, settings=settings)
    assert [incident["sub_event_type"] for incident in incidents] == [event["sub_event_type"]]
    assert len(proxy.client_subjects) >= 3 and set(proxy.client_subjects) == {"incident-stream-client"}
