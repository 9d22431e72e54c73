"""`incident-stream process` tells a backfill script when an article failed: its exit status is 1."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from services.cli.main import app

pytestmark = pytest.mark.unit


def run_process(article_file: Path, output: Path, max_message_bytes: int, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setenv("INCIDENT_STREAM_MAX_MESSAGE_BYTES", str(max_message_bytes))
    monkeypatch.setenv("INCIDENT_STREAM_LANGUAGE_LOW_ACCURACY", "true")
    result = CliRunner().invoke(app, ["process", str(article_file), "--stages", "language", "-o", str(output)])
    return result.exit_code


def test_process_exits_1_when_an_article_failed(seed_article: dict, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    article_file = tmp_path / "article.json"
    article_file.write_bytes(orjson.dumps({**seed_article, "text": seed_article["text"] + " padding" * 300}))
    output = tmp_path / "out.jsonl"

    assert run_process(article_file, output, 1_000_000, monkeypatch) == 0
    assert len(output.read_bytes().splitlines()) == 1
    # Larger than the input limit: the language stage refuses it ("processed 0 articles, 1 failed").
    assert run_process(article_file, output, 1024, monkeypatch) == 1
    assert output.read_bytes() == b""
