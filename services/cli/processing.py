"""`incident-stream process`: article files through the in-process pipeline, as records."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rich.console import Console

from services.core.inprocess import InProcessPipeline
from services.core.settings import Settings
from services.incidents.merge_state import MergeState
from services.ingest.reader import expand_paths, read_article_file


def process_files(paths: list[Path], settings: Settings, emit: str, stage_names: list[str] | None,
                  console: Console) -> Iterator[dict[str, Any]]:
    pipeline = InProcessPipeline(settings, stage_names)
    merged = MergeState(window_days=settings.merge_window_days) if emit == "incidents" else None
    processed = failed = 0
    for path in expand_paths(paths):
        parsed = read_article_file(path)
        for rejection in parsed.rejections:
            console.print(f"[red]rejected[/red] {rejection}")
        for article in parsed.articles:
            result = pipeline.run(article)
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
                    merged.add(event)
    if merged is not None:
        yield from merged.incidents()
    console.print(f"processed {processed} articles, {failed} failed")
