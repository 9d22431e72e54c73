"""The benchmark harness's pure parts: the article mix, percentiles and the table (no timing asserted)."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from services.benchmarks.article_mix import article_mix, seed_originals, shortened
from services.benchmarks.report import Row, percentile, render_table
from services.benchmarks.scaleout import copies_of

pytestmark = pytest.mark.unit
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_the_mix_is_the_same_for_the_same_seed_and_differs_for_another() -> None:
    first, again, other = article_mix(40, SEEDS, 13), article_mix(40, SEEDS, 13), article_mix(40, SEEDS, 14)
    assert first == again
    assert [a["text"] for a in first] != [a["text"] for a in other]


def test_the_mix_has_unique_ids_five_languages_three_lengths_and_news_without_incidents() -> None:
    mix = article_mix(300, SEEDS)
    assert len({article["id"] for article in mix}) == 300
    assert {language for language, _ in seed_originals(SEEDS)} >= {"en", "fr", "es", "pt", "de"}
    assert {article["url"].rsplit("-", 1)[1] for article in mix} == {"short", "medium", "long"}
    assert any("other-news.example/de" in article["url"] for article in mix)
    words = sorted(len(article["text"].split()) for article in mix)
    assert words[0] < 80 and words[-1] > 500


def test_two_labels_give_two_disjoint_sets_of_ids() -> None:
    assert not {a["id"] for a in article_mix(30, SEEDS)} & {a["id"] for a in article_mix(30, SEEDS, label="paced")}


def test_a_short_variant_keeps_whole_leading_paragraphs() -> None:
    text = "One two three.\n\n" + "word " * 100 + "\n\nLast."
    assert shortened(text) == "One two three."
    assert shortened("word " * 200) == "word " * 200


def test_percentiles_interpolate_between_ranks() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.5) == pytest.approx(50.5)
    assert percentile(values, 0.99) == pytest.approx(99.01)
    assert percentile([3.0], 0.95) == 3.0
    assert percentile([], 0.5) is None


def test_the_table_says_whether_each_target_is_met() -> None:
    table = render_table([Row("ratio process / spaCy", 1.62, at_least=1.5),
                          Row("worker entities: peak RSS", 640.0, "MB", below=600),
                          Row("kafka: end to end", 3.2, "articles/s", note="one process per worker"),
                          Row("ratio 2 / 1 processes", None, at_least=1.8)])
    lines = table.splitlines()
    assert lines[0] == "| metric | value | target | met? |"
    assert lines[2] == "| ratio process / spaCy | 1.62 | >= 1.5 | yes |"
    assert lines[3] == "| worker entities: peak RSS | 640 MB | < 600 MB | NO |"
    assert lines[4] == "| kafka: end to end (one process per worker) | 3.2 articles/s |  |  |"
    assert lines[5] == "| ratio 2 / 1 processes | n/a | >= 1.8 |  |"


def test_scale_out_copies_are_new_messages_of_the_same_content() -> None:
    records = [(b"k1", orjson.dumps({"id": "a1", "text": "x"})), (None, orjson.dumps({"id": "a2", "text": "y"}))]
    copies = copies_of(records, 5)
    assert [key for key, _ in copies] == [b"k1~copy0", b"~copy0", b"k1~copy1", b"~copy1", b"k1~copy2"]
    assert [orjson.loads(value) for _, value in copies][2] == {"id": "a1~copy1", "text": "x"}
