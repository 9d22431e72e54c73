"""`incident-stream process`: article files through the in-process pipeline, as records."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from services.core.inprocess import InProcessPipeline, PipelineResult
from services.core.settings import Settings
from services.incidents.merge import MergedIncident
from services.incidents.merge_state import MergeState
from services.ingest.reader import expand_paths, read_article_file

PROCESS_BATCH_SIZE = 64


def batched_results(pipeline: InProcessPipeline, articles: list[dict[str, Any]]) -> Iterator[PipelineResult]:
    """The articles' results in order, run a batch at a time (stages such as spaCy's read a batch faster)."""
    for start in range(0, len(articles), PROCESS_BATCH_SIZE):
        yield from pipeline.run_many(articles[start:start + PROCESS_BATCH_SIZE])


def process_files(paths: list[Path], settings: Settings, emit: str, stage_names: list[str] | None,
                  console: Console) -> Iterator[Mapping[str, Any]]:
    """The records to emit; after the last one, exits the command with status 1 if any article failed, so a
    backfill script cannot take a partial run for a complete one."""
    pipeline = InProcessPipeline(settings, stage_names)
    merged = MergeState.configured(settings) if emit == "incidents" else None
    # The latest state of every incident, as the compacted `incidents` topic keeps it: the merger itself
    # forgets incidents past its retention horizon.
    latest: dict[str, MergedIncident] = {}
    processed = failed = 0
    for path in expand_paths(paths):
        parsed = read_article_file(path)
        for rejection in parsed.rejections:
            console.print(f"[red]rejected[/red] {rejection}")
        for article, result in zip(parsed.articles, batched_results(pipeline, parsed.articles), strict=True):
            if result.failed_stage:
                failed += 1
                console.print(f"[red]{result.failed_stage} failed[/red] on {article['id']}: {result.reason}: {result.error}")
                continue
            processed += 1
            if emit == "articles" and result.article is not None:
                yield result.article
            elif emit == "events":
                yield from result.incident_events
            elif merged is not None:
                for event in result.incident_events:
                    incident, _, _ = merged.add(event)
                    latest[incident["incident_id"]] = incident
    yield from latest.values()
    console.print(f"processed {processed} articles, {failed} failed")
    if failed:
        raise typer.Exit(1)
