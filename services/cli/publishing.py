"""Publishes article files to articles.raw, keyed by article id, and reports what was rejected."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path

from aiokafka import AIOKafkaProducer
from rich.console import Console
from rich.progress import Progress

from services.core.kafka_security import kafka_client_options
from services.core.settings import Settings
from services.core.topics import ARTICLES_RAW
from services.core.wire import encode_message
from services.ingest.reader import Rejection, expand_paths, read_article_file


@dataclass
class PublishSummary:
    published: list[str] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    files: int = 0


def producer_for(bootstrap_servers: str, settings: Settings) -> AIOKafkaProducer:
    return AIOKafkaProducer(bootstrap_servers=bootstrap_servers, acks="all", linger_ms=5,
                            max_request_size=max(settings.max_message_bytes * 2, 1_048_576),
                            client_id="incident-stream-publisher", **kafka_client_options(settings))


async def publish_files(paths: list[Path], settings: Settings, bootstrap_servers: str, console: Console,
                        send_rejected_bytes: bool = False) -> PublishSummary:
    """Publish every valid article; with send_rejected_bytes, also send rejected files' bytes unchanged
    (to exercise the dead-letter path)."""
    summary = PublishSummary()
    files = expand_paths(paths)
    summary.files = len(files)
    topic = settings.topic(ARTICLES_RAW)
    producer = producer_for(bootstrap_servers, settings)
    await producer.start()
    try:
        pending = []
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("publishing", total=len(files))
            for path in files:
                parsed = read_article_file(path)
                for article in parsed.articles:
                    pending.append(await producer.send(topic, encode_message(article), key=article["id"].encode()))
                    summary.published.append(article["id"])
                summary.rejected.extend(parsed.rejections)
                if send_rejected_bytes and parsed.rejections and not parsed.articles and path.exists():
                    pending.append(await producer.send(topic, path.read_bytes(), key=path.name.encode()))
                progress.advance(task)
        await asyncio.gather(*pending)
    finally:
        await producer.stop()
    return summary


def print_summary(summary: PublishSummary, console: Console) -> None:
    console.print(f"published {len(summary.published)} articles from {summary.files} files; "
                  f"rejected {len(summary.rejected)}")
    for rejection in summary.rejected:
        console.print(f"  [red]rejected[/red] {rejection}")
