"""Dead-letter records: the original bytes, where they came from, which stage refused them and why."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any

from services.core.version import PIPELINE_VERSION

MAX_ERROR_MESSAGE_CHARS = 2000


def dead_letter_record(
    *, stage: str, reason: str, error: BaseException, value: bytes | None, key: bytes | None,
    topic: str, partition: int, offset: int,
) -> dict[str, Any]:
    return {
        "stage": stage,
        "reason": reason,
        "error_class": type(error).__name__,
        "error_message": str(error)[:MAX_ERROR_MESSAGE_CHARS] or type(error).__name__,
        "original_value_b64": base64.b64encode(value or b"").decode("ascii"),
        "original_key_b64": base64.b64encode(key).decode("ascii") if key is not None else None,
        "topic": topic,
        "partition": partition,
        "offset": offset,
        "time": datetime.now(UTC).isoformat(),
        "pipeline_version": PIPELINE_VERSION,
    }


def original_value(record: dict[str, Any]) -> bytes:
    return base64.b64decode(record["original_value_b64"])
