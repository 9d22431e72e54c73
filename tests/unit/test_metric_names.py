"""Metric names are declared once: the typed names and the catalogue are the same set."""

from __future__ import annotations

from typing import get_args

import pytest

from services.core.metrics import CATALOGUE, MetricName

pytestmark = pytest.mark.unit


def test_every_typed_metric_name_is_in_the_catalogue_once() -> None:
    names = [spec.name for spec in CATALOGUE]
    assert len(names) == len(set(names))
    assert set(get_args(MetricName)) == set(names)
