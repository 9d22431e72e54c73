"""What producers really send reaches articles.lang through the broker: every publication-time form, URLs
and ids with surrounding whitespace; an unreadable date keeps its article and is counted, not dead-lettered."""

from __future__ import annotations

import asyncio
from pathlib import Path

import orjson
import pytest

from services.core.schemas import validate
from services.core.settings import Settings
from services.core.topics import ARTICLES_LANG, ARTICLES_RAW, DEADLETTER
from tests.kafka_helpers import produce, read_json, read_messages, running_worker

pytestmark = [pytest.mark.integration, pytest.mark.slow]

TEXT = "Gunmen attacked a village near Gao on Friday, killing 12 people, officials said."
# published_at as sent -> (published_at, precision) on articles.lang
FORMS: dict[str, tuple[object, str | None, str | None]] = {
    "rfc3339": ("2018-01-29T10:00:00+01:00", "2018-01-29T10:00:00+01:00", "second"),
    "iso-date": ("2018-01-29", "2018-01-29T00:00:00+00:00", "day"),
    "iso-no-offset": ("2018-01-29T10:00:00", "2018-01-29T10:00:00+00:00", "second"),
    "iso-space-minutes": ("2018-01-29 10:00", "2018-01-29T10:00:00+00:00", "minute"),
    "rss-gmt": ("Mon, 29 Jan 2018 10:00:00 GMT", "2018-01-29T10:00:00+00:00", "second"),
    "rss-offset": ("Mon, 29 Jan 2018 10:00:00 +0100", "2018-01-29T10:00:00+01:00", "second"),
    "epoch-seconds": (1517220000, "2018-01-29T10:00:00+00:00", "second"),
    "epoch-milliseconds": (1517220000000, "2018-01-29T10:00:00+00:00", "second"),
    "epoch-string": ("1517220000", "2018-01-29T10:00:00+00:00", "second"),
    "unreadable": ("jeudi dernier, 25h61", None, None),
    "before-1900": ("1850-01-29", None, None),
}
UNUSABLE = {"unreadable": "unparseable", "before-1900": "before_1900"}


def raw_article(name: str) -> dict[str, object]:
    # Whitespace around url and id as an XML feed delivers them.
    return {"id": f"\n  form-{name} ", "url": f"  https://feed.example/{name}\n", "text": TEXT,
            "published_at": FORMS[name][0]}


def test_every_producer_form_is_enriched_and_nothing_is_dead_lettered(
    bootstrap: str, isolated_env: dict[str, str], tmp_path: Path
) -> None:
    settings = Settings(topic_prefix=isolated_env["INCIDENT_STREAM_TOPIC_PREFIX"])
    messages = [(name.encode(), orjson.dumps(raw_article(name))) for name in FORMS]

    with running_worker(bootstrap, ["worker", "language"], isolated_env, tmp_path) as worker:
        asyncio.run(produce(bootstrap, settings.topic(ARTICLES_RAW), messages))
        enriched = read_json(bootstrap, settings.topic(ARTICLES_LANG), expected=len(FORMS))
        assert worker.metric("incident_stream_messages_processed_total", stage="language", outcome="ok") == len(FORMS)
        dead = asyncio.run(read_messages(bootstrap, settings.topic(DEADLETTER), expected=1, timeout=3))
        warnings = {reason: worker.metric("incident_stream_ingest_warnings_total", stage="language",
                                          field="published_at", reason=reason) for reason in UNUSABLE.values()}
        assert worker.metric("incident_stream_deadletters_total", stage="language") == 0

    assert dead == []
    assert warnings == {"unparseable": 1, "before_1900": 1}
    by_id = {article["id"]: article for article in enriched}
    assert set(by_id) == {f"form-{name}" for name in FORMS}
    for name, (sent, published_at, precision) in FORMS.items():
        article = by_id[f"form-{name}"]
        validate("enriched_article", article)
        assert article["url"] == f"https://feed.example/{name}"
        assert (article["published_at"], article["published_at_precision"]) == (published_at, precision), name
        assert article.get("published_at_raw", sent) == sent, name
        assert article["language"]["code"] == "en"
        expected_warnings = [{"field": "published_at", "reason": UNUSABLE[name]}] if name in UNUSABLE else None
        assert article.get("ingest_warnings") == expected_warnings, name
    assert "published_at_raw" not in by_id["form-rfc3339"]
