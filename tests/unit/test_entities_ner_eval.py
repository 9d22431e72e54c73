"""The CoNLL++ NER evaluation: gold spans read from IOB2 columns, and the table it prints."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.evaluation.ner import main, read_conll

SAMPLE = """-DOCSTART- -X- -X- O

Gunmen NNS I-NP O
attacked VBD I-VP O
Gao NNP I-NP B-LOC
in IN I-PP O
northern JJ I-NP O
Mali NNP I-NP B-LOC
. . O O

Ibrahim NNP I-NP B-PER
Boubacar NNP I-NP I-PER
Keita NNP I-NP I-PER
spoke VBD I-VP O
to TO I-PP O
Reuters NNP I-NP B-ORG
. . O O
"""


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "sample.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    return path


@pytest.mark.unit
def test_gold_spans_cover_the_entity_words(sample: Path) -> None:
    [document] = list(read_conll(sample))
    found = {(document.text[start:end], label) for start, end, label in document.gold}
    assert found == {("Gao", "LOC"), ("Mali", "LOC"), ("Ibrahim Boubacar Keita", "PER"), ("Reuters", "ORG")}
    assert document.text.count("\n") == 1


@pytest.mark.eval
@pytest.mark.slow
def test_main_prints_both_systems_and_the_published_figure(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(sample), "--limit", "1"]) == 0
    printed = capsys.readouterr().out
    assert "as shipped" in printed and "entity stage" in printed and "0.843" in printed
