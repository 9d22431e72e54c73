"""Benchmarks that print numbers (never asserted in tests).

  incident-stream bench [all] [--articles N] [--output PATH]  the end-to-end harness (`make bench`): one table
  incident-stream bench stages                        every stage alone, every worker, scaffolding (printed)
  incident-stream bench stage NAME [--articles N]     a stage function alone (or `merge`): articles/s and RSS
  incident-stream bench worker NAME [--messages N]    a worker through the broker (any stage, or merge): msg/s and RSS
  incident-stream bench scaffolding [--messages N]    worker with an empty stage vs a bare aiokafka loop
  incident-stream bench inputs                        the whole pipeline on adversarial inputs: seconds and outcome each
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from services.benchmarks.adversarial import bench_adversarial_inputs
from services.benchmarks.measure import rss_bytes, seed_articles
from services.benchmarks.passthrough import PASSTHROUGH, passthrough_input
from services.core.admin import ensure_topics
from services.core.broker import free_port, kafka_broker
from services.core.inprocess import InProcessPipeline
from services.core.kafka_security import kafka_client_options
from services.core.pipeline import ARTICLE_STAGES, STAGES_BY_NAME, WORKERS
from services.core.records import EnrichedArticle, IncidentEvent
from services.core.settings import Settings
from services.core.topics import ARTICLES_RAW, INCIDENT_EVENTS
from services.core.warmup import warm_up_stage
from services.core.wire import encode_message

MB = 1024 * 1024


def bench_stage(name: str, articles: int, seeds: Path) -> None:
    """Prepare inputs with the preceding stages, then time `name` alone."""
    settings = Settings()
    rss_before = rss_bytes()
    order = [stage.name for stage in ARTICLE_STAGES]
    preceding = order[: order.index(name)]
    prepare = InProcessPipeline(settings, preceding) if preceding else None
    spec = STAGES_BY_NAME[name]
    build_started = time.perf_counter()
    stage = spec.build(settings)
    build_seconds = time.perf_counter() - build_started
    inputs: list[Mapping[str, Any]] = []
    for article in seed_articles(seeds, min(articles, 50)):
        result = prepare.run(article) if prepare else None
        if result is None:
            inputs.append(article)
        elif result.article is not None and not result.failed_stage:
            inputs.append(result.article)
    inputs = [inputs[i % len(inputs)] for i in range(articles)]
    warm_up_seconds = warm_up_stage(spec, stage, settings)  # what a worker does before it says ready
    copies = [orjson.loads(encode_message(article)) for article in inputs]
    started = time.perf_counter()
    for article in copies:
        stage(article)
    elapsed = time.perf_counter() - started
    chars = sum(len(article["text"]) for article in inputs)
    print(f"stage {name}: {articles} articles in {elapsed:.2f}s = {articles / elapsed:.1f} articles/s "
          f"({chars / elapsed / 1000:.0f} k chars/s) on one core; build {build_seconds:.2f}s, warm-up {warm_up_seconds:.2f}s; "
          f"RSS {rss_bytes() / MB:.0f} MB (process before loading: {rss_before / MB:.0f} MB, "
          f"includes the preceding stages used to prepare inputs: {', '.join(preceding) or 'none'})")


def bench_merger(events: int, seeds: Path) -> None:
    """The merger's logic alone (the worker adds table writes) over the seeds' incident events."""
    settings = Settings()
    pipeline = InProcessPipeline(settings)
    originals = [e for article in seed_articles(seeds, 50) for e in pipeline.run(article).incident_events]
    # Every copy is a new report of the same events: the realistic worst case, where every event merges.
    copies = [{**originals[i % len(originals)], "report_key": f"bench/{i}"} for i in range(events)]
    merge = STAGES_BY_NAME["merge"].build(settings)  # over plain dicts
    started = time.perf_counter()
    for event in copies:
        merge(event)
    elapsed = time.perf_counter() - started
    print(f"stage merge: {events} incident events in {elapsed:.2f}s = {events / elapsed:.0f} events/s on one core; "
          f"RSS {rss_bytes() / MB:.0f} MB (includes the full pipeline used to prepare events)")


def metric_value(port: int, name: str) -> float:
    from prometheus_client.parser import text_string_to_metric_families

    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        text = response.read().decode()
    return sum(sample.value for family in text_string_to_metric_families(text)
               for sample in family.samples if sample.name == name)


async def produce_articles(bootstrap: str, settings: Settings, topic: str, articles: list[dict[str, Any]]) -> None:
    await produce_messages(bootstrap, settings, topic, [(a["id"].encode(), encode_message(a)) for a in articles])


def time_worker(bootstrap: str, module_args: list[str], settings: Settings, count: int) -> tuple[float, float]:
    """Start a worker process on pre-filled input; return (seconds per `count` messages at steady state, RSS MB).

    Timing starts once a tenth of the messages are done, so lazily loaded models are not counted."""
    port = free_port()
    env = {**os.environ, "INCIDENT_STREAM_BOOTSTRAP_SERVERS": bootstrap, "INCIDENT_STREAM_METRICS_PORT": str(port),
           "INCIDENT_STREAM_TOPIC_PREFIX": settings.topic_prefix, "INCIDENT_STREAM_LOG_LEVEL": "WARNING",
           "INCIDENT_STREAM_CONSUMER_GROUP_PREFIX": f"bench-{port}"}
    process = subprocess.Popen([sys.executable, "-m", *module_args], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        first: tuple[float, float] | None = None
        deadline = time.monotonic() + 900
        while time.monotonic() < deadline:
            time.sleep(0.02)
            try:
                done = metric_value(port, "incident_stream_messages_processed_total")
            except OSError:
                continue
            if first is None and done >= count / 10:
                first = (time.monotonic(), done)
            if done >= count and first is not None:
                elapsed = time.monotonic() - first[0]
                return elapsed * count / max(done - first[1], 1), metric_value(port, "process_resident_memory_bytes") / MB
        raise TimeoutError("worker did not finish")
    finally:
        process.terminate()
        process.wait(timeout=30)


async def bare_loop(bootstrap: str, settings: Settings, source: str, sink: str, count: int) -> float:
    """Consume, decode, encode, produce and await each ack, commit: the minimum any worker must do."""
    security = kafka_client_options(settings)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=f"bare-{free_port()}",
                                enable_auto_commit=False, auto_offset_reset="earliest", **security)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", **security)
    await consumer.start()
    await producer.start()
    partitions = consumer.partitions_for_topic(source) or set()
    consumer.assign([TopicPartition(source, p) for p in partitions])
    done, first = 0, None
    try:
        while done < count:
            batch = await consumer.getmany(timeout_ms=1000)
            for records in batch.values():
                for record in records:
                    first = first or time.monotonic()
                    article = orjson.loads(record.value or b"{}")
                    await (await producer.send(sink, orjson.dumps(article), key=record.key))
                    done += 1
            if batch:
                await consumer.commit()
        return time.monotonic() - (first or time.monotonic())
    finally:
        await consumer.stop()
        await producer.stop()


def prepared_inputs(name: str, count: int, seeds: Path) -> tuple[str, list[tuple[bytes, bytes]]]:
    """The input topic of worker `name` and `count` messages for it, made by the preceding stages."""
    articles = seed_articles(seeds, count)
    if name == "language":
        return ARTICLES_RAW, [(a["id"].encode(), encode_message(a)) for a in articles]
    order = [stage.name for stage in ARTICLE_STAGES]
    if name == "merge":
        pipeline = InProcessPipeline(Settings())
        events = [e for a in articles[: min(count, 60)] for e in pipeline.run(a).incident_events]
        reports: list[IncidentEvent] = [{**events[i % len(events)], "report_key": f"bench/{i}"} for i in range(count)]
        return INCIDENT_EVENTS, [(e["incident_id"].encode(), encode_message(e)) for e in reports]
    pipeline = InProcessPipeline(Settings(), order[: order.index(name)])
    prepared = [pipeline.run(a).article for a in articles[: min(count, 60)]]
    ready = [a for a in prepared if a is not None]
    copies: list[EnrichedArticle] = [{**ready[i % len(ready)], "id": f"{ready[i % len(ready)]['id']}-{i}"} for i in range(count)]
    return STAGES_BY_NAME[name].input_topic, [(a["id"].encode(), encode_message(a)) for a in copies]


async def produce_messages(bootstrap: str, settings: Settings, topic: str, messages: list[tuple[bytes, bytes]]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=10, max_request_size=8_000_000,
                                **kafka_client_options(settings))
    await producer.start()
    try:
        await asyncio.gather(*[await producer.send(topic, value, key=key) for key, value in messages])
    finally:
        await producer.stop()


def bench_worker(name: str, messages: int, seeds: Path) -> None:
    """A worker process through the broker on a pre-filled input topic: messages/s and its RSS."""
    topic, inputs = prepared_inputs(name, messages, seeds)
    with kafka_broker(Settings().bootstrap_servers) as bootstrap:
        settings = Settings(topic_prefix=f"bench{free_port()}.")
        asyncio.run(ensure_topics(settings, bootstrap))
        asyncio.run(produce_messages(bootstrap, settings, settings.topic(topic), inputs))
        # A worker running several stages (merge: merge-route, merge) processes each message once per stage.
        processed = messages * len(WORKERS[name])
        seconds, rss = time_worker(bootstrap, ["services.cli.main", "worker", name], settings, processed)
        print(f"worker {name}: {messages} messages in {seconds:.2f}s = {messages / seconds:.1f} msg/s; RSS {rss:.0f} MB")


def scaffolding_rates(bootstrap: str, messages: int, seeds: Path) -> tuple[float, float, float]:
    """(bare aiokafka loop msg/s, worker with an identity stage msg/s, the worker's RSS MB) on one broker."""
    articles = [passthrough_input(article) for article in seed_articles(seeds, messages)]
    worker_settings = Settings(topic_prefix=f"benchw{free_port()}.")
    bare_settings = Settings(topic_prefix=f"benchb{free_port()}.")
    for settings in (worker_settings, bare_settings):
        asyncio.run(ensure_topics(settings, bootstrap))
        asyncio.run(produce_articles(bootstrap, settings, settings.topic(PASSTHROUGH.input_topic), articles))
    seconds, rss = time_worker(bootstrap, ["services.benchmarks.passthrough"], worker_settings, messages)
    bare = asyncio.run(bare_loop(bootstrap, bare_settings, bare_settings.topic(PASSTHROUGH.input_topic),
                                 bare_settings.topic(PASSTHROUGH.output_topic), messages))
    return messages / bare, messages / seconds, rss


def bench_scaffolding(messages: int, seeds: Path) -> None:
    with kafka_broker(Settings().bootstrap_servers) as bootstrap:
        bare, worker, rss = scaffolding_rates(bootstrap, messages, seeds)
    print(f"bare aiokafka loop:           {bare:.0f} msg/s")
    print(f"worker scaffolding, no stage: {worker:.0f} msg/s; RSS {rss:.0f} MB")
    print(f"pass-through ratio (worker / bare): {worker / bare:.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="incident-stream bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", help="stage, worker, scaffolding, inputs or stages (every one of them)")
    parser.add_argument("name", nargs="?", default=None, help="stage name for `stage` and `worker`")
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--seeds", type=Path, default=Path("seeds"))
    args = parser.parse_args(argv)
    if args.what == "stage" and args.name == "merge":
        bench_merger(args.articles, args.seeds)
    elif args.what == "stage":
        bench_stage(args.name or "language", args.articles, args.seeds)
    elif args.what == "worker":
        bench_worker(args.name or "language", args.messages, args.seeds)
    elif args.what == "scaffolding":
        bench_scaffolding(args.messages, args.seeds)
    elif args.what == "inputs":
        bench_adversarial_inputs()
    elif args.what == "stages":
        for stage in ARTICLE_STAGES:
            run = subprocess.run([sys.executable, "-m", "services.cli.main", "bench", "stage", stage.name,
                                  "--articles", str(args.articles), "--seeds", str(args.seeds)], check=False)
            if run.returncode:
                print(f"stage {stage.name}: failed ({run.returncode})")
        bench_merger(args.articles * 10, args.seeds)
        for name in WORKERS:
            bench_worker(name, args.messages if name in ("language", "merge") else args.articles, args.seeds)
        bench_scaffolding(args.messages, args.seeds)
    else:
        parser.error(f"unknown benchmark {args.what!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
