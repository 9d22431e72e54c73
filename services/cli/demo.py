"""`incident-stream demo`: a broker, every worker, the seeds published, the results printed."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import urllib.request
from collections import defaultdict
from pathlib import Path
from typing import Any

import orjson
from prometheus_client.parser import text_string_to_metric_families
from rich.console import Console
from rich.table import Table

from services.cli.publishing import print_summary, publish_files
from services.cli.tailing import read_topic
from services.core.admin import ensure_topics
from services.core.broker import free_port, kafka_broker
from services.core.pipeline import STAGES
from services.core.settings import Settings
from services.core.topics import ARTICLES_GEO, DEADLETTER, INCIDENTS

CHAIN = [stage.name for stage in STAGES]


def scrape(port: int) -> dict[tuple[str, str], float]:
    """(metric, stage) -> value, summed over other labels."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        text = response.read().decode()
    values: dict[tuple[str, str], float] = defaultdict(float)
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name.startswith("incident_stream_messages_"):
                values[(sample.name, sample.labels.get("stage", ""))] += sample.value
    return values


def settled(values: dict[tuple[str, str], float], published: int) -> bool:
    """Every message published has gone through every stage it reached: nothing in flight."""
    if values[("incident_stream_messages_in_total", CHAIN[0])] < published:
        return False
    for index, stage in enumerate(CHAIN):
        if values[("incident_stream_messages_processed_total", stage)] < values[("incident_stream_messages_in_total", stage)]:
            return False
        if index and values[("incident_stream_messages_in_total", stage)] < values[("incident_stream_messages_out_total", CHAIN[index - 1])]:
            return False
    return True


def wait_until(predicate: Any, timeout: float, what: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the workers exited ({process.returncode}); see {log}:\n{log.read_text()[-3000:]}")
        try:
            if predicate():
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"timed out waiting for {what}; see {log}")


def ready(port: int) -> bool:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as response:
        return bool(response.status == 200)


async def read_all(bootstrap: str, topic: str) -> list[dict[str, Any]]:
    return [orjson.loads(record.value or b"{}") async for record in read_topic(bootstrap, topic, idle_seconds=2.0)]


def latest_by_key(records: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    latest: dict[str, dict[str, Any]] = {}
    for record in records:
        latest[record[key]] = record
    return list(latest.values())


def short(text: str | None, limit: int) -> str:
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def article_table(articles: list[dict[str, Any]]) -> Table:
    table = Table(title="Enriched articles (topic articles.geo)")
    for column in ("id", "lang", "focus", "title", "places (country)", "actors (inter)"):
        table.add_column(column, no_wrap=column in ("id", "lang", "focus"))
    for article in sorted(articles, key=lambda a: a.get("published_at") or ""):
        places = list(dict.fromkeys(f"{loc['name']} ({loc.get('country_code') or '?'})" for loc in article.get("locations", [])))
        actors = list(dict.fromkeys(f"{short(actor['name'], 28)} ({actor['inter']})" for actor in article.get("actors", [])))
        language = article["language"]
        table.add_row(article["id"][:10], f"{language['code']} {language['confidence']:.2f}", article.get("focus_country") or "",
                      short(article.get("title"), 48), short(", ".join(places), 70), short(", ".join(actors), 70))
    return table


def incident_table(incidents: list[dict[str, Any]]) -> Table:
    table = Table(title="Incidents (deduplicated, topic incidents)")
    for column in ("date", "sub-event type", "where (geo precision)", "killed (low-high)", "actor1", "actor2", "main",
                   "articles", "sources"):
        table.add_column(column)
    for incident in sorted(incidents, key=lambda i: i.get("event_date") or ""):
        location = incident.get("location") or {}
        actors = {a["role"]: short(a["name"], 30) for a in incident.get("actors", [])}
        fatalities = incident.get("fatalities") or {}
        killed = "" if fatalities.get("best") is None else f"{fatalities['best']} ({fatalities.get('low')}-{fatalities.get('high')})"
        table.add_row(
            f"{incident.get('event_date')} (p{incident.get('date_precision')})", incident["sub_event_type"],
            f"{location.get('name')}, {location.get('country_code')} (p{location.get('geo_precision')})", killed,
            actors.get("actor1", "-"), actors.get("actor2", "-"), "main" if incident.get("main") else "background",
            str(incident.get("num_articles", 1)), str(incident.get("num_sources", 1)),
        )
    return table


def run_demo(seeds: Path, settings: Settings, console: Console, timeout: float) -> int:
    out = Console(width=max(Console().width, 180))
    data_dir = settings.data_dir
    data_dir.mkdir(parents=True, exist_ok=True)
    log = data_dir / "demo-workers.log"
    with kafka_broker(settings.bootstrap_servers) as bootstrap:
        console.print(f"broker: {bootstrap}")
        asyncio.run(ensure_topics(settings, bootstrap))
        port = free_port()
        env = {**os.environ, "INCIDENT_STREAM_BOOTSTRAP_SERVERS": bootstrap, "INCIDENT_STREAM_METRICS_PORT": str(port),
               "INCIDENT_STREAM_METRICS_HOST": "127.0.0.1"}
        with log.open("wb") as log_file:
            process = subprocess.Popen([sys.executable, "-m", "services.cli.main", "run"], env=env,
                                       stdout=log_file, stderr=subprocess.STDOUT)
        try:
            console.print(f"starting every worker in one process (log: {log}, metrics: http://127.0.0.1:{port}/metrics)")
            wait_until(lambda: ready(port), timeout, "the workers to be ready", process, log)
            summary = asyncio.run(publish_files([seeds], settings, bootstrap, console, send_rejected_bytes=True))
            print_summary(summary, console)
            published = len(summary.published) + len([r for r in summary.rejected if r.item is None])
            wait_until(lambda: settled(scrape(port), published), timeout, "the pipeline to settle", process, log)
            values = scrape(port)
            articles = latest_by_key(asyncio.run(read_all(bootstrap, settings.topic(ARTICLES_GEO))), "id")
            dead = asyncio.run(read_all(bootstrap, settings.topic(DEADLETTER)))
            incidents = latest_by_key(asyncio.run(read_all(bootstrap, settings.topic(INCIDENTS))), "incident_id")
        finally:
            process.terminate()
            process.wait(timeout=30)
    out.print(article_table(articles))
    for record in dead:
        out.print(f"[yellow]dead letter[/yellow] stage={record['stage']} reason={record['reason']}: {record['error_message'][:120]}")
    out.print(incident_table(incidents))
    received = int(values[("incident_stream_messages_in_total", CHAIN[0])])
    enrichment_stages = {stage.name for stage in STAGES if stage.enriches_articles}
    dead_articles = [record for record in dead if record["stage"] in enrichment_stages]
    unaccounted = received - len(articles) - len(dead_articles)
    malformed = published - len(summary.published)
    out.print(f"articles published {published} ({len(summary.published)} valid, {malformed} malformed files sent as-is), "
              f"enriched {len(articles)}, dead-lettered {len(dead_articles)}, unaccounted {unaccounted}; "
              f"incidents {len(incidents)}")
    return 0 if unaccounted == 0 and received == published else 1
