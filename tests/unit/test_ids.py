from __future__ import annotations

import pytest

from services.core.ids import article_id_from_url, canonical_url

pytestmark = pytest.mark.unit


def test_the_same_article_from_different_links_gets_one_id() -> None:
    base = "https://www.example.org/africa/mali-attack"
    variants = [
        "http://example.org/africa/mali-attack/",
        "https://EXAMPLE.org/africa/mali-attack?utm_source=twitter&utm_medium=social",
        "https://www.example.org/africa/mali-attack#comments",
    ]
    assert {article_id_from_url(url) for url in variants} == {article_id_from_url(base)}


def test_different_articles_get_different_ids() -> None:
    assert article_id_from_url("https://example.org/a?id=1") != article_id_from_url("https://example.org/a?id=2")


def test_canonical_url_sorts_query_and_drops_tracking() -> None:
    assert canonical_url("https://Example.org/x?b=2&a=1&fbclid=z") == "https://example.org/x?a=1&b=2"
