"""Connection security of every Kafka client the project creates: TLS context and SASL credentials from settings.

`kafka_client_options` is the one place that turns the settings into client arguments; the faust app gets
the same options wrapped as faust credentials (`faust_credentials`), so workers, the admin client, publish,
tail and the benchmarks cannot disagree on how they connect.
"""

from __future__ import annotations

import ssl
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import faust
from aiokafka.helpers import create_ssl_context
from faust.types.auth import CredentialsT

from services.core.settings import Settings

TLS_PROTOCOLS = ("SSL", "SASL_SSL")
SASL_PROTOCOLS = ("SASL_PLAINTEXT", "SASL_SSL")


def tls_context(settings: Settings) -> ssl.SSLContext:
    """A client TLS context that verifies the broker (its CA file, else the system's) and its host name,
    and presents the client certificate when one is configured."""
    def path(value: Path | None) -> str | None:
        return str(value) if value else None

    context: ssl.SSLContext = create_ssl_context(
        cafile=path(settings.ssl_ca_file),
        certfile=path(settings.ssl_cert_file),
        keyfile=path(settings.ssl_key_file),
        password=settings.ssl_key_password.get_secret_value() or None,
    )
    return context


def kafka_client_options(settings: Settings) -> dict[str, Any]:
    """aiokafka keyword arguments (producer, consumer, admin) for the configured connection security."""
    protocol = settings.security_protocol
    options: dict[str, Any] = {"security_protocol": protocol}
    if protocol in TLS_PROTOCOLS:
        options["ssl_context"] = tls_context(settings)
    if protocol in SASL_PROTOCOLS:
        options.update(
            sasl_mechanism=settings.sasl_mechanism,
            sasl_plain_username=settings.sasl_username,
            sasl_plain_password=settings.sasl_password.get_secret_value(),
        )
    return options


def faust_credentials(options: Mapping[str, Any]) -> CredentialsT | None:
    """The same options as faust's `broker_credentials` (faust turns them back into these aiokafka arguments)."""
    protocol = options["security_protocol"]
    if protocol == "SSL":
        return faust.SSLCredentials(options["ssl_context"])
    if protocol in SASL_PROTOCOLS:
        return faust.SASLCredentials(
            username=options["sasl_plain_username"], password=options["sasl_plain_password"],
            ssl_context=options.get("ssl_context"), mechanism=options["sasl_mechanism"],
        )
    return None
