"""What reaches the Kafka clients for each security setting (SASL cannot be tried on the embedded Tansu)."""

from __future__ import annotations

import asyncio
import ssl
from pathlib import Path
from typing import Any

import faust
import pytest
from faust.transport.drivers.aiokafka import credentials_to_aiokafka_auth
from pydantic import ValidationError

from services.core.app import create_app
from services.core.kafka_security import faust_credentials, kafka_client_options
from services.core.settings import Settings
from services.core.settings_doc import settings_markdown
from tests.tls_helpers import Certificates, make_certificates

pytestmark = pytest.mark.unit

PASSWORD = "s3cret-never-shown"


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    return make_certificates(tmp_path_factory.mktemp("pki"))


def sasl_settings(protocol: str, mechanism: str, **extra: Any) -> Settings:
    return Settings(security_protocol=protocol, sasl_mechanism=mechanism, sasl_username="pipeline",
                    sasl_password=PASSWORD, **extra)


def test_plaintext_by_default() -> None:
    options = kafka_client_options(Settings())
    assert options == {"security_protocol": "PLAINTEXT"}
    assert faust_credentials(options) is None


@pytest.mark.parametrize("mechanism", ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"])
def test_sasl_plaintext_options_and_faust_credentials_agree(mechanism: str) -> None:
    options = kafka_client_options(sasl_settings("SASL_PLAINTEXT", mechanism))
    assert options == {"security_protocol": "SASL_PLAINTEXT", "sasl_mechanism": mechanism,
                       "sasl_plain_username": "pipeline", "sasl_plain_password": PASSWORD}
    credentials = faust_credentials(options)
    assert isinstance(credentials, faust.SASLCredentials)
    # What faust hands its aiokafka consumer and producer is exactly what our own clients get.
    assert given(credentials_to_aiokafka_auth(credentials)) == options


def test_sasl_ssl_verifies_the_broker_against_the_configured_ca(certificates: Certificates) -> None:
    options = kafka_client_options(sasl_settings("SASL_SSL", "SCRAM-SHA-512", ssl_ca_file=certificates.ca))
    context = options["ssl_context"]
    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    # The CA is named after its folder (pki0, pki1, ... as tmp_path_factory numbers them in this run).
    expected_ca = f"test CA {certificates.ca.parent.name}"
    assert [cert["subject"] for cert in context.get_ca_certs()] == [((("commonName", expected_ca),),)]
    assert given(credentials_to_aiokafka_auth(faust_credentials(options))) == options
    assert options["security_protocol"] == "SASL_SSL" and options["sasl_mechanism"] == "SCRAM-SHA-512"


def test_ssl_with_a_client_certificate(certificates: Certificates) -> None:
    options = kafka_client_options(Settings(security_protocol="SSL", ssl_ca_file=certificates.ca,
                                            ssl_cert_file=certificates.client_cert,
                                            ssl_key_file=certificates.client_key))
    assert set(options) == {"security_protocol", "ssl_context"}
    credentials = faust_credentials(options)
    assert isinstance(credentials, faust.SSLCredentials)
    assert given(credentials_to_aiokafka_auth(credentials)) == options


def test_a_client_key_that_does_not_match_is_refused_at_start(certificates: Certificates) -> None:
    with pytest.raises(ssl.SSLError):
        kafka_client_options(Settings(security_protocol="SSL", ssl_ca_file=certificates.ca,
                                      ssl_cert_file=certificates.client_cert, ssl_key_file=certificates.server_key))


@pytest.mark.parametrize("protocol", ["SASL_PLAINTEXT", "SASL_SSL"])
def test_sasl_without_credentials_is_a_settings_error(protocol: str) -> None:
    with pytest.raises(ValidationError, match="sasl_username and sasl_password"):
        Settings(security_protocol=protocol, sasl_username="pipeline")


def test_unknown_protocol_or_mechanism_is_a_settings_error() -> None:
    with pytest.raises(ValidationError):
        Settings(security_protocol="TLS")
    with pytest.raises(ValidationError):
        Settings(security_protocol="SASL_SSL", sasl_mechanism="GSSAPI", sasl_username="u", sasl_password="p")


def test_the_password_is_never_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCIDENT_STREAM_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
    monkeypatch.setenv("INCIDENT_STREAM_SASL_USERNAME", "pipeline")
    monkeypatch.setenv("INCIDENT_STREAM_SASL_PASSWORD", PASSWORD)
    settings = Settings()
    assert settings.sasl_password.get_secret_value() == PASSWORD
    shown = [repr(settings), str(settings), settings.model_dump_json(), settings_markdown(),
             repr(faust_credentials(kafka_client_options(settings)))]
    assert not [text for text in shown if PASSWORD in text]


def test_the_faust_app_gets_the_credentials(tmp_path: Path) -> None:
    settings = sasl_settings("SASL_PLAINTEXT", "SCRAM-SHA-256", data_dir=tmp_path)
    app = create_app(settings, "127.0.0.1:1", "unit", 6066)
    # faust builds its consumer's and producer's aiokafka arguments from these.
    auth = credentials_to_aiokafka_auth(app.conf.broker_credentials, app.conf.ssl_context)
    assert given(auth) == kafka_client_options(settings)


def given(arguments: dict[str, Any]) -> dict[str, Any]:
    """The arguments a client gets, less those left at aiokafka's default (None)."""
    return {key: value for key, value in arguments.items() if value is not None}


class Refused(Exception):
    """Raised by a fake client constructor once it has recorded its keyword arguments."""


def recording_client(seen: list[dict[str, Any]]) -> Any:
    def construct(*args: Any, **kwargs: Any) -> Any:
        seen.append(kwargs)
        raise Refused

    return construct


def test_every_client_the_cli_and_benchmarks_create_gets_the_options(monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    from services.benchmarks import main as bench
    from services.cli import publishing, tailing
    from services.core import admin
    from tests import kafka_helpers

    settings = sasl_settings("SASL_PLAINTEXT", "SCRAM-SHA-512")
    seen: list[dict[str, Any]] = []
    for module, name in [(admin, "AIOKafkaAdminClient"), (publishing, "AIOKafkaProducer"), (tailing, "AIOKafkaConsumer"),
                         (bench, "AIOKafkaConsumer"), (bench, "AIOKafkaProducer"), (kafka_helpers, "AIOKafkaProducer")]:
        monkeypatch.setattr(module, name, recording_client(seen))
    attempts = [
        admin.ensure_topics(settings, "broker:9092"),
        publishing.publish_files([], settings, "broker:9092", Console(stderr=True)),
        tailing.tail_topic("broker:9092", "articles.raw", True, 1.0, None, settings),
        bench.bare_loop("broker:9092", settings, "a", "b", 1),
        bench.produce_messages("broker:9092", settings, "a", []),
        kafka_helpers.produce("broker:9092", "a", [], settings),
    ]
    for attempt in attempts:
        with pytest.raises(Refused):
            asyncio.run(attempt)
    assert len(seen) == len(attempts)
    assert all(kwargs["sasl_plain_password"] == PASSWORD and kwargs["sasl_mechanism"] == "SCRAM-SHA-512"
               and kwargs["security_protocol"] == "SASL_PLAINTEXT" for kwargs in seen), seen


def test_the_health_server_binds_loopback_unless_told(tmp_path: Path) -> None:
    app = create_app(Settings(data_dir=tmp_path), "127.0.0.1:1", "unit", 6066)
    assert (app.conf.web_bind, str(app.conf.web_host)) == ("127.0.0.1", "127.0.0.1")
