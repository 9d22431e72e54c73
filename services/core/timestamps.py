"""Timestamps: RFC 3339 as the wire carries them, read from every form producers send.

`read_timestamp` accepts, and nothing else:
- RFC 3339 (`2018-01-29T10:00:00Z`, `...+01:00`): kept exactly as written;
- ISO 8601 calendar date (`2018-01-29`) or date-time with or without an offset, `T` or a space
  between, seconds and fraction optional (`2018-01-29T10:00`, `2018-01-29 10:00:00.5+0100`);
- ISO 8601 basic calendar date as a string of eight digits (`20180129`): as epoch seconds it would be
  a moment of 1970-1973, which no live producer sends;
- RFC 2822, as RSS `pubDate` (`Mon, 29 Jan 2018 10:00:00 GMT`, `29 Jan 2018 10:00 +0100`);
- Unix epoch as a number or a numeric string: seconds below 1e11 in magnitude, milliseconds from
  1e11 on (1e11 seconds is the year 5138; 1e11 milliseconds is 1973-03-03, so a misread lands in the
  future and is refused rather than silently shifted).
A value without an offset (or with an RFC 2822 zone name Python does not know, e.g. CET) is UTC.
Surrounding whitespace is ignored. Values before 1900 or more than a day ahead of now are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
FUTURE_TOLERANCE = timedelta(days=1)  # time-zone mistakes and clock skew, not a publication date
EPOCH_MILLISECONDS_FROM = 100_000_000_000

RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})")
ISO8601 = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?:[Tt ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?"
    r"(?P<offset>[Zz]|[+-]\d{2}:?\d{2})?)?")
RFC2822 = re.compile(
    r"(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}(?P<second>:\d{2})?(?:\s+(?:[+-]\d{4}|[A-Za-z]{1,5}))?")
ISO8601_BASIC_DATE = re.compile(r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})")
EPOCH = re.compile(r"[+-]?\d+(?:\.\d+)?")


@dataclass(frozen=True)
class TimestampReading:
    """What a producer's timestamp says: RFC 3339 text and its precision, or why it says nothing usable."""

    rfc3339: str | None = None
    moment: datetime | None = None
    precision: str | None = None  # "day" (a plain date), "minute" (no seconds given) or "second"
    problem: str | None = None  # None, "unparseable", "before_1900" or "future"


def read_timestamp(value: object, now: datetime | None = None) -> TimestampReading:
    """The reading of a value in any accepted form; None or a blank string is no timestamp, not a problem."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return TimestampReading()
    parsed = _parse(value)
    if parsed is None:
        return TimestampReading(problem="unparseable")
    moment, precision, as_written = parsed
    if moment < EARLIEST:
        return TimestampReading(problem="before_1900")
    if moment > (now or datetime.now(UTC)) + FUTURE_TOLERANCE:
        return TimestampReading(problem="future")
    return TimestampReading(as_written or moment.isoformat(), moment, precision)


def parse_timestamp(value: object) -> datetime | None:
    """An aware datetime from a value in any accepted form, or None when absent, unreadable or out of range."""
    return read_timestamp(value).moment


def _parse(value: object) -> tuple[datetime, str, str | None] | None:
    """(aware datetime, precision, the text itself when already RFC 3339), or None."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    if not isinstance(value, str):
        return _from_epoch(float(value))
    text = value.strip()
    try:
        if match := ISO8601_BASIC_DATE.fullmatch(text):
            return datetime(int(match["year"]), int(match["month"]), int(match["day"]), tzinfo=UTC), "day", None
        if EPOCH.fullmatch(text):
            return _from_epoch(float(text))
        if match := ISO8601.fullmatch(text):
            moment, precision = _from_iso8601(match)
            return moment, precision, text if RFC3339.fullmatch(text) else None
        if match := RFC2822.fullmatch(text):
            moment = parsedate_to_datetime(text)
            return _aware(moment), "second" if match["second"] else "minute", None
    except (ValueError, OverflowError):
        return None
    return None


def _from_epoch(number: float) -> tuple[datetime, str, None] | None:
    seconds = number / 1000 if abs(number) >= EPOCH_MILLISECONDS_FROM else number
    try:
        return datetime.fromtimestamp(seconds, UTC), "second", None
    except (ValueError, OverflowError, OSError):
        return None


def _from_iso8601(match: re.Match[str]) -> tuple[datetime, str]:
    """Raises ValueError for an impossible date, time or offset (2018-02-30, 25:00, +24:00)."""
    day = datetime(int(match["year"]), int(match["month"]), int(match["day"]), tzinfo=UTC)
    if match["hour"] is None:
        return day, "day"
    microseconds = int((match["fraction"] or "")[:6].ljust(6, "0"))  # truncated, as datetime.fromisoformat does
    moment = day.replace(hour=int(match["hour"]), minute=int(match["minute"]), second=int(match["second"] or 0),
                         microsecond=microseconds, tzinfo=_offset(match["offset"]))
    return moment, "second" if match["second"] else "minute"


def _offset(text: str | None) -> timezone:
    if text is None or text in "Zz":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    if int(digits[2:]) > 59:
        raise ValueError(f"offset minutes out of range in {text!r}")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
