"""Creates the catalogue's topics up front, with explicit partitions and cleanup policies."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.client import AIOKafkaClient
from aiokafka.errors import TopicAlreadyExistsError

from services.core.kafka_security import kafka_client_options
from services.core.settings import Settings
from services.core.topics import DEADLETTER, TOPICS, TopicSpec

log = logging.getLogger(__name__)


def partitions_of(spec: TopicSpec, settings: Settings) -> int:
    return 1 if spec.name == DEADLETTER else settings.partitions


def new_topics(settings: Settings) -> list[NewTopic]:
    return [
        NewTopic(
            name=settings.topic(spec.name),
            num_partitions=partitions_of(spec, settings),
            replication_factor=settings.replication_factor,
            topic_configs={"cleanup.policy": spec.cleanup_policy},
        )
        for spec in TOPICS
    ]


async def ensure_topics(settings: Settings, bootstrap_servers: str, extra: list[NewTopic] | None = None) -> list[str]:
    """Create missing topics; return the names created. Existing topics are left as they are."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, client_id="incident-stream-admin",
                                **kafka_client_options(settings))
    try:
        await admin.start()  # inside the try: a broker that is not there must not leave the client open
        existing = set(await admin.list_topics())
        missing = [topic for topic in new_topics(settings) + (extra or []) if topic.name not in existing]
        if not missing:
            return []
        response = await admin.create_topics(missing)
        created = []
        for name, code, message in _topic_errors(response):
            if code == 0:
                created.append(name)
            elif code != TopicAlreadyExistsError.errno:
                raise RuntimeError(f"creating topic {name} failed: error {code} {message}")
        log.info("created topics %s", created)
        return created
    finally:
        await admin.close()


def _topic_errors(response: object) -> list[tuple[str, int, str | None]]:
    errors = getattr(response, "topic_errors", [])
    return [(entry[0], entry[1], entry[2] if len(entry) > 2 else None) for entry in errors]


async def broker_answers(settings: Settings, bootstrap_servers: str) -> bool:
    """Whether the broker answers a metadata request within the probe timeout, on a fresh connection (an
    open connection to a broker that stopped answering says nothing)."""
    timeout = settings.broker_probe_timeout_seconds
    client = AIOKafkaClient(bootstrap_servers=bootstrap_servers, client_id="incident-stream-probe",
                            request_timeout_ms=int(timeout * 1000), **kafka_client_options(settings))
    try:
        await asyncio.wait_for(client.bootstrap(), timeout)
        return True
    except Exception:  # noqa: BLE001 -- refused, timed out, torn down: all mean "not answering"
        return False
    finally:
        with contextlib.suppress(Exception):
            await client.close()
