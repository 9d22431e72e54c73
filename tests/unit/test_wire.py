from __future__ import annotations

import hashlib

import orjson
import pytest

from services.core.deadletter import dead_letter_record, original_value
from services.core.schemas import validate
from services.core.wire import InvalidMessage, InvalidUtf8, OversizeMessage, decode_message, encode_message

pytestmark = pytest.mark.unit


def test_decodes_a_json_object() -> None:
    assert decode_message(orjson.dumps({"url": "u", "text": "é"}), 1000) == {"url": "u", "text": "é"}


@pytest.mark.parametrize(
    ("value", "error", "reason"),
    [
        (b"{not json", InvalidMessage, "decode"),
        (b"[1, 2]", InvalidMessage, "decode"),
        (b'{"text": "caf\xe9"}', InvalidUtf8, "utf8"),
        (b"{" + b" " * 2000 + b"}", OversizeMessage, "oversize"),
        (None, InvalidMessage, "decode"),
    ],
)
def test_bad_bytes_say_why(value: bytes | None, error: type[InvalidMessage], reason: str) -> None:
    with pytest.raises(error) as raised:
        decode_message(value, 1000)
    assert raised.value.reason == reason and str(raised.value)


def test_dead_letter_keeps_the_original_bytes() -> None:
    record = dead_letter_record(stage="language", reason="utf8", error=InvalidUtf8("bad byte"), value=b"\xff\xfe",
                                key=b"k", topic="articles.raw", partition=1, offset=7)
    assert original_value(record) == b"\xff\xfe"
    assert record["error_class"] == "InvalidUtf8" and record["offset"] == 7 and record["stage"] == "language"


def test_a_dead_letter_of_an_original_too_big_to_send_keeps_a_prefix_its_size_and_hash() -> None:
    value = b"x" * 2_000_000
    record = dead_letter_record(stage="language", reason="oversize", error=OversizeMessage("too big"), value=value,
                                key=b"k", topic="articles.raw", partition=0, offset=3, max_record_bytes=1_000_000)
    validate("dead_letter", record)
    assert len(encode_message(record)) < 1_000_000
    assert record["original_truncated"] is True and record["original_size_bytes"] == len(value)
    assert record["original_sha256"] == hashlib.sha256(value).hexdigest()
    assert value.startswith(original_value(record)) and len(original_value(record)) > 500_000
    small = dead_letter_record(stage="language", reason="utf8", error=InvalidUtf8("bad"), value=b"\xff", key=b"k",
                               topic="articles.raw", partition=0, offset=4, max_record_bytes=1_000_000)
    assert small["original_truncated"] is False and original_value(small) == b"\xff"
