"""Dead-letter records: the original bytes, where they came from, which stage refused them and why.

A record must itself fit the producer's limit: an original too big for that (a raw message above
about 1.5 MB, base64 in the record) is kept truncated, with its size and SHA-256, and says so.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime
from typing import Any

from services.core.version import PIPELINE_VERSION

MAX_ERROR_MESSAGE_CHARS = 2000
MAX_KEY_BYTES = 1024  # of a key kept in a record whose original had to be truncated
RECORD_OVERHEAD_BYTES = 16_384  # the record's other fields, the error message included


def kept_original_bytes(max_record_bytes: int) -> int:
    """How many original bytes fit a record of at most `max_record_bytes` (base64 grows them by 4/3)."""
    return max(0, (max_record_bytes - RECORD_OVERHEAD_BYTES) * 3 // 4)


def dead_letter_record(
    *, stage: str, reason: str, error: BaseException, value: bytes | None, key: bytes | None,
    topic: str, partition: int, offset: int, max_record_bytes: int | None = None,
) -> dict[str, Any]:
    """The record of one refused message; its original is cut to fit `max_record_bytes` when given."""
    original = value or b""
    keep = kept_original_bytes(max_record_bytes) if max_record_bytes is not None else len(original) + len(key or b"")
    kept_value = original[:keep]
    kept_key = key
    if key is not None and len(kept_value) + len(key) > keep:  # a huge key is cut to a prefix too
        kept_key = key[:MAX_KEY_BYTES]
        kept_value = original[:max(0, keep - len(kept_key))]
    truncated = kept_value != original or kept_key != key
    return {
        "stage": stage,
        "reason": reason,
        "error_class": type(error).__name__,
        "error_message": str(error)[:MAX_ERROR_MESSAGE_CHARS] or type(error).__name__,
        "original_value_b64": base64.b64encode(kept_value).decode("ascii"),
        "original_key_b64": base64.b64encode(kept_key).decode("ascii") if kept_key is not None else None,
        "original_truncated": truncated,
        "original_size_bytes": len(original),
        "original_sha256": hashlib.sha256(original).hexdigest(),
        "topic": topic,
        "partition": partition,
        "offset": offset,
        "time": datetime.now(UTC).isoformat(),
        "pipeline_version": PIPELINE_VERSION,
    }


def original_value(record: dict[str, Any]) -> bytes:
    """The original bytes (only the first `original_size_bytes` of them when `original_truncated`)."""
    return base64.b64decode(record["original_value_b64"])
