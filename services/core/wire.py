"""The wire format: orjson-encoded JSON objects, UTF-8, and the typed errors of decoding them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson


class InvalidMessage(Exception):
    """A message that cannot enter a stage; `reason` is its dead-letter reason."""

    reason = "decode"


class InvalidUtf8(InvalidMessage):
    reason = "utf8"


class OversizeMessage(InvalidMessage):
    reason = "oversize"


class SchemaViolation(InvalidMessage):
    reason = "schema"


def decode_message(value: bytes | None, max_bytes: int) -> dict[str, Any]:
    """Bytes to a JSON object, or an InvalidMessage saying exactly why not."""
    if value is None:
        raise InvalidMessage("empty message (null value)")
    if len(value) > max_bytes:
        raise OversizeMessage(f"message of {len(value)} bytes exceeds the limit of {max_bytes} bytes")
    try:
        value.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidUtf8(f"invalid UTF-8 at byte {error.start}: {error.reason}") from error
    try:
        decoded = orjson.loads(value)
    except orjson.JSONDecodeError as error:
        raise InvalidMessage(f"invalid JSON: {error}") from error
    if not isinstance(decoded, dict):
        raise InvalidMessage(f"expected a JSON object, got {type(decoded).__name__}")
    return decoded


def encode_message(message: Mapping[str, Any]) -> bytes:
    return orjson.dumps(message)
