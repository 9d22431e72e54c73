"""The end-to-end CASE evaluation: what a snippet becomes as an article, and the quick-run sample."""

from __future__ import annotations

import pytest

from services.core.schemas import validate
from services.evaluation.events_end_to_end import as_raw_article, sample

pytestmark = pytest.mark.unit


def test_a_snippet_is_a_valid_raw_article_without_date() -> None:
    article = as_raw_article(7, "Gunmen attacked a village.")
    validate("raw_article", article)
    assert "published_at" not in article and article["id"] == "case2021-7"


def test_a_quick_run_samples_across_the_whole_set() -> None:
    rows = [(f"text {i}", "A" if i < 50 else "B") for i in range(100)]
    chosen = sample(rows, 10)
    assert len(chosen) == 10 and {label for _, label in chosen} == {"A", "B"}
    assert sample(rows, None) == rows
