"""`make bench` end to end on five articles: the table and the JSON are written (no timing asserted)."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from services.benchmarks.harness import main as bench_main

pytestmark = [pytest.mark.integration, pytest.mark.slow]
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_the_harness_writes_every_row_and_a_readme_copy(bootstrap: str, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCIDENT_STREAM_BOOTSTRAP_SERVERS", bootstrap)
    output = tmp_path / "results" / "latest.json"
    assert bench_main(["--articles", "5", "--seeds", str(SEEDS), "--output", str(output), "--latency-seconds", "10",
                       "--run-articles", "3", "--scaffolding-messages", "50"]) == 0
    document = orjson.loads(output.read_bytes())
    metrics = {row["metric"] for row in document["rows"]}
    assert {"ratio process / spaCy", "ratio kafka / in-process", "kafka: publish-to-incident latency p99",
            "run: peak RSS", "ratio scaffolding / bare loop", "ratio 2 / 1 processes"} <= metrics
    assert {"cores", "python", "date", "git_commit"} <= set(document["machine"])
    assert "| metric | value | target | met? |" in (output.parent / "README.md").read_text()
