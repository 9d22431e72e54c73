"""Publication times in every form producers send, read into RFC 3339 with a precision, or refused with a reason."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.core.schemas import validate
from services.core.timestamps import parse_timestamp, read_timestamp

pytestmark = pytest.mark.unit

NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "rfc3339", "precision"),
    [
        # RFC 3339 stays exactly as written.
        ("2018-01-29T10:00:00Z", "2018-01-29T10:00:00Z", "second"),
        ("2019-11-05T14:34:05+00:00", "2019-11-05T14:34:05+00:00", "second"),
        ("2018-01-29T10:00:00.123456789-05:00", "2018-01-29T10:00:00.123456789-05:00", "second"),
        # ISO 8601 date, and date-times without an offset (taken as UTC) or with a compact one.
        ("2018-01-29", "2018-01-29T00:00:00+00:00", "day"),
        ("2018-01-29T10:00:00", "2018-01-29T10:00:00+00:00", "second"),
        ("2018-01-29 10:00", "2018-01-29T10:00:00+00:00", "minute"),
        ("2018-01-29T10:00", "2018-01-29T10:00:00+00:00", "minute"),
        ("2018-01-29 10:00:00.5", "2018-01-29T10:00:00.500000+00:00", "second"),
        ("2018-01-29t10:00:00z", "2018-01-29T10:00:00+00:00", "second"),
        ("2018-01-29T10:00:00+0100", "2018-01-29T10:00:00+01:00", "second"),
        ("  2018-01-29\n", "2018-01-29T00:00:00+00:00", "day"),
        # ISO 8601 basic date: eight digits in a string are a date, not epoch seconds of 1970.
        ("20180129", "2018-01-29T00:00:00+00:00", "day"),
        # RFC 2822, as RSS pubDate.
        ("Mon, 29 Jan 2018 10:00:00 GMT", "2018-01-29T10:00:00+00:00", "second"),
        ("Mon, 29 Jan 2018 10:00:00 +0100", "2018-01-29T10:00:00+01:00", "second"),
        ("29 Jan 2018 10:00 -0500", "2018-01-29T10:00:00-05:00", "minute"),
        ("Mon, 29 Jan 2018 10:00:00 EST", "2018-01-29T10:00:00-05:00", "second"),
        ("Mon, 29 Jan 2018 10:00:00 -0000", "2018-01-29T10:00:00+00:00", "second"),
        # Epoch seconds and milliseconds, as numbers or numeric strings.
        (1517220000, "2018-01-29T10:00:00+00:00", "second"),
        (1517220000.25, "2018-01-29T10:00:00.250000+00:00", "second"),
        ("1517220000", "2018-01-29T10:00:00+00:00", "second"),
        (1517220000000, "2018-01-29T10:00:00+00:00", "second"),
        ("1517220000123", "2018-01-29T10:00:00.123000+00:00", "second"),
        (0, "1970-01-01T00:00:00+00:00", "second"),
    ],
)
def test_accepted_forms_read_into_rfc3339(value: object, rfc3339: str, precision: str) -> None:
    reading = read_timestamp(value, NOW)
    assert (reading.rfc3339, reading.precision, reading.problem) == (rfc3339, precision, None)
    assert reading.moment == datetime.fromisoformat(rfc3339)
    validate("enriched_article", {"id": "a", "url": "https://x.example/a", "text": "t", "published_at": reading.rfc3339,
                                  "published_at_precision": reading.precision, "language": {"code": "en", "confidence": 1.0}})


def test_seconds_and_milliseconds_are_told_apart_by_magnitude() -> None:
    # 1e11 seconds would be the year 5138; 1e11 milliseconds is 1973-03-03.
    assert read_timestamp(99_999_999_999, NOW).problem == "future"
    assert read_timestamp(100_000_000_000, NOW).rfc3339 == "1973-03-03T09:46:40+00:00"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("last Friday", "unparseable"),
        ("jeudi dernier, 25h61", "unparseable"),
        ("2018-02-30", "unparseable"),
        ("2018-01-29T25:00", "unparseable"),
        ("2018-01-29T10:00+01:99", "unparseable"),
        ("29/01/2018", "unparseable"),
        ("Mon, 32 Jan 2018 10:00:00 GMT", "unparseable"),
        (True, "unparseable"),
        ({"date": "2018-01-29"}, "unparseable"),
        (1e300, "unparseable"),
        ("1899-12-31", "before_1900"),
        (-2_300_000_000, "before_1900"),
        ("2024-06-03T00:00:00Z", "future"),
        (4_102_444_800, "future"),
    ],
)
def test_unreadable_or_absurd_values_say_why(value: object, problem: str) -> None:
    reading = read_timestamp(value, NOW)
    assert (reading.rfc3339, reading.moment, reading.precision, reading.problem) == (None, None, None, problem)


def test_a_day_of_clock_skew_is_not_the_future() -> None:
    assert read_timestamp("2024-06-02T11:00:00Z", NOW).problem is None


@pytest.mark.parametrize("value", [None, "", "   "])
def test_no_value_is_no_timestamp_and_no_problem(value: object) -> None:
    assert read_timestamp(value, NOW) == read_timestamp(None)
    assert read_timestamp(value, NOW).problem is None


def test_parse_timestamp_reads_every_form_and_refuses_the_absurd() -> None:
    assert parse_timestamp("2018-01-29") == datetime(2018, 1, 29, tzinfo=UTC)
    assert parse_timestamp(1517220000) == datetime(2018, 1, 29, 10, tzinfo=UTC)
    assert parse_timestamp("3000-01-01") is None
    assert parse_timestamp("yesterday") is None
