"""How far apart two dates of one event may be, by date precision: the one table both the clustering of
an article's sentences and the merging of reports read."""

from __future__ import annotations

# A date precise to the day (1), the week (2) or the month (3) may be off by this many more days.
PRECISION_WIDENING_DAYS = {1: 0, 2: 7, 3: 31}
# Reports of one event may differ by a day (INCIDENT_STREAM_MERGE_WINDOW_DAYS' default).
DAY_WINDOW_DAYS = 1


def merge_window_days(precision: int, window_days: int = DAY_WINDOW_DAYS) -> int:
    """Two reports' event dates may differ by the configured window widened by the coarser precision."""
    return window_days + PRECISION_WIDENING_DAYS.get(precision, 0)


def sentence_window_days(precision: int) -> int:
    """Two dates of one article's incident may differ by a day, or by the precision's widening when wider."""
    return max(DAY_WINDOW_DAYS, PRECISION_WIDENING_DAYS[precision])
