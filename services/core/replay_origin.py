"""The raw message a replayed copy stands for, carried in a Kafka header (see services.cli.replaying).

The language worker stamps an article's `ingest` position from it, so a replayed report keeps the report
key (topic/partition/offset) of the message it copies and the merger recognises it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

REPLAY_ORIGIN_HEADER = "incident-stream-replay-of"


def _header_items(headers: Any) -> Iterable[tuple[str, bytes]]:
    if isinstance(headers, Mapping):
        return headers.items()
    return headers or ()


def replay_origin(headers: Any) -> dict[str, Any] | None:
    """{topic, partition, offset} of the message a replayed copy stands for, or None for an original."""
    for name, value in _header_items(headers):
        if name != REPLAY_ORIGIN_HEADER or not isinstance(value, bytes):
            continue
        topic, _, rest = value.decode("utf-8", "replace").rpartition("/")
        topic, _, partition = topic.rpartition("/")
        if topic and partition.isdigit() and rest.isdigit():
            return {"topic": topic, "partition": int(partition), "offset": int(rest)}
    return None


def origin_header(headers: Any, topic: str, partition: int, offset: int) -> bytes:
    """The header value for a copy of this message: its own origin when it is itself a replayed copy."""
    origin = replay_origin(headers) or {"topic": topic, "partition": partition, "offset": offset}
    return f"{origin['topic']}/{origin['partition']}/{origin['offset']}".encode()
