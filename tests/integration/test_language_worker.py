"""The language worker through the real broker: enrichment, dead letters, and going on after them."""

from __future__ import annotations

import asyncio
import base64
from pathlib import Path

import orjson
import pytest

from services.core.settings import Settings
from services.core.topics import ARTICLES_LANG, ARTICLES_RAW, DEADLETTER
from tests.kafka_helpers import produce, read_json, running_worker

pytestmark = [pytest.mark.integration, pytest.mark.slow]

MAX_BYTES = 20_000


def test_articles_are_enriched_and_bad_messages_dead_lettered(
    bootstrap: str, isolated_env: dict[str, str], seed_article: dict, tmp_path: Path
) -> None:
    env = {**isolated_env, "INCIDENT_STREAM_MAX_MESSAGE_BYTES": str(MAX_BYTES)}
    settings = Settings(topic_prefix=env["INCIDENT_STREAM_TOPIC_PREFIX"])
    french = {"url": "https://example.org/fr/1", "title": "Attaque au Mali",
              "text": "Des hommes armés ont attaqué vendredi un camp de l'armée malienne près de Ménaka."}
    bad = [
        (b"not-json", b"{this is not json"),
        (b"no-url", orjson.dumps({"text": "an article without a url"})),
        (b"huge", orjson.dumps({"url": "https://example.org/huge", "text": "x" * (MAX_BYTES + 10)})),
        (b"latin1", b'{"url": "https://example.org/l", "text": "caf\xe9"}'),
    ]
    messages = [(seed_article["id"].encode(), orjson.dumps(seed_article)), *bad, (b"after", orjson.dumps(french))]

    with running_worker(bootstrap, ["worker", "language"], env, tmp_path) as worker:
        asyncio.run(produce(bootstrap, settings.topic(ARTICLES_RAW), messages))
        enriched = read_json(bootstrap, settings.topic(ARTICLES_LANG), expected=2)
        dead = read_json(bootstrap, settings.topic(DEADLETTER), expected=4)
        assert worker.metric("incident_stream_messages_in_total", stage="language") == len(messages)

    by_url = {article["url"]: article for article in enriched}
    assert set(by_url) == {seed_article["url"], french["url"]}
    seed = by_url[seed_article["url"]]
    assert seed["language"]["code"] == "en"
    assert seed["id"] == seed_article["id"]
    assert seed["title"] == seed_article["title"] and seed["text"] == seed_article["text"]
    assert seed["ingest"]["topic"] == settings.topic(ARTICLES_RAW)
    assert by_url[french["url"]]["language"]["code"] == "fr"

    reasons = {record["original_key_b64"]: record for record in dead}
    expected = {b"not-json": "decode", b"no-url": "schema", b"huge": "oversize", b"latin1": "utf8"}
    assert {base64.b64decode(key): record["reason"] for key, record in reasons.items()} == expected
    for key, value in bad:
        record = reasons[base64.b64encode(key).decode()]
        assert base64.b64decode(record["original_value_b64"]) == value
        assert record["stage"] == "language" and record["error_message"]
        assert record["topic"] == settings.topic(ARTICLES_RAW) and record["offset"] >= 0
